/** `npm start`: the whole supergraph with demo data on one machine; Ctrl-C stops everything. */
import { DEMO_CUSTOMER } from '@shopgraph/demo-data';
import { startLocalStack } from './processes.js';

const stack = await startLocalStack();
console.log(`
  shopgraph is running
  Gateway (GraphQL, IDE in the browser):  ${stack.gatewayUrl}
  Subscriptions (graphql-ws):             ${stack.gatewayUrl.replace('http', 'ws')}
  Demo customer:                          ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}
  Press Ctrl-C to stop.
`);
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
