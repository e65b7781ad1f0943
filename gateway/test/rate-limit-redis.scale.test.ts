import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Identity } from '@shopgraph/auth';
import { EdgeRateLimiter } from '../src/edge/rate-limit.js';

/** The Redis of the development and CI machines (scripts/scale-test.mjs checks it answers). */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const settings = { rateLimitPerCustomer: 100, rateLimitPerIp: 5, rateLimitWindowSeconds: 60, rateLimitRedisUrl: REDIS_URL };

/** Two gateway instances' limiters sharing Redis, under a key prefix of this run alone. */
const prefix = `shopgraph:scale-test:${randomUUID()}`;
const gateways = [new EdgeRateLimiter(settings, { redisKeyPrefix: prefix }), new EdgeRateLimiter(settings, { redisKeyPrefix: prefix })];
afterAll(() => gateways.forEach((g) => g.close()));

describe('rate limits shared through Redis by two gateway instances', () => {
  it("refuses one customer's 101st request in a minute whichever instance it reaches", async () => {
    await Promise.all(gateways.map((g) => g.shared()));
    const alice: Identity = { kind: 'customer', customerId: randomUUID() };
    for (let i = 1; i <= 100; i++) {
      const decision = await gateways[i % 2]!.consume(alice, '192.0.2.1');
      // Both instances draw on one budget: what is left counts the requests either of them let through.
      expect({ i, allowed: decision!.allowed, remaining: decision!.remaining }).toEqual({ i, allowed: true, remaining: 100 - i });
    }
    for (const gateway of gateways) expect(await gateway.consume(alice, '192.0.2.1')).toMatchObject({ allowed: false, remaining: 0 });
    const bob: Identity = { kind: 'customer', customerId: randomUUID() };
    expect(await gateways[0]!.consume(bob, '192.0.2.1')).toMatchObject({ allowed: true, remaining: 99 });
  });

  it('shares the per-IP budget of anonymous callers the same way', async () => {
    await Promise.all(gateways.map((g) => g.shared()));
    // A client address of this run alone (the key is opaque to the limiter).
    const ip = `scale-test-${randomUUID()}`;
    const allowed = [];
    for (let i = 0; i < 6; i++) allowed.push((await gateways[i % 2]!.consume({ kind: 'anonymous' }, ip))!.allowed);
    expect(allowed).toEqual([true, true, true, true, true, false]);
  });
});
