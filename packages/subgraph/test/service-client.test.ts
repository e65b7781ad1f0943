import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withRequestId } from '@shopgraph/observability';
import { REQUEST_ID_HEADER, SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER, ServiceCallError, ServiceClient } from '@shopgraph/subgraph';

/** A stand-in subgraph that records the TCP connections and requests it receives. */
let server: Server;
let url: string;
let connections = 0;
const received: { headers: IncomingHttpHeaders; body: { query: string; variables: Record<string, unknown> } }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]['body'];
      received.push({ headers: req.headers, body });
      if (body.query.includes('hang')) return; // never answers
      if (body.query.includes('proxy')) {
        res.statusCode = 502;
        res.setHeader('content-type', 'text/html');
        res.end('<html>bad gateway</html>');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          body.query.includes('fail')
            ? { errors: [{ message: 'nope', extensions: { code: 'FORBIDDEN' } }] }
            : { data: { echo: body.variables } },
        ),
      );
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

describe('ServiceClient', () => {
  it('sends the service credential, caller and request id, and returns data (bigints as strings)', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order');
    const data = await withRequestId('req-42', () => client.request<{ echo: unknown }>('query Q($n: String) { x }', { n: 7n }));
    expect(data).toEqual({ echo: { n: '7' } });
    const last = received.at(-1)!;
    expect(last.headers[SERVICE_TOKEN_HEADER]).toBe('secret-token');
    expect(last.headers[SERVICE_NAME_HEADER]).toBe('order');
    expect(last.headers[REQUEST_ID_HEADER]).toBe('req-42');
  });

  it('turns GraphQL errors into a ServiceCallError', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order');
    await expect(client.request('query { fail }')).rejects.toBeInstanceOf(ServiceCallError);
  });

  it('reports an answer that is not GraphQL (a proxy error page) by its status', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order');
    const error = await client.request('query { proxy }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceCallError);
    expect((error as ServiceCallError).message).toBe('catalog: HTTP 502 without data');
  });

  it('fails a call to a subgraph that is not listening', async () => {
    const client = new ServiceClient('catalog', 'http://127.0.0.1:1/graphql', 'secret-token', 'order');
    await expect(client.request('query { a }')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives up on a subgraph that does not answer within its timeout', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order', 200);
    await expect(client.request('query { hang }')).rejects.toThrow(/timeout/i);
  });

  it('reuses one keep-alive connection for successive calls instead of a new TCP connection per call', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order');
    await client.request('query { a }');
    const before = connections;
    for (let i = 0; i < 5; i++) await client.request('query { a }', { i });
    expect(connections).toBe(before);
  });
});
