import { createRemoteJWKSet } from 'jose';
import { TokenVerifier } from '@shopgraph/auth';
import type { KeySource } from '../config.js';

/**
 * The access-token verifier of the gateway. With a JWKS source, keys are fetched from the customer
 * subgraph and cached; a token whose `kid` is not in the cached set triggers a refetch (at most
 * once per cooldown), so a rotated signing key is picked up without a restart.
 */
export function tokenVerifier(source: KeySource, issuer: string): TokenVerifier {
  if (source.kind === 'static') return new TokenVerifier(source.publicKey, issuer);
  const keySet = createRemoteJWKSet(new URL(source.url), {
    cacheMaxAge: source.cacheMaxAgeSeconds * 1000,
    cooldownDuration: source.cooldownSeconds * 1000,
    timeoutDuration: 5000,
  });
  return new TokenVerifier(keySet, issuer);
}
