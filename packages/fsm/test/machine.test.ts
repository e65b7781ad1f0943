import { describe, expect, it } from '@jest/globals';
import { UserErrorCode } from '@shopgraph/errors';
import { TransitionError, defineMachine } from '@shopgraph/fsm';

type Status = 'DRAFT' | 'LIVE' | 'PAUSED' | 'CLOSED';
type Actor = 'owner' | 'admin';
interface Ctx {
  items: number;
}

/** A small lifecycle with every kind of rule: open moves, actor lists, a guard, a terminal status. */
const machine = defineMachine<Status, Actor, Ctx>(
  {
    DRAFT: [{ to: 'LIVE', guard: (ctx) => (ctx.items > 0 ? null : 'Nothing to sell yet') }, { to: 'CLOSED' }],
    LIVE: [
      { to: 'PAUSED', by: ['owner', 'admin'] },
      { to: 'CLOSED', by: ['admin'] },
    ],
    // Two moves to one target: the owner only while empty, an admin always.
    PAUSED: [
      { to: 'LIVE', by: ['owner'], guard: (ctx) => (ctx.items === 0 ? null : 'Only an empty listing resumes by its owner') },
      { to: 'LIVE', by: ['admin'] },
    ],
    CLOSED: [],
  },
  { name: 'listing' },
);

const some: Ctx = { items: 3 };
const none: Ctx = { items: 0 };

describe('defineMachine', () => {
  it.each([
    ['allowed by the table, no rules', 'DRAFT', 'CLOSED', undefined, none, null],
    ['allowed: guard passes', 'DRAFT', 'LIVE', undefined, some, null],
    ['allowed: listed actor', 'LIVE', 'PAUSED', 'owner', none, null],
    ['allowed: second move to the same target', 'PAUSED', 'LIVE', 'admin', some, null],
    ['refused by the table', 'LIVE', 'DRAFT', 'admin', some, 'The listing is LIVE: it cannot become DRAFT'],
    ['refused by the table: staying put is not listed', 'LIVE', 'LIVE', 'admin', some, 'The listing is LIVE: it cannot become LIVE'],
    ['refused by the table: terminal', 'CLOSED', 'DRAFT', 'admin', some, 'The listing is CLOSED: it cannot become DRAFT'],
    ['refused by actor', 'LIVE', 'CLOSED', 'owner', some, 'The listing is LIVE: only admin may make it CLOSED'],
    ['refused by actor: none given', 'LIVE', 'PAUSED', undefined, some, 'The listing is LIVE: only owner or admin may make it PAUSED'],
    ['refused by guard, with its reason', 'DRAFT', 'LIVE', undefined, none, 'Nothing to sell yet'],
    ['refused: first refusal of two moves', 'PAUSED', 'LIVE', 'owner', some, 'Only an empty listing resumes by its owner'],
  ] as const)('%s: %s → %s', (_case, from, to, actor, ctx, reason) => {
    expect(machine.refusal(from, to, actor, ctx)).toBe(reason);
    expect(machine.can(from, to, actor, ctx)).toBe(reason === null);
    if (reason === null) expect(() => machine.assert(from, to, actor, ctx)).not.toThrow();
  });

  it('assert throws a TransitionError carrying INVALID_STATUS_TRANSITION and the reason', () => {
    let thrown: unknown;
    try {
      machine.assert('DRAFT', 'LIVE', undefined, none);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TransitionError);
    const error = thrown as TransitionError;
    expect(error).toMatchObject({ code: UserErrorCode.INVALID_STATUS_TRANSITION, from: 'DRAFT', to: 'LIVE' });
    expect(error.message).toBe('Nothing to sell yet');
    expect(error.extensions).toEqual({ code: 'INVALID_STATUS_TRANSITION' });
    const payloadError = error.toUserError(['input', 'status']);
    expect(payloadError).toEqual({ code: 'INVALID_STATUS_TRANSITION', message: 'Nothing to sell yet', field: ['input', 'status'] });
  });

  it('lists the next statuses once each, whoever asks, and knows the terminal ones', () => {
    expect(machine.next('DRAFT')).toEqual(['LIVE', 'CLOSED']);
    expect(machine.next('PAUSED')).toEqual(['LIVE']);
    expect(machine.next('CLOSED')).toEqual([]);
    expect((['DRAFT', 'LIVE', 'PAUSED', 'CLOSED'] as const).filter((s) => machine.isTerminal(s))).toEqual(['CLOSED']);
  });

  it('needs no actor or context for a plain table, and words reasons with a default name', () => {
    const plain = defineMachine<'A' | 'B'>({ A: [{ to: 'B' }], B: [] });
    expect(plain.can('A', 'B')).toBe(true);
    expect(plain.refusal('B', 'A')).toBe('The status is B: it cannot become A');
  });
});
