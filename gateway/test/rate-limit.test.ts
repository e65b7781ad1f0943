import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { Identity } from '@shopgraph/auth';
import { freePort } from '@shopgraph/db';
import { createLogger } from '@shopgraph/observability';
import { edgeSettings, gatewayEnv } from '../src/config.js';
import { EdgeRateLimiter } from '../src/edge/rate-limit.js';

const alice: Identity = { kind: 'customer', customerId: 'alice' };
const bob: Identity = { kind: 'customer', customerId: 'bob' };
const settings = { rateLimitPerCustomer: 100, rateLimitPerIp: 5, rateLimitWindowSeconds: 60 };

/** Sends `n` requests of `identity` and returns whether each was allowed. */
async function send(limiter: EdgeRateLimiter, identity: Identity, n: number, ip = '192.0.2.1'): Promise<boolean[]> {
  const allowed: boolean[] = [];
  for (let i = 0; i < n; i++) allowed.push((await limiter.consume(identity, ip))!.allowed);
  return allowed;
}

/** A logger whose JSON lines are kept, and a wait for the first line whose message contains `text`. */
function capturedLogger() {
  const lines: { level: number; msg: string }[] = [];
  const waiters: { text: string; resolve: (line: { level: number; msg: string }) => void }[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const raw of chunk.toString('utf8').trim().split('\n')) {
      const line = JSON.parse(raw) as { level: number; msg: string };
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (line.msg.includes(waiter.text)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  const logged = (text: string) =>
    new Promise<{ level: number; msg: string }>((resolve) => {
      const seen = lines.find((l) => l.msg.includes(text));
      if (seen) resolve(seen);
      else waiters.push({ text, resolve });
    });
  return { logger: createLogger('gateway', 'info', stream), lines, logged };
}

describe('edge rate limits', () => {
  it('count in memory by default: the 101st request of a customer within the window is refused, another customer is not', async () => {
    const limiter = new EdgeRateLimiter(settings);
    expect(await send(limiter, alice, 100)).toEqual(Array(100).fill(true));
    const refused = await limiter.consume(alice, '192.0.2.9');
    expect(refused).toMatchObject({ allowed: false, limit: 100, remaining: 0 });
    expect(refused!.resetSeconds).toBeGreaterThan(0);
    expect(refused!.resetSeconds).toBeLessThanOrEqual(60);
    expect(await limiter.consume(bob, '192.0.2.1')).toMatchObject({ allowed: true, remaining: 99 });
    limiter.close();
  });

  it('limit anonymous callers and guests per client IP, and not at all with a budget of 0', async () => {
    const limiter = new EdgeRateLimiter(settings);
    expect(await send(limiter, { kind: 'anonymous' }, 4, '203.0.113.7')).toEqual(Array(4).fill(true));
    expect(await send(limiter, { kind: 'guest', guestId: 'g1' }, 2, '203.0.113.7')).toEqual([true, false]);
    expect(await send(limiter, { kind: 'anonymous' }, 1, '203.0.113.8')).toEqual([true]);
    const unlimited = new EdgeRateLimiter({ ...settings, rateLimitPerCustomer: 0, rateLimitPerIp: 0 });
    expect(await unlimited.consume(alice, '192.0.2.1')).toBeUndefined();
  });

  it('fall back to memory, and say so, when the configured Redis cannot be reached', async () => {
    // A port nothing listens on: every connection attempt is refused.
    const url = `redis://127.0.0.1:${await freePort()}`;
    const { logger, lines, logged } = capturedLogger();
    const limiter = new EdgeRateLimiter({ ...settings, rateLimitRedisUrl: url }, { logger, redisKeyPrefix: 'unreachable' });
    try {
      expect(await send(limiter, alice, 100)).toEqual(Array(100).fill(true));
      expect(await limiter.consume(alice, '192.0.2.1')).toMatchObject({ allowed: false, remaining: 0 });
      const warning = await logged("counted in this gateway's memory");
      expect(warning.level).toBe(40);
      // The connection's own failure is reported too: once, not per reconnection attempt.
      expect((await logged('Redis connection failed')).level).toBe(40);
      expect(lines.filter((l) => l.msg.includes('Redis connection failed'))).toHaveLength(1);
    } finally {
      limiter.close();
    }
  });

  it('read REDIS_URL from the environment; unset, budgets stay in memory', () => {
    expect(edgeSettings(gatewayEnv.parse({ REDIS_URL: 'redis://cache:6379' })).rateLimitRedisUrl).toBe('redis://cache:6379');
    expect(edgeSettings(gatewayEnv.parse({})).rateLimitRedisUrl).toBeUndefined();
  });
});
