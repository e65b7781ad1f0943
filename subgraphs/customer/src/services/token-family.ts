import { type EntityClass, type EntityData, type FilterQuery, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@shopgraph/observability';
import { hashRefreshToken } from '../domain/refresh-token.js';

/** A stored refresh token of a sign-in's family (customers' refresh-token.entity.ts, staff's staff-refresh-token.entity.ts). */
export interface FamilyToken {
  tokenHash: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Spends a presented refresh token inside `tx`: the stored row, now marked used, or null when the
 * token is unknown, revoked or expired. Presenting a spent token again means it leaked: its whole
 * family is revoked and null returned.
 */
export async function spendRefreshToken<T extends FamilyToken>(
  tx: EntityManager,
  entity: EntityClass<T>,
  logger: Logger,
  presented: string,
  now: Date,
): Promise<T | null> {
  const stored = await tx.findOne(entity, { tokenHash: hashRefreshToken(presented) } as FilterQuery<T>, {
    lockMode: LockMode.PESSIMISTIC_WRITE,
  });
  if (!stored || stored.revokedAt || stored.expiresAt <= now) return null;
  if (stored.usedAt) {
    await revokeFamily(tx, entity, stored.familyId, now);
    logger.warn({ familyId: stored.familyId }, 'refresh token reuse: token family revoked');
    return null;
  }
  stored.usedAt = now;
  return stored;
}

/** Revokes every token of a family. */
export async function revokeFamily<T extends FamilyToken>(
  tx: EntityManager,
  entity: EntityClass<T>,
  familyId: string,
  now: Date,
): Promise<void> {
  const revoked: Partial<FamilyToken> = { revokedAt: now };
  await tx.nativeUpdate(entity, { familyId, revokedAt: null } as FilterQuery<T>, revoked as EntityData<T>);
}

/** Signs out: revokes the family of the presented token; false when the token is unknown or already revoked. */
export async function revokeFamilyOf<T extends FamilyToken>(
  em: EntityManager,
  entity: EntityClass<T>,
  presented: string,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const stored = await tx.findOne(entity, { tokenHash: hashRefreshToken(presented) } as FilterQuery<T>);
    if (!stored || stored.revokedAt) return false;
    await revokeFamily(tx, entity, stored.familyId, new Date());
    return true;
  });
}
