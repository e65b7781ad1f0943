/**
 * The last lines a process wrote, kept so that a failure can be explained where it is reported
 * rather than somewhere up in the scrollback.
 */
export class LogTail {
  private readonly kept: string[] = [];
  private partial = '';

  constructor(
    private readonly limit = 10,
    private readonly maxLineLength = 300,
  ) {}

  /** Adds a chunk of output; a line may span several chunks. */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.keep(line);
    // A process that never ends its line must not grow the buffer without bound.
    if (this.partial.length > this.maxLineLength * 4) {
      this.keep(this.partial);
      this.partial = '';
    }
  }

  /** The kept lines, oldest first, including an unfinished last line. */
  lines(): string[] {
    const last = this.partial.trim();
    return last ? [...this.kept, this.shorten(last)].slice(-this.limit) : [...this.kept];
  }

  /** Forgets everything (a restarted process starts a fresh tail). */
  clear(): void {
    this.kept.length = 0;
    this.partial = '';
  }

  private keep(line: string): void {
    const trimmed = line.trimEnd();
    if (!trimmed) return;
    this.kept.push(this.shorten(trimmed));
    if (this.kept.length > this.limit) this.kept.shift();
  }

  private shorten(line: string): string {
    return line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
  }
}

/** Indented sections of a process's last stderr and stdout lines, or '' when it wrote nothing. */
export function formatTails(name: string, tails: { stderr: LogTail; stdout: LogTail }): string {
  const section = (label: string, lines: string[]) =>
    lines.length ? `\n  last ${label} lines of ${name}:\n${lines.map((l) => `    | ${l}`).join('\n')}` : '';
  return section('stderr', tails.stderr.lines()) + section('stdout', tails.stdout.lines());
}
