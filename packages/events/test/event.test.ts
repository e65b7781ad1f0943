import { describe, expect, it } from '@jest/globals';
import { createEnvelope, defineEvent, eventTablesSql, isEvent } from '../src/index.js';

describe('typed events', () => {
  const ReviewCreated = defineEvent<{ reviewId: string; rating: number }>('review.created', 2);

  it('builds envelopes with a fresh id and recognises their kind and version', () => {
    const a = createEnvelope(ReviewCreated, { producer: 'review', aggregateId: 'r-1', payload: { reviewId: 'r-1', rating: 5 } });
    const b = createEnvelope(ReviewCreated, { producer: 'review', aggregateId: 'r-1', payload: { reviewId: 'r-1', rating: 4 } });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ name: 'review.created', version: 2, producer: 'review', aggregateId: 'r-1' });
    expect(a).not.toHaveProperty('requestId');
    expect(isEvent(a, ReviewCreated)).toBe(true);
    expect(isEvent(a, defineEvent('review.created', 1))).toBe(false);
  });

  it('rejects names and versions that cannot travel as queue names', () => {
    expect(() => defineEvent('order placed', 1)).toThrow('Invalid event name');
    expect(() => defineEvent('order.placed', 0)).toThrow('Invalid event version');
  });

  it('refuses a schema name that would inject SQL', () => {
    expect(() => eventTablesSql('shop"; drop table x; --')).toThrow('Invalid schema name');
    expect(eventTablesSql('order')).toContain('"order"."outbox"');
  });
});
