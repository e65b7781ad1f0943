import { readFileSync, readdirSync } from 'node:fs';

/** CPU seconds used so far, per group of processes (Linux `/proc`; empty elsewhere). */
export type CpuSnapshot = Map<string, number>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux Node supports

function processCpu(pid: number | string): { comm: string; parent: number; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { comm, parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/**
 * Snapshot of the CPU time of the stack's services (by name), of the PostgreSQL server this
 * process started (`postgres`: the embedded postmaster and its backends, per process; nothing when
 * the stack uses an external `DATABASE_URL`, whose server other work shares) and of this process,
 * which drives the load (`driver`).
 */
export function cpuSnapshot(services: Record<string, number>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  if (process.platform !== 'linux') return snapshot;
  const add = (group: string, seconds: number) => snapshot.set(group, (snapshot.get(group) ?? 0) + seconds);
  for (const [name, pid] of Object.entries(services)) {
    const cpu = processCpu(pid);
    if (cpu) add(name, cpu.seconds);
  }
  // Per backend, so a connection closed during the run does not subtract its whole life's CPU.
  const postgres = new Map<string, { parent: number; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = processCpu(entry);
    if (cpu?.comm === 'postgres') postgres.set(entry, cpu);
  }
  const postmasters = new Set([...postgres].filter(([, p]) => p.parent === process.pid).map(([pid]) => Number(pid)));
  for (const [pid, p] of postgres) if (postmasters.has(Number(pid)) || postmasters.has(p.parent)) add(`postgres:${pid}`, p.seconds);
  const self = processCpu(process.pid);
  if (self) add('driver', self.seconds);
  return snapshot;
}

/** CPU milliseconds per request in each group between two snapshots, plus their `total`. */
export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (requests === 0 || after.size === 0) return out;
  const used = new Map<string, number>();
  for (const [key, seconds] of after) {
    const group = key.startsWith('postgres:') ? 'postgres' : key;
    used.set(group, (used.get(group) ?? 0) + Math.max(0, seconds - (before.get(key) ?? 0)));
  }
  let total = 0;
  for (const [group, seconds] of used) {
    const ms = (seconds * 1000) / requests;
    out[group] = Math.round(ms * 100) / 100;
    total += ms;
  }
  out.total = Math.round(total * 100) / 100;
  return out;
}

/**
 * Waits until the stack is quiet: the services and their database together use less than
 * `cores` of CPU over half a second (e.g. the outbox relay has drained what the last scenario
 * produced), at most `timeoutMs`; returns how long it waited. Each scenario then starts from a steady state, not from the
 * previous one's backlog.
 */
export async function untilQuiet(services: Record<string, number>, cores = 0.25, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let before = cpuSnapshot(services);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = cpuSnapshot(services);
    const used = [...after].reduce(
      (sum, [key, seconds]) => (key === 'driver' ? sum : sum + Math.max(0, seconds - (before.get(key) ?? 0))),
      0,
    );
    if (used / 0.5 < cores) return Date.now() - started;
    before = after;
  }
  return Date.now() - started;
}
