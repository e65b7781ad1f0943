import { type Agent, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * A network failure of `postJson`, worded and shaped as node-fetch's `FetchError` (which callers
 * and their logs already know): `request to <url> failed, reason: …`, `network timeout at: <url>`.
 */
export class HttpPostError extends Error {
  readonly code?: string;
  readonly errno?: string;
  constructor(
    message: string,
    readonly type: 'system' | 'request-timeout',
    cause?: NodeJS.ErrnoException,
  ) {
    super(message);
    this.name = 'FetchError';
    if (cause?.code) {
      this.code = cause.code;
      this.errno = cause.code;
    }
  }
}

/** The read-only header view of a response, case-insensitive like the Fetch API's `Headers`. */
export class ResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : String(value);
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
  }

  *keys(): IterableIterator<string> {
    yield* Object.keys(this.raw);
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.entries()) callback(value, name);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A buffered HTTP response with the parts of the Fetch API `Response` that GraphQL clients use. */
export class PostResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly headers: ResponseHeaders;
  private used = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new ResponseHeaders(headers);
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  private consume(): Buffer {
    if (this.used) throw new TypeError(`body used already for: ${this.url}`);
    this.used = true;
    return this.body;
  }

  async text(): Promise<string> {
    return this.consume().toString('utf8');
  }

  async json(): Promise<unknown> {
    const text = this.consume().toString('utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new HttpPostError(`invalid json response body at ${this.url} reason: ${(error as Error).message}`, 'system');
    }
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.consume();
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  }

  clone(): PostResponse {
    if (this.used) throw new TypeError('cannot clone body after it is used');
    return new PostResponse(this.url, this.status, this.statusText, Object.fromEntries(this.headers.entries()), this.body);
  }
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      return body;
  }
}

/** Options of one `postJson` call. */
export interface PostOptions {
  headers: Record<string, string>;
  agent?: Agent;
  /** Milliseconds before the whole exchange is abandoned (0 or unset: no limit). */
  timeoutMs?: number;
}

/**
 * POSTs `body` (JSON text) over `node:http` and buffers the answer. Subgraph calls are small
 * JSON exchanges over keep-alive connections: this does only that, at a fraction of the CPU of
 * node-fetch (no `Request`/`Headers`/stream objects per call) and of undici's global fetch.
 * Redirects are not followed (a subgraph never redirects; a 3xx is returned as is).
 */
export function postJson(url: string | URL, body: string, options: PostOptions): Promise<PostResponse> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const href = target.href;
  const payload = Buffer.from(body, 'utf8');
  const headers: Record<string, string | number> = { accept: '*/*', 'accept-encoding': 'gzip,deflate', ...options.headers, 'content-length': payload.length };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResponse>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      reject(error);
    };
    const req = send(
      target,
      { method: 'POST', headers, ...(options.agent ? { agent: options.agent } : {}) },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error: NodeJS.ErrnoException) => fail(new HttpPostError(`request to ${href} failed, reason: ${error.message}`, 'system', error)));
        // The connection closed before the whole body arrived.
        res.on('close', () => {
          if (!res.complete) fail(new HttpPostError(`request to ${href} failed, reason: aborted`, 'system', Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        });
        res.on('end', () => {
          if (settled) return;
          let raw: Buffer;
          try {
            raw = decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), res.headers['content-encoding']);
          } catch (error) {
            fail(new HttpPostError(`request to ${href} failed, reason: ${(error as Error).message}`, 'system', error as NodeJS.ErrnoException));
            return;
          }
          settled = true;
          if (timer) clearTimeout(timer);
          resolve(new PostResponse(href, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, raw));
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => fail(new HttpPostError(`request to ${href} failed, reason: ${error.message}`, 'system', error)));
    if (options.timeoutMs) {
      timer = setTimeout(() => {
        fail(new HttpPostError(`network timeout at: ${href}`, 'request-timeout'));
        req.destroy();
      }, options.timeoutMs);
    }
    req.end(payload);
  });
}
