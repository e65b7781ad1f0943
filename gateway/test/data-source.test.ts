import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForwardingDataSource } from '../src/data-source.js';

/** A stand-in subgraph counting the TCP connections it receives. */
let server: Server;
let url: string;
let connections = 0;
let lastHeaders: Record<string, string | string[] | undefined> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    lastHeaders = req.headers;
    req.on('end', () => {
      if (req.url === '/down') {
        res.statusCode = 503;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ message: 'maintenance' }));
        return;
      }
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
    const options = { kind: 'health check', request: { query: '{ __typename }' }, context: {} } as unknown as Parameters<
      ForwardingDataSource['process']
    >[0];
    const call = () => source.process(options);
    const before = connections;
    for (let i = 0; i < 20; i++) expect((await call()).data).toEqual({ __typename: 'Query' });
    // undici may open a second socket while the first is being released; never one per call.
    expect(connections - before).toBeLessThanOrEqual(2);
  });

  it('forwards the caller credential, request id and client address, and nothing else of the client', async () => {
    const source = new ForwardingDataSource({ url });
    const http = { method: 'POST', url, headers: new Headers({ 'x-service-token': 'from-client', 'x-client-ip': '6.6.6.6' }) };
    const options = {
      kind: 'health check',
      request: { query: '{ __typename }', http },
      context: { authorization: 'Bearer abc', requestId: 'req-7', clientIp: '10.1.2.3' },
    } as unknown as Parameters<ForwardingDataSource['process']>[0];
    expect((await source.process(options)).data).toEqual({ __typename: 'Query' });
    expect(lastHeaders).toMatchObject({
      authorization: 'Bearer abc',
      'x-request-id': 'req-7',
      'x-client-ip': '10.1.2.3',
      'content-type': 'application/json',
    });
  });

  it("turns a non-2xx subgraph answer into the same GraphQL error as Apollo's fetcher", async () => {
    const source = new ForwardingDataSource({ url: url.replace('/graphql', '/down') });
    const options = { kind: 'health check', request: { query: '{ __typename }' }, context: {} } as unknown as Parameters<
      ForwardingDataSource['process']
    >[0];
    await expect(source.process(options)).rejects.toMatchObject({
      message: '503: Service Unavailable',
      extensions: { response: { status: 503, statusText: 'Service Unavailable', body: { message: 'maintenance' } } },
    });
  });
});
