import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';
import { currentRequestId } from '@shopgraph/observability';

/** A statement one of the subgraphs' databases ran, as statement counters see it. */
export interface CountedStatement {
  /** The PostgreSQL schema of the subgraph that ran it. */
  schema: string;
  /** The prepared statement's name (`order.cart-lock-open`); null for the ORM's own statements. */
  name: string | null;
  text: string;
  /** The values it ran with (the ORM's own statements carry theirs inlined or not at all). */
  values: readonly unknown[];
  /** The request it ran for; null for background work (sweeps, jobs on their own timers). */
  requestId: string | null;
}

/** Counts the statements run in this process while it is active (cost tests). */
export interface StatementCounter {
  /** What ran since the start or the last reset, oldest first; transaction control (BEGIN, COMMIT…) only when asked for. */
  readonly statements: readonly CountedStatement[];
  /** Executions per statement name since the start or the last reset (ORM statements under `orm`). */
  byName(): Record<string, number>;
  /** Forgets what was counted so far. */
  reset(): void;
  /** Stops counting. */
  stop(): void;
}

const counters = new Set<(statement: CountedStatement) => void>();
const CONTROL = /^\s*(begin|commit|rollback|savepoint|release savepoint|start transaction)\b/i;

/**
 * Starts counting every statement run in this process by the prepared-statement helper and by
 * the ORM, optionally only those of one subgraph's schema, and transaction control only with
 * `control`. Costs nothing while no counter runs.
 */
export function countStatements(options: { schema?: string; control?: boolean } = {}): StatementCounter {
  const statements: CountedStatement[] = [];
  const listener = (s: CountedStatement) => {
    if ((options.schema === undefined || s.schema === options.schema) && (options.control || !CONTROL.test(s.text))) statements.push(s);
  };
  counters.add(listener);
  return {
    statements,
    byName() {
      const counts: Record<string, number> = {};
      for (const s of statements) counts[s.name ?? 'orm'] = (counts[s.name ?? 'orm'] ?? 0) + 1;
      return counts;
    },
    reset: () => void statements.splice(0),
    stop: () => void counters.delete(listener),
  };
}

/** The key under which a prepared statement's name travels in a query log context. */
export const STATEMENT_NAME = 'statementName';

/**
 * The ORM's logger for one schema: MikroORM's default one, which also hands every statement it
 * is told of (the ORM's, and the prepared-statement helper's) to the running statement counters,
 * whether or not query logging is on.
 */
export class QueryLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly schema: string,
  ) {
    super(options);
  }

  override logQuery(context: { query: string } & LogContext): void {
    if (counters.size && context.level !== 'error') {
      const statement: CountedStatement = {
        schema: this.schema,
        name: (context[STATEMENT_NAME] as string | undefined) ?? null,
        text: context.query,
        values: context.params ?? [],
        requestId: currentRequestId() ?? null,
      };
      for (const count of counters) count(statement);
    }
    super.logQuery(context);
  }
}
