import { createPublicKey, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { SignJWT, errors as joseErrors, exportJWK, importPKCS8, importSPKI, jwtVerify, type JWK, type JWTVerifyGetKey, type CryptoKey } from 'jose';
import { UnauthenticatedError } from '@shopgraph/errors';
import type { Identity } from './identity.js';

const ALG = 'ES256';

/** PEM-encoded ES256 key pair used to sign access tokens. */
export interface KeyPairPem {
  privateKey: string;
  publicKey: string;
}

/** Generates a fresh ES256 key pair (development and tests; production passes keys in). */
export function generateKeyPairPem(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Derives the public key PEM of a private key PEM. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

/** Claims of a shopgraph access token. */
interface AccessClaims {
  role: 'guest' | 'customer' | 'admin';
  email?: string;
}

/** Signs short-lived access tokens. */
export class TokenSigner {
  private key?: CryptoKey;
  constructor(
    private readonly privateKeyPem: string,
    private readonly issuer: string,
  ) {}

  /** Signs an access token for `subject` with `role`, valid `ttlSeconds`. */
  async sign(subject: string, claims: AccessClaims, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
    this.key ??= await importPKCS8(this.privateKeyPem, ALG);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALG, kid: 'shopgraph-1', typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.key);
    return { token, expiresAt: new Date((now + ttlSeconds) * 1000) };
  }
}

/**
 * Verifies access tokens and turns them into an `Identity`. The key is a PEM public key, or a
 * key resolver such as jose's `createRemoteJWKSet` (the gateway verifies against the JWKS).
 */
export class TokenVerifier {
  private key?: CryptoKey;
  constructor(
    private readonly publicKey: string | JWTVerifyGetKey,
    private readonly issuer: string,
  ) {}

  /** The public key as a JWKS document, for `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    if (typeof this.publicKey !== 'string') throw new Error('A verifier built on a key resolver has no key of its own to publish');
    const jwk = await exportJWK(await importSPKI(this.publicKey, ALG, { extractable: true }));
    return { keys: [{ ...jwk, alg: ALG, use: 'sig', kid: 'shopgraph-1' }] };
  }

  /** Verifies a compact JWT; throws `UNAUTHENTICATED` for expired, tampered or foreign tokens. */
  async verify(token: string): Promise<Identity> {
    if (typeof this.publicKey === 'string') this.key ??= await importSPKI(this.publicKey, ALG);
    try {
      const options = { issuer: this.issuer, algorithms: [ALG] };
      const { payload } = this.key ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.publicKey as JWTVerifyGetKey, options);
      const sub = payload.sub;
      if (!sub) throw new UnauthenticatedError('Token has no subject');
      switch (payload.role) {
        case 'guest':
          return { kind: 'guest', guestId: sub };
        case 'customer':
          return typeof payload.email === 'string'
            ? { kind: 'customer', customerId: sub, email: payload.email }
            : { kind: 'customer', customerId: sub };
        case 'admin':
          return { kind: 'admin', adminId: sub };
        default:
          throw new UnauthenticatedError('Token has an unknown role');
      }
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Token expired');
      // The key set could not be fetched: the server's fault, not the caller's credential.
      const keySetFailure = error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError);
      if (!this.key && keySetFailure) throw error;
      throw new UnauthenticatedError('Invalid token');
    }
  }
}

/** Compares a presented service token with the expected one in constant time. */
export function serviceTokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
