import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '@shopgraph/errors';
import type { Logger } from '@shopgraph/observability';
import { ServiceCallError } from './service-client.js';

/** What a client is told about input PostgreSQL refused, by SQLSTATE; never the database's own words. */
const INPUT_REFUSALS: Record<string, string> = {
  '22001': 'A value is too long',
  '22003': 'A number is out of range',
  '22007': 'A date or time is malformed',
  '22008': 'A date or time is out of range',
  '22021': 'A value contains characters that cannot be stored',
  '22P02': 'A value is malformed',
  '23502': 'A required value is missing',
  '23503': 'A referenced record does not exist',
  '23505': 'A record with this value already exists',
  '23514': 'A value is not allowed',
};

/** The SQLSTATE of a database error (pg's `DatabaseError`, or MikroORM's `DriverException` copying it). */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The client-facing message of an error caused by the request's input, or undefined. Data
 * exceptions (class 22) and integrity violations (class 23) are input that slipped past validation;
 * another subgraph refusing an internal call's input with BAD_USER_INPUT refuses the caller's.
 */
export function inputRefusal(error: unknown): string | undefined {
  const state = sqlState(error);
  if (state && (state.startsWith('22') || state.startsWith('23'))) return INPUT_REFUSALS[state] ?? 'A value is not valid';
  if (error instanceof ServiceCallError) {
    const refused = error.errors.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
    if (refused) return refused.message;
  }
  return undefined;
}

/**
 * Formats every error a client sees, in every mode: our coded errors pass; input that PostgreSQL
 * or another subgraph refused becomes `BAD_USER_INPUT` without the database's message; anything
 * else is logged and masked as `INTERNAL_SERVER_ERROR` without internals (no message, no stack).
 * Every mode masks alike: a development stack trace is in the log line, never in the answer.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (original instanceof AppError) return formatted;
    const refusal = inputRefusal(original);
    const path = formatted.path ? { path: formatted.path } : {};
    if (refusal) {
      logger.warn({ err: original, path: formatted.path }, 'input refused late');
      return { message: refusal, ...path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && sqlState(original) === undefined) return formatted;
    logger.error({ err: original, path: formatted.path }, 'unhandled resolver error');
    return { message: 'Internal server error', ...path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
