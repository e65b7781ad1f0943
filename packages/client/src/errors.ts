/** One GraphQL error as the API sends it (`extensions.code` is one of API.md's codes). */
export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; retryAfterSeconds?: number; [key: string]: unknown };
}

/**
 * A request the API refused or could not answer: GraphQL errors (`code` from the first one's
 * `extensions.code`, e.g. `UNAUTHENTICATED`, `FORBIDDEN`, `RATE_LIMITED`), or an HTTP failure.
 * Business outcomes are not errors: they come back as `userErrors` in the data.
 */
export class ShopgraphError extends Error {
  override readonly name = 'ShopgraphError';
  /** The first error's `extensions.code`, or `HTTP_<status>` / `NETWORK_ERROR` when there is no GraphQL answer. */
  readonly code: string;
  /** `extensions.reason` of an `UNAUTHENTICATED` answer: `TOKEN_EXPIRED`, `TOKEN_INVALID` or `UNSUPPORTED_SCHEME`. */
  readonly reason: string | undefined;

  constructor(
    message: string,
    readonly errors: readonly GraphQLErrorShape[] = [],
    /** HTTP status of the answer; 0 when none came (network failure, WebSocket). */
    readonly status = 0,
    code?: string,
  ) {
    super(message);
    this.code = code ?? errors[0]?.extensions?.code ?? (status ? `HTTP_${status}` : 'NETWORK_ERROR');
    this.reason = errors[0]?.extensions?.reason;
  }
}

/** True for the answer that a refreshed access token can fix (401 `UNAUTHENTICATED`, reason `TOKEN_EXPIRED`). */
export function isTokenExpired(status: number, errors: readonly GraphQLErrorShape[] | undefined): boolean {
  return status === 401 && (errors ?? []).some((e) => e.extensions?.code === 'UNAUTHENTICATED' && e.extensions.reason === 'TOKEN_EXPIRED');
}
