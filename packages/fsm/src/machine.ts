import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';

/** One allowed move out of a status. */
export interface Transition<S extends string, A extends string = string, Ctx = unknown> {
  to: S;
  /** Who may make the move; anyone when absent. */
  by?: readonly A[];
  /** Rules beyond the two statuses: the reason the move is refused in `ctx`, or null to allow it. */
  guard?: (ctx: Ctx) => string | null;
}

/** A lifecycle as data: from each status, the moves allowed out of it (none: a terminal status). */
export type TransitionTable<S extends string, A extends string = string, Ctx = unknown> = {
  readonly [from in S]: readonly Transition<S, A, Ctx>[];
};

/**
 * Who asks for a move and what its guards read. A machine whose guards read a context takes it on
 * every call, so a guard is never skipped by forgetting it.
 */
export type MoveArgs<A extends string, Ctx> = unknown extends Ctx ? [actor?: A, ctx?: Ctx] : [actor: A | undefined, ctx: Ctx];

/** A move refused by a state machine; carries `INVALID_STATUS_TRANSITION` and the reason. */
export class TransitionError extends Error {
  readonly code = UserErrorCode.INVALID_STATUS_TRANSITION;
  /** Read by GraphQL when the error escapes a resolver, so the client still sees the code. */
  readonly extensions = { code: UserErrorCode.INVALID_STATUS_TRANSITION };

  constructor(
    readonly from: string,
    readonly to: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TransitionError';
  }

  /** The refusal as a payload error, for mutations that return `userErrors`. */
  toUserError(field?: string[]): UserError {
    return userError(this.code, this.reason, field);
  }
}

/** A status table with the one implementation of its checks. */
export interface Machine<S extends string, A extends string = string, Ctx = unknown> {
  readonly table: TransitionTable<S, A, Ctx>;
  /** Why `from → to` is refused for this actor and context, or null when it is allowed. */
  refusal(from: S, to: S, ...args: MoveArgs<A, Ctx>): string | null;
  /** Whether `from → to` is allowed for this actor and context. */
  can(from: S, to: S, ...args: MoveArgs<A, Ctx>): boolean;
  /** Throws a `TransitionError` (INVALID_STATUS_TRANSITION) with the reason unless `from → to` is allowed. */
  assert(from: S, to: S, ...args: MoveArgs<A, Ctx>): void;
  /** The statuses the table leads to from `from`, whoever asks and whatever the guards say. */
  next(from: S): S[];
  /** Whether nothing leads out of `status`. */
  isTerminal(status: S): boolean;
}

/**
 * Builds a machine over a status table. `name` words the reasons ("The order is SHIPPED: it cannot
 * become PENDING"). Staying in the same status is a move like any other: allowed only if listed.
 * Several moves may share a target (say, one per actor with its own guard): the first that allows
 * the move wins, else the reason of the first refusal is given.
 */
export function defineMachine<S extends string, A extends string = string, Ctx = unknown>(
  table: TransitionTable<S, A, Ctx>,
  options: { name?: string } = {},
): Machine<S, A, Ctx> {
  const name = options.name ?? 'status';
  const refusal = (from: S, to: S, ...[actor, ctx]: MoveArgs<A, Ctx>): string | null => {
    const moves = table[from].filter((t) => t.to === to);
    if (moves.length === 0) return `The ${name} is ${from}: it cannot become ${to}`;
    let first: string | null = null;
    for (const move of moves) {
      const reason =
        move.by && (actor === undefined || !move.by.includes(actor))
          ? `The ${name} is ${from}: only ${move.by.join(' or ')} may make it ${to}`
          : (move.guard?.(ctx as Ctx) ?? null);
      if (reason === null) return null;
      first ??= reason;
    }
    return first;
  };
  return {
    table,
    refusal,
    can: (from, to, ...args) => refusal(from, to, ...args) === null,
    assert(from, to, ...args) {
      const reason = refusal(from, to, ...args);
      if (reason !== null) throw new TransitionError(from, to, reason);
    },
    next: (from) => [...new Set(table[from].map((t) => t.to))],
    isTerminal: (status) => table[status].length === 0,
  };
}
