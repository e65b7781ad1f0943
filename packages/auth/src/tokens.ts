import { createPublicKey, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import {
  SignJWT,
  errors as joseErrors,
  exportJWK,
  importPKCS8,
  importSPKI,
  jwtVerify,
  type JWK,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import { CredentialError } from '@shopgraph/errors';
import type { Identity } from './identity.js';
import { isStaffRole, type StaffRole } from './permissions.js';

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
export type AccessClaims = { role: 'guest' } | { role: 'customer'; email?: string } | { role: 'staff'; staffRole: StaffRole };

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

/** Options of a `TokenVerifier`'s cache of verified tokens. */
export interface TokenVerifierOptions {
  /** Most verified tokens remembered (least recently used go first); 0 turns the cache off. Default 10 000. */
  cacheSize?: number;
  /**
   * Longest a verification is reused, in milliseconds, whatever the token's `exp` (default 60 s):
   * a key withdrawn from a key set stops being honoured from the cache within this time.
   */
  cacheMaxAgeMs?: number;
  /** The clock, in epoch milliseconds (tests). */
  now?: () => number;
}

/** A successful verification, reusable until `validUntilMs`. */
interface VerifiedToken {
  identity: Identity;
  validUntilMs: number;
}

/**
 * Verifies access tokens and turns them into an `Identity`. The key is a PEM public key, or a
 * key resolver such as jose's `createRemoteJWKSet` (the gateway verifies against the JWKS).
 *
 * A request crosses the gateway and several subgraphs with the same bearer token, and a shopper
 * sends many requests with one token: each process remembers the tokens it has verified (keyed by
 * the whole compact token, signature included), bounded in number, until the token's `exp` or
 * `cacheMaxAgeMs`, whichever comes first. Failed verifications are never remembered.
 */
export class TokenVerifier {
  private key?: CryptoKey;
  private readonly verified = new Map<string, VerifiedToken>();
  private readonly cacheSize: number;
  private readonly cacheMaxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly publicKey: string | JWTVerifyGetKey,
    private readonly issuer: string,
    options: TokenVerifierOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 10_000;
    this.cacheMaxAgeMs = options.cacheMaxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The public key as a JWKS document, for `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    if (typeof this.publicKey !== 'string') throw new Error('A verifier built on a key resolver has no key of its own to publish');
    const jwk = await exportJWK(await importSPKI(this.publicKey, ALG, { extractable: true }));
    return { keys: [{ ...jwk, alg: ALG, use: 'sig', kid: 'shopgraph-1' }] };
  }

  /** Verifies a compact JWT; throws `UNAUTHENTICATED` for expired, tampered or foreign tokens. */
  async verify(token: string): Promise<Identity> {
    const nowMs = this.now();
    const cached = this.verified.get(token);
    if (cached) {
      this.verified.delete(token);
      if (nowMs < cached.validUntilMs) {
        // Most recently used last: the oldest entry is the first one evicted.
        this.verified.set(token, cached);
        return { ...cached.identity };
      }
    }
    const { identity, exp } = await this.verifyWithKey(token, nowMs);
    if (this.cacheSize > 0) {
      // jose accepts a token while `exp` (whole seconds) is after the current second.
      const validUntilMs = Math.min(nowMs + this.cacheMaxAgeMs, typeof exp === 'number' ? exp * 1000 : Infinity);
      if (validUntilMs > nowMs) {
        if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { identity: { ...identity }, validUntilMs });
      }
    }
    return identity;
  }

  private async verifyWithKey(token: string, nowMs: number): Promise<{ identity: Identity; exp: number | undefined }> {
    if (typeof this.publicKey === 'string') this.key ??= await importSPKI(this.publicKey, ALG);
    try {
      const options = { issuer: this.issuer, algorithms: [ALG], currentDate: new Date(nowMs) };
      const { payload } = this.key
        ? await jwtVerify(token, this.key, options)
        : await jwtVerify(token, this.publicKey as JWTVerifyGetKey, options);
      const sub = payload.sub;
      if (!sub) throw new CredentialError('Token has no subject', 'TOKEN_INVALID');
      const identity = ((): Identity => {
        switch (payload.role) {
          case 'guest':
            return { kind: 'guest', guestId: sub };
          case 'customer':
            return typeof payload.email === 'string'
              ? { kind: 'customer', customerId: sub, email: payload.email }
              : { kind: 'customer', customerId: sub };
          case 'staff':
            if (!isStaffRole(payload.staffRole)) throw new CredentialError('Token has an unknown staff role', 'TOKEN_INVALID');
            return { kind: 'staff', staffId: sub, role: payload.staffRole };
          default:
            throw new CredentialError('Token has an unknown role', 'TOKEN_INVALID');
        }
      })();
      return { identity, exp: payload.exp };
    } catch (error) {
      if (error instanceof CredentialError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new CredentialError('Token expired', 'TOKEN_EXPIRED');
      // The key set could not be fetched: the server's fault, not the caller's credential.
      const keySetFailure =
        error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError);
      if (!this.key && keySetFailure) throw error;
      throw new CredentialError('Invalid token', 'TOKEN_INVALID');
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
