import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from './connection.js';

interface TimeCursor {
  t: string;
  i: string;
}
const isTimeCursor = (v: unknown): v is TimeCursor =>
  typeof v === 'object' && v !== null && typeof (v as TimeCursor).t === 'string' && typeof (v as TimeCursor).i === 'string';

/**
 * One page of `entity` rows matching `where`, newest first, with keyset pagination on
 * (createdAt, id): stable across pages while rows are added. `populate` names relations to load.
 */
export async function newestFirstPage<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  first: number,
  after?: string,
  populate: readonly string[] = [],
): Promise<{ items: { cursor: string; row: T }[]; hasNextPage: boolean; totalCount: number }> {
  let filter = where;
  if (after) {
    const c = decodeCursor(after, isTimeCursor);
    const t = new Date(c.t);
    filter = { $and: [where, { $or: [{ createdAt: { $lt: t } }, { createdAt: t, id: { $gt: c.i } }] }] } as FilterQuery<T>;
  }
  const [rows, totalCount] = await Promise.all([
    em.find(entity, filter, { orderBy: { createdAt: 'desc', id: 'asc' } as never, limit: first + 1, populate: populate as never }),
    em.count(entity, where),
  ]);
  return {
    items: (rows as T[]).slice(0, first).map((row) => ({ cursor: encodeCursor({ t: row.createdAt.toISOString(), i: row.id }), row })),
    hasNextPage: rows.length > first,
    totalCount,
  };
}
