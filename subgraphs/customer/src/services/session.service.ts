import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSigner } from '@shopgraph/auth';
import type { Logger } from '@shopgraph/observability';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { REFRESH_TOKEN_TTL_MS, hashRefreshToken, newRefreshToken } from '../domain/refresh-token.js';
import { Customer, RefreshToken } from '../entities/index.js';
import { revokeFamilyOf, spendRefreshToken } from './token-family.js';

/** Lifetime of an access token. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** An issued access token. */
export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
}

/** A signed-in session: a short-lived access token and an opaque refresh token. */
export interface IssuedSession {
  token: IssuedToken;
  refreshToken: string;
}

/** Outcome of refreshing or revoking with a refresh token. */
export interface SessionResult {
  session?: IssuedSession;
  userErrors: UserError[];
}

/** The answer to an unusable refresh token, customer or staff. */
export const invalidRefreshToken = () => [
  userError(UserErrorCode.INVALID_REFRESH_TOKEN, 'The refresh token is invalid, expired or revoked', ['input', 'refreshToken']),
];

/** Signs a customer access token. */
export async function issueAccessToken(signer: TokenSigner, customer: Customer): Promise<IssuedToken> {
  const { token, expiresAt } = await signer.sign(customer.id, { role: 'customer', email: customer.email }, ACCESS_TOKEN_TTL_SECONDS);
  return { accessToken: token, expiresAt };
}

/** Persists a new refresh token of `familyId` (flushed by the caller's transaction) and returns its clear text. */
function persistRefreshToken(em: EntityManager, customerId: string, familyId: string, now: Date): string {
  const token = newRefreshToken();
  em.create(RefreshToken, {
    tokenHash: hashRefreshToken(token),
    familyId,
    customerId,
    expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
  });
  return token;
}

/** Starts a session (a new token family) for a customer who just proved who they are. */
export async function startSession(em: EntityManager, signer: TokenSigner, customer: Customer): Promise<IssuedSession> {
  const refreshToken = persistRefreshToken(em, customer.id, randomUUID(), new Date());
  await em.flush();
  return { token: await issueAccessToken(signer, customer), refreshToken };
}

/** Revokes every refresh token of a customer: each sign-in must then prove the password again once its access token expires. */
export async function revokeAllSessions(tx: EntityManager, customerId: string, now: Date): Promise<void> {
  await tx.nativeUpdate(RefreshToken, { customerId, revokedAt: null }, { revokedAt: now });
}

/**
 * Exchanges a refresh token for a new pair. The old token is spent; presenting a spent token again
 * means it leaked, so the whole family is revoked and the call fails (token-family.ts).
 */
export async function rotateRefreshToken(
  em: EntityManager,
  signer: TokenSigner,
  logger: Logger,
  presented: string,
): Promise<SessionResult> {
  const now = new Date();
  const outcome = await em.transactional(async (tx) => {
    const spent = await spendRefreshToken(tx, RefreshToken, logger, presented, now);
    if (!spent) return null;
    const refreshToken = persistRefreshToken(tx, spent.customerId, spent.familyId, now);
    const customer = await tx.findOne(Customer, { id: spent.customerId });
    return customer ? { customer, refreshToken } : null;
  });
  if (!outcome) return { userErrors: invalidRefreshToken() };
  return { session: { token: await issueAccessToken(signer, outcome.customer), refreshToken: outcome.refreshToken }, userErrors: [] };
}

/** Signs out: revokes every token of the presented token's family. Unknown tokens are a user error. */
export async function revokeSession(em: EntityManager, presented: string): Promise<UserError[]> {
  return (await revokeFamilyOf(em, RefreshToken, presented)) ? [] : invalidRefreshToken();
}
