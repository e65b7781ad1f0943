import { CredentialError } from '@shopgraph/errors';
import { ANONYMOUS, type Identity } from './identity.js';
import { type TokenVerifier, serviceTokenMatches } from './tokens.js';

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
export async function identify(headers: IdentityHeaders, verifier: TokenVerifier, serviceToken: string): Promise<Identity> {
  if (headers.serviceToken !== undefined) {
    if (!serviceTokenMatches(headers.serviceToken, serviceToken)) {
      throw new CredentialError('Invalid service credential', 'TOKEN_INVALID');
    }
    return { kind: 'service', service: headers.serviceName ?? 'unknown' };
  }
  return identityFromAuthorization(headers.authorization, verifier);
}

/** Reads a Bearer `Authorization` header: none is anonymous, a bad one throws a `CredentialError` (401). */
export async function identityFromAuthorization(authorization: string | undefined, verifier: TokenVerifier): Promise<Identity> {
  if (!authorization) return ANONYMOUS;
  const [, scheme = '', token = ''] = /^(\S*)\s*(.*)$/s.exec(authorization.trim())!;
  if (scheme.toLowerCase() !== 'bearer') throw new CredentialError('Authorization must be a Bearer token', 'UNSUPPORTED_SCHEME');
  if (!token) throw new CredentialError('Bearer token is missing', 'TOKEN_INVALID');
  return verifier.verify(token);
}
