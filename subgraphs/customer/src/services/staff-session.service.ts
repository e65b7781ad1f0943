import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSigner } from '@shopgraph/auth';
import type { Logger } from '@shopgraph/observability';
import type { UserError } from '@shopgraph/errors';
import { REFRESH_TOKEN_TTL_MS, hashRefreshToken, newRefreshToken } from '../domain/refresh-token.js';
import { StaffMember, StaffRefreshToken } from '../entities/index.js';
import { ACCESS_TOKEN_TTL_SECONDS, type IssuedSession, type IssuedToken, invalidRefreshToken } from './session.service.js';
import { revokeFamilyOf, spendRefreshToken } from './token-family.js';

/** Outcome of refreshing a staff session. */
export interface StaffSessionResult {
  session?: IssuedSession;
  userErrors: UserError[];
}

/** Signs a staff access token carrying the member's role. */
export async function issueStaffAccessToken(signer: TokenSigner, member: StaffMember): Promise<IssuedToken> {
  const { token, expiresAt } = await signer.sign(member.id, { role: 'staff', staffRole: member.role }, ACCESS_TOKEN_TTL_SECONDS);
  return { accessToken: token, expiresAt };
}

function persistRefreshToken(em: EntityManager, staffId: string, familyId: string, now: Date): string {
  const token = newRefreshToken();
  em.create(StaffRefreshToken, {
    tokenHash: hashRefreshToken(token),
    familyId,
    staffId,
    expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
  });
  return token;
}

/** Starts a staff session (a new token family) and records the sign-in. */
export async function startStaffSession(em: EntityManager, signer: TokenSigner, member: StaffMember): Promise<IssuedSession> {
  const now = new Date();
  const refreshToken = persistRefreshToken(em, member.id, randomUUID(), now);
  member.lastSignInAt = now;
  await em.flush();
  return { token: await issueStaffAccessToken(signer, member), refreshToken };
}

/** Revokes every refresh token of a member (deactivation, role change). */
export async function revokeAllStaffSessions(tx: EntityManager, staffId: string, now: Date): Promise<void> {
  await tx.nativeUpdate(StaffRefreshToken, { staffId, revokedAt: null }, { revokedAt: now });
}

/**
 * Exchanges a staff refresh token for a new pair, with the rotation and reuse detection of
 * customers' (token-family.ts). An inactive member cannot refresh.
 */
export async function rotateStaffRefreshToken(
  em: EntityManager,
  signer: TokenSigner,
  logger: Logger,
  presented: string,
): Promise<StaffSessionResult> {
  const now = new Date();
  const outcome = await em.transactional(async (tx) => {
    const spent = await spendRefreshToken(tx, StaffRefreshToken, logger, presented, now);
    if (!spent) return null;
    const member = await tx.findOne(StaffMember, { id: spent.staffId });
    // Deactivation revokes every token already; a member found inactive here is refused all the same.
    return member?.active ? { member, refreshToken: persistRefreshToken(tx, member.id, spent.familyId, now) } : null;
  });
  if (!outcome) return { userErrors: invalidRefreshToken() };
  return { session: { token: await issueStaffAccessToken(signer, outcome.member), refreshToken: outcome.refreshToken }, userErrors: [] };
}

/** Signs a member out: revokes every token of the presented token's family. */
export async function revokeStaffSession(em: EntityManager, presented: string): Promise<UserError[]> {
  return (await revokeFamilyOf(em, StaffRefreshToken, presented)) ? [] : invalidRefreshToken();
}
