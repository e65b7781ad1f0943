import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import type { CurrencyCode } from '@shopgraph/money';
import { type Page, decodeCursor, encodeCursor } from '@shopgraph/subgraph';
import { CurrencyRate, PriceListEntry, QuantityTier, WarehouseMarkup } from '../entities/index.js';

/**
 * Reads of the pricing rules the admin mutations write (`pricing-admin.service.ts`): each list is a
 * keyset page in the order of its unique key, so pages stay stable while rules are added.
 */

/** How one list is ordered and continued after a cursor holding the last row's key. */
interface KeysetList<T extends object, K> {
  entity: EntityName<T>;
  where: FilterQuery<T>;
  orderBy: QueryOrderMap<T>;
  keyOf(row: T): K;
  isKey(value: unknown): value is K;
  /** Rows strictly after `key` in `orderBy`. */
  after(key: K): FilterQuery<T>;
}

async function keysetPage<T extends object, K>(em: EntityManager, list: KeysetList<T, K>, first: number, after?: string): Promise<Page<T>> {
  const filter = after ? ({ $and: [list.where, list.after(decodeCursor(after, list.isKey))] } as FilterQuery<T>) : list.where;
  // MikroORM cannot relate a generic entity's filter to its own overloads: the callers' lists are typed.
  const [found, totalCount] = await Promise.all([
    em.find(list.entity, filter as never, { orderBy: list.orderBy as never, limit: first + 1 }),
    em.count(list.entity, list.where as never),
  ]);
  const rows = found as T[];
  return {
    items: rows.slice(0, first).map((row) => ({ cursor: encodeCursor(list.keyOf(row)), node: row })),
    hasNextPage: rows.length > first,
    totalCount,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';

/** Exchange rates, of one currency or all: by currency, newest first (the history is kept). */
export function listCurrencyRates(
  em: EntityManager,
  filter: { currency?: CurrencyCode | null },
  first: number,
  after?: string,
): Promise<Page<CurrencyRate>> {
  return keysetPage(
    em,
    {
      entity: CurrencyRate,
      where: filter.currency ? { currency: filter.currency } : {},
      orderBy: { currency: 'asc', effectiveFrom: 'desc' },
      keyOf: (r) => ({ c: r.currency, t: r.effectiveFrom.toISOString() }),
      isKey: (v): v is { c: string; t: string } => isObject(v) && isString(v.c) && isString(v.t) && !Number.isNaN(Date.parse(v.t)),
      after: (k) => ({ $or: [{ currency: { $gt: k.c } }, { currency: k.c, effectiveFrom: { $lt: new Date(k.t) } }] }),
    },
    first,
    after,
  );
}

/** Quantity tiers, of one SKU or all: the tiers of every SKU (null) first, then by SKU and minimum. */
export function listQuantityTiers(
  em: EntityManager,
  filter: { sku?: string | null },
  first: number,
  after?: string,
): Promise<Page<QuantityTier>> {
  return keysetPage(
    em,
    {
      entity: QuantityTier,
      where: filter.sku ? { sku: filter.sku } : {},
      orderBy: { sku: 'asc nulls first', minQuantity: 'asc', id: 'asc' },
      keyOf: (t) => ({ s: t.sku ?? null, q: t.minQuantity, i: t.id }),
      isKey: (v): v is { s: string | null; q: number; i: string } =>
        isObject(v) && (v.s === null || isString(v.s)) && Number.isInteger(v.q) && isString(v.i) && /^[0-9a-f-]{36}$/i.test(v.i),
      after: (k) => {
        const laterInSku = { $or: [{ minQuantity: { $gt: k.q } }, { minQuantity: k.q, id: { $gt: k.i } }] };
        // Nulls sort first, and `sku > x` never matches a null: after the null group come all SKUs.
        return k.s === null
          ? { $or: [{ sku: null, ...laterInSku }, { sku: { $ne: null } }] }
          : { $or: [{ sku: { $gt: k.s } }, { sku: k.s, ...laterInSku }] };
      },
    },
    first,
    after,
  );
}

/** Warehouse markups by warehouse id. */
export function listWarehouseMarkups(em: EntityManager, first: number, after?: string): Promise<Page<WarehouseMarkup>> {
  return keysetPage(
    em,
    {
      entity: WarehouseMarkup,
      where: {},
      orderBy: { warehouseId: 'asc' },
      keyOf: (m) => ({ w: m.warehouseId }),
      isKey: (v): v is { w: string } => isObject(v) && isString(v.w) && /^[0-9a-f-]{36}$/i.test(v.w),
      after: (k) => ({ warehouseId: { $gt: k.w } }),
    },
    first,
    after,
  );
}

/** List prices (explicit prices overriding conversion), of one SKU and/or currency or all: by SKU, then currency. */
export function listListPrices(
  em: EntityManager,
  filter: { sku?: string | null; currency?: CurrencyCode | null },
  first: number,
  after?: string,
): Promise<Page<PriceListEntry>> {
  return keysetPage(
    em,
    {
      entity: PriceListEntry,
      where: { ...(filter.sku ? { sku: filter.sku } : {}), ...(filter.currency ? { currency: filter.currency } : {}) },
      orderBy: { sku: 'asc', currency: 'asc' },
      keyOf: (p) => ({ s: p.sku, c: p.currency }),
      isKey: (v): v is { s: string; c: string } => isObject(v) && isString(v.s) && isString(v.c),
      after: (k) => ({ $or: [{ sku: { $gt: k.s } }, { sku: k.s, currency: { $gt: k.c } }] }),
    },
    first,
    after,
  );
}
