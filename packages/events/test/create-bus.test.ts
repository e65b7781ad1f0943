import { describe, expect, it } from '@jest/globals';
import { createEventBus, NatsJetStreamBus, PgBossBus, ProcessBus } from '../src/index.js';

/** Issue 21: EVENT_TRANSPORT picks the event bus; jobs stay on pg-boss. Nothing here connects. */
describe('createEventBus', () => {
  const databaseUrl = 'postgres://postgres@127.0.0.1:5432/none';

  it('carries events and jobs on one pg-boss bus by default', () => {
    const buses = createEventBus({}, { databaseUrl });
    expect(buses).toBeInstanceOf(ProcessBus);
    expect(buses.jobs).toBeInstanceOf(PgBossBus);
    expect(buses.events).toBe(buses.jobs);
    expect(createEventBus({ EVENT_TRANSPORT: 'pg-boss', NATS_URL: 'nats://127.0.0.1:4222' }, { databaseUrl }).events).toBeInstanceOf(
      PgBossBus,
    );
  });

  it('carries events on NATS JetStream and jobs on pg-boss with EVENT_TRANSPORT=nats', () => {
    const buses = createEventBus({ EVENT_TRANSPORT: 'nats', NATS_URL: 'nats://127.0.0.1:4222' }, { databaseUrl });
    expect(buses.events).toBeInstanceOf(NatsJetStreamBus);
    expect(buses.jobs).toBeInstanceOf(PgBossBus);
  });

  it('refuses EVENT_TRANSPORT=nats without NATS_URL', () => {
    expect(() => createEventBus({ EVENT_TRANSPORT: 'nats' }, { databaseUrl })).toThrow('EVENT_TRANSPORT=nats needs NATS_URL');
  });
});

describe('NatsJetStreamBus naming', () => {
  it('spreads aggregates over the partitions the same way in every process', () => {
    const partitions = Array.from({ length: 1000 }, (_, n) => NatsJetStreamBus.partitionOf(`order-${n}`, 16));
    expect(new Set(partitions).size).toBe(16);
    expect(partitions.every((p) => Number.isInteger(p) && p >= 0 && p < 16)).toBe(true);
    // FNV-1a of "a" is 0xe40c292c.
    expect(NatsJetStreamBus.partitionOf('a', 16)).toBe(0xe40c292c % 16);
  });

  it('turns consumer names into distinct subject tokens', () => {
    expect(NatsJetStreamBus.consumerToken('billing')).toBe('billing');
    expect(NatsJetStreamBus.consumerToken('review.request-on-delivery')).toBe('review_2erequest-on-delivery');
    expect(NatsJetStreamBus.consumerToken('a.b')).not.toBe(NatsJetStreamBus.consumerToken('a_b'));
    expect(NatsJetStreamBus.consumerToken('a b*>')).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
