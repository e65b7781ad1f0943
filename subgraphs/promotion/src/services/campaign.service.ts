import type { EntityManager } from '@mikro-orm/postgresql';
import { coversProduct, isRunning } from '../domain/eligibility.js';
import { Campaign } from '../entities/index.js';

/** Every campaign, newest first. */
export function listCampaigns(em: EntityManager): Promise<Campaign[]> {
  return em.find(Campaign, {}, { orderBy: { startsAt: 'desc', id: 'asc' } });
}

/** Running campaigns of each product, from one query for the whole batch. */
export async function runningCampaignsOfProducts(
  em: EntityManager,
  productIds: readonly string[],
  now = new Date(),
): Promise<Campaign[][]> {
  const candidates = await em.find(Campaign, { active: true, startsAt: { $lte: now }, $or: [{ endsAt: null }, { endsAt: { $gt: now } }] });
  const running = candidates.filter((c) => isRunning(c, now));
  return productIds.map((id) => running.filter((c) => coversProduct(c, id)));
}

/** Campaigns by id, in one query. */
export function campaignsByIds(em: EntityManager, ids: readonly string[]): Promise<Campaign[]> {
  return em.find(Campaign, { id: { $in: [...ids] } });
}
