import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { withRequestId } from '@shopgraph/observability';
import {
  REQUEST_ID_HEADER,
  SERVICE_NAME_HEADER,
  SERVICE_TOKEN_HEADER,
  ServiceCallError,
  ServiceClient,
  ServiceUnavailableError,
} from '@shopgraph/subgraph';

/** A stand-in subgraph that records the TCP connections and requests it receives. */
let server: Server;
let url: string;
let connections = 0;
const received: { headers: IncomingHttpHeaders; body: { query: string; variables: Record<string, unknown> } }[] = [];
/** Requests still to be answered 503 (a load balancer with no healthy server behind it). */
let unavailableFor = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]['body'];
      received.push({ headers: req.headers, body });
      if (body.query.includes('hang')) return; // never answers
      if (unavailableFor > 0 || body.query.includes('proxy')) {
        unavailableFor = Math.max(0, unavailableFor - 1);
        res.statusCode = body.query.includes('proxy') ? 502 : 503;
        res.setHeader('content-type', 'text/html');
        res.end('<html>no healthy upstream</html>');
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

beforeEach(() => {
  received.length = 0;
  unavailableFor = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Quick retries, so that tests do not wait on the default backoff. */
const fast = { retryDelayMs: 1 };
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

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

  it('turns GraphQL errors into a ServiceCallError: an answer, so never retried and never held against the service', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order', { ...fast, breakAfter: 2 });
    for (let i = 0; i < 4; i++) {
      const error = await rejection(client.request('query { fail }'));
      expect(error).toBeInstanceOf(ServiceCallError);
      expect(error).not.toBeInstanceOf(ServiceUnavailableError);
    }
    expect(received).toHaveLength(4);
    expect(client.circuit).toBe('closed');
  });

  it('reports a proxy error page by its status and the service, after retrying the read', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order', fast);
    const error = await rejection(client.request('query { proxy }'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).message).toBe('catalog: unavailable: HTTP 502 without data');
    expect(received).toHaveLength(3); // the first attempt and two retries
  });

  it('names the service and the reason when it is not listening', async () => {
    const client = new ServiceClient('inventory', 'http://127.0.0.1:1/graphql', 'secret-token', 'order', fast);
    const error = (await rejection(client.request('query { a }'))) as ServiceUnavailableError;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.service).toBe('inventory');
    expect(error.message).toMatch(/^inventory: unavailable: .*ECONNREFUSED/);
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives up on a service that does not answer within the time budget, without trying again', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order', { ...fast, timeoutMs: 200 });
    const error = await rejection(client.request('query { hang }'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toBe('catalog: unavailable: no answer within 200 ms');
    expect(received).toHaveLength(1);
  });

  it('retries a read the service refused, with backoff, and returns the answer once it comes', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order', fast);
    unavailableFor = 2;
    expect(await client.request('query Q { a }', { n: 1 })).toEqual({ echo: { n: 1 } });
    expect(received).toHaveLength(3);
  });

  it('sends a mutation once: its caller retries it with its idempotency key', async () => {
    const client = new ServiceClient('inventory', url, 'secret-token', 'order', fast);
    unavailableFor = 1;
    expect(await rejection(client.request('mutation Reserve { reserveStock }'))).toBeInstanceOf(ServiceUnavailableError);
    expect(received).toHaveLength(1);
    expect(await client.request('mutation Reserve { reserveStock }', { n: 2 })).toEqual({ echo: { n: 2 } });
  });

  it('opens the circuit after repeated failures: calls then fail at once, without reaching the service', async () => {
    const client = new ServiceClient('promotion', url, 'secret-token', 'order', { ...fast, breakAfter: 3, halfOpenAfterMs: 60_000 });
    unavailableFor = 100;
    // One read: its attempt and two retries fail, which opens the circuit.
    expect(await rejection(client.request('query { a }'))).toBeInstanceOf(ServiceUnavailableError);
    expect(received).toHaveLength(3);
    expect(client.circuit).toBe('open');
    unavailableFor = 0;
    for (const operation of ['query { a }', 'mutation { b }']) {
      const error = await rejection(client.request(operation));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as Error).message).toBe('promotion: unavailable: circuit open after repeated failures');
    }
    expect(received).toHaveLength(3);
  });

  it('lets one probe through once the circuit half-opens: it closes on success and opens again on failure', async () => {
    // Half-opens at the first call after opening, so the test need not wait for a clock.
    const client = new ServiceClient('customer', url, 'secret-token', 'order', {
      ...fast,
      breakAfter: 2,
      halfOpenAfterMs: 0,
      readRetries: 0,
    });
    unavailableFor = 3;
    for (let i = 0; i < 2; i++) await rejection(client.request('query { a }'));
    expect(client.circuit).toBe('open');
    // The probe fails: open again.
    expect(await rejection(client.request('query { a }'))).toBeInstanceOf(ServiceUnavailableError);
    expect(client.circuit).toBe('open');
    // The service is back: the next probe succeeds and closes the circuit.
    expect(await client.request('query { a }', { n: 3 })).toEqual({ echo: { n: 3 } });
    expect(client.circuit).toBe('closed');
    expect(received).toHaveLength(4);
  });

  it('reuses one keep-alive connection for successive calls instead of a new TCP connection per call', async () => {
    const client = new ServiceClient('catalog', url, 'secret-token', 'order');
    await client.request('query { a }');
    const before = connections;
    for (let i = 0; i < 5; i++) await client.request('query { a }', { i });
    expect(connections).toBe(before);
  });
});
