import { UnauthenticatedError } from '@shopgraph/errors';
import { ANONYMOUS, type Identity } from './identity.js';
import { type TokenVerifier, serviceTokenMatches } from './tokens.js';

/** Header carrying the shared service credential between subgraphs; the gateway never forwards it. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';
/** Header naming the calling service (for logs). */
export const SERVICE_NAME_HEADER = 'x-service-name';

/** What a request's identity is read from. */
export interface IdentityHeaders {
  authorization?: string | undefined;
  serviceToken?: string | undefined;
  serviceName?: string | undefined;
}

/**
 * Resolves a request's identity: a valid service token makes it a service call, a bearer token is
 * verified, no credential is anonymous. An invalid credential throws `UNAUTHENTICATED` rather than
 * silently downgrading to anonymous.
 */
export async function identify(
  headers: IdentityHeaders,
  verifier: TokenVerifier,
  serviceToken: string,
): Promise<Identity> {
  if (headers.serviceToken !== undefined) {
    if (!serviceTokenMatches(headers.serviceToken, serviceToken)) {
      throw new UnauthenticatedError('Invalid service credential');
    }
    return { kind: 'service', service: headers.serviceName ?? 'unknown' };
  }
  return identityFromAuthorization(headers.authorization, verifier);
}

/** Reads a Bearer `Authorization` header: none is anonymous, a bad one throws `UNAUTHENTICATED`. */
export async function identityFromAuthorization(authorization: string | undefined, verifier: TokenVerifier): Promise<Identity> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  if (!match) throw new UnauthenticatedError('Authorization must be a Bearer token');
  return verifier.verify(match[1]!);
}
