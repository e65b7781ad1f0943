/** `npm start`: the whole supergraph with demo data on one machine, supervised; Ctrl-C stops everything. */
import { DEMO_CUSTOMER, DEMO_OWNER } from '@shopgraph/demo-data';
import { startLocalStack } from './processes.js';
import { StartError, describeFailure } from './supervisor/start-error.js';

const interrupt = new AbortController();
const stopRequested = new Promise<void>((resolve) => interrupt.signal.addEventListener('abort', () => resolve(), { once: true }));
process.once('SIGINT', () => interrupt.abort());
process.once('SIGTERM', () => interrupt.abort());

async function main(): Promise<number> {
  const stack = await startLocalStack({ signal: interrupt.signal });
  console.log(`
  shopgraph is running
  Gateway (GraphQL, IDE in the browser):  ${stack.gatewayUrl}
  Subscriptions (graphql-ws):             ${stack.gatewayUrl.replace('http', 'ws')}
  Storefront:                             ${stack.gatewayUrl.replace(/\/graphql$/, '/')}
  Demo customer:                          ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}
  Shop owner (staffLogin):                ${process.env.STAFF_OWNER_EMAIL ? `${process.env.STAFF_OWNER_EMAIL} (STAFF_OWNER_EMAIL)` : `${DEMO_OWNER.email} / ${DEMO_OWNER.password}`}
  A process that exits is restarted; Ctrl-C stops everything.
`);
  const outcome = await Promise.race([stack.finished, stopRequested.then(() => ({ ok: true }) as const)]);
  // A supervisor that gave up has said why, and has stopped every process already.
  if (outcome.ok) console.error('stopping…');
  await stack.stop();
  return outcome.ok ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  const interrupted = error instanceof StartError && error.code === 'INTERRUPTED';
  console.error(interrupted ? 'shopgraph stopped before it was ready.' : `shopgraph did not start: ${describeFailure(error)}`);
  process.exitCode = 1;
}
// Connection pools and the embedded database's exit hook would otherwise keep the process alive.
process.exit();
