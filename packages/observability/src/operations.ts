import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';

/** Where the project's public operations live: `schema/operations` at the repository root. */
export const DEFAULT_OPERATIONS_DIR = fileURLToPath(new URL('../../../schema/operations/', import.meta.url));

/** The names of the operations in every `.graphql` file of `dir` (none if the folder is missing). */
export function readOperationNames(dir: string = DEFAULT_OPERATIONS_DIR): Set<string> {
  const names = new Set<string>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.graphql'));
  } catch {
    return names;
  }
  for (const file of files) {
    for (const definition of parse(readFileSync(`${dir}/${file}`, 'utf8')).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

/** The label for operations nobody declared: any client may choose any name, so one value holds them all. */
export const OTHER_OPERATION = 'other';

/**
 * Turns the operation name a request carries into a metric label drawn from a closed set: a name of
 * `schema/operations` (also inside the gateway's subgraph fetch names, `<name>__<subgraph>__<n>`),
 * a name the project's own services use (trusted callers only), `anonymous`, or `other`.
 */
export class OperationLabels {
  private readonly known: ReadonlySet<string>;

  constructor(known: Iterable<string> = readOperationNames()) {
    this.known = new Set(known);
  }

  /** How many names are known. */
  get size(): number {
    return this.known.size;
  }

  /** The label of `name`; `trusted` callers (services holding the service token) keep their own names. */
  label(name: string | null | undefined, trusted = false): string {
    if (!name) return 'anonymous';
    const clientName = name.replace(/__[A-Za-z0-9_]+__\d+$/, '');
    if (this.known.has(clientName)) return clientName;
    if (trusted && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) return `internal:${name}`;
    return OTHER_OPERATION;
  }
}

/** A code fit for a label (the project's codes are UPPER_SNAKE); anything else is `OTHER`. */
export function codeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,47}$/.test(code) ? code : 'OTHER';
}

/**
 * The codes of every `userErrors` entry in a response's data (payloads sit at most a few levels
 * down: `data.addCartItem.userErrors`, `data.a.b.userErrors`).
 */
export function userErrorCodes(data: unknown, depth = 0): string[] {
  if (!data || typeof data !== 'object' || depth > 4) return [];
  if (Array.isArray(data)) return data.flatMap((item) => userErrorCodes(item, depth + 1));
  const codes: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'userErrors' && Array.isArray(value)) {
      for (const entry of value) codes.push(codeLabel((entry as { code?: unknown } | null)?.code));
    } else if (value && typeof value === 'object') codes.push(...userErrorCodes(value, depth + 1));
  }
  return codes;
}
