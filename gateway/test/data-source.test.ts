import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForwardingDataSource } from '../src/data-source.js';

/** A stand-in subgraph counting the TCP connections it receives. */
let server: Server;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { __typename: 'Query' } }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ForwardingDataSource', () => {
  it('calls a subgraph over one keep-alive connection, not a new TCP connection per call', async () => {
    const source = new ForwardingDataSource({ url });
    // GraphQLDataSourceRequestKind.HEALTH_CHECK (the enum is not exported by @apollo/gateway).
    const options = { kind: 'health check', request: { query: '{ __typename }' }, context: {} } as unknown as Parameters<ForwardingDataSource['process']>[0];
    const call = () => source.process(options);
    expect((await call()).data).toEqual({ __typename: 'Query' });
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await call()).data).toEqual({ __typename: 'Query' });
    expect(connections).toBe(before);
  });
});
