import { createHash, randomBytes } from 'node:crypto';

/** Lifetime of a refresh token. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

/** A new opaque refresh token: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a refresh token (SHA-256, hex): enough entropy that no salt or slow hash is needed. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
