import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpPostError, keepAliveAgent, postJson } from '@shopgraph/subgraph';

/** A stand-in server: echoes what it received, answers by path. */
let server: Server;
let base: string;
let last: { method?: string; headers: IncomingHttpHeaders; body: string } | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      last = { method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (req.url === '/hang') return;
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"data":');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (req.url === '/gzip') {
        res.setHeader('content-type', 'application/json');
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync(JSON.stringify({ data: { zipped: true } })));
        return;
      }
      if (req.url === '/broken') {
        res.statusCode = 502;
        res.setHeader('content-type', 'text/plain');
        res.end('bad gateway');
        return;
      }
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'private, max-age=5');
      res.end(JSON.stringify({ data: { echo: last.body } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('postJson', () => {
  it('posts the body with its length and headers and reads a JSON answer', async () => {
    const body = JSON.stringify({ query: '{ é }' });
    const response = await postJson(`${base}/graphql`, body, { headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' }, agent: keepAliveAgent() });
    expect(last).toMatchObject({ method: 'POST', body, headers: { 'content-type': 'application/json', 'x-request-id': 'r-1', 'content-length': String(Buffer.byteLength(body)) } });
    expect(response).toMatchObject({ ok: true, status: 200, url: `${base}/graphql` });
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('private, max-age=5');
    expect(response.headers.get('x-missing')).toBeNull();
    expect(await response.json()).toEqual({ data: { echo: body } });
    await expect(response.text()).rejects.toThrow(/body used already/);
  });

  it('decompresses a gzip answer', async () => {
    const response = await postJson(`${base}/gzip`, '{}', { headers: {} });
    expect(await response.json()).toEqual({ data: { zipped: true } });
  });

  it('returns a non-2xx answer as a response, not an error', async () => {
    const response = await postJson(`${base}/broken`, '{}', { headers: {} });
    expect(response).toMatchObject({ ok: false, status: 502, statusText: 'Bad Gateway' });
    expect(await response.text()).toBe('bad gateway');
  });

  it('fails like node-fetch when nothing listens', async () => {
    const error = await postJson('http://127.0.0.1:1/graphql', '{}', { headers: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpPostError);
    expect(error).toMatchObject({ name: 'FetchError', type: 'system', code: 'ECONNREFUSED' });
    expect((error as Error).message).toMatch(/^request to http:\/\/127\.0\.0\.1:1\/graphql failed, reason: .*ECONNREFUSED/);
  });

  it('gives up after its timeout', async () => {
    const started = Date.now();
    await expect(postJson(`${base}/hang`, '{}', { headers: {}, timeoutMs: 150 })).rejects.toMatchObject({ type: 'request-timeout', message: `network timeout at: ${base}/hang` });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails when the connection closes before the whole answer arrived', async () => {
    await expect(postJson(`${base}/cut`, '{}', { headers: {} })).rejects.toMatchObject({ name: 'FetchError', type: 'system', code: 'ECONNRESET' });
  });
});
