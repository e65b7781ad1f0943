import { createServer } from 'node:net';
import { StartError } from './start-error.js';

/** A port a process of the stack is about to listen on, and the setting that moves it. */
export interface PortNeed {
  owner: string;
  port: number;
  host: string;
  movedBy: string;
}

/** A port that cannot be used, and why. */
export interface PortProblem extends PortNeed {
  reason: string;
}

/** Tries to listen where the process will: only that tells whether it could (any address family, any owner). */
function probe(need: PortNeed): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? 'in use' : (error.code ?? error.message)));
    server.listen({ port: need.port, host: need.host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** The ports of `needs` that are taken, or that two processes of the stack would both need. */
export async function findPortProblems(needs: PortNeed[]): Promise<PortProblem[]> {
  const problems: PortProblem[] = [];
  const firstOwner = new Map<number, string>();
  for (const need of needs) {
    const other = firstOwner.get(need.port);
    if (other) problems.push({ ...need, reason: `also needed by ${other}` });
    else firstOwner.set(need.port, need.owner);
  }
  const reasons = await Promise.all(needs.map(probe));
  needs.forEach((need, i) => {
    const reason = reasons[i];
    if (reason && !problems.some((p) => p.port === need.port)) problems.push({ ...need, reason });
  });
  return problems;
}

/** Throws `StartError('PORT_TAKEN')` naming every unusable port and the setting that moves it. */
export async function assertPortsFree(needs: PortNeed[]): Promise<void> {
  const problems = await findPortProblems(needs);
  if (problems.length === 0) return;
  const width = Math.max(...problems.map((p) => p.owner.length));
  const lines = problems.map((p) => `  ${p.owner.padEnd(width)}  port ${p.port} on ${p.host}: ${p.reason}; move it with ${p.movedBy}`);
  throw new StartError(
    'PORT_TAKEN',
    `${problems.length === 1 ? 'a port' : `${problems.length} ports`} the stack needs ${problems.length === 1 ? 'is' : 'are'} not free:\n${lines.join('\n')}\n` +
      '  (another shopgraph, perhaps from another folder? `ss -ltnp` shows who listens)',
  );
}
