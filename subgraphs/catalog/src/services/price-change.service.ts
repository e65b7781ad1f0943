import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent, schemaOf } from '@shopgraph/events';
import { PreparedSql } from '@shopgraph/db';
import { type PriceChange, PriceUpdated } from '../events/catalog.events.js';

/** NOTIFY channel on which every committed pricing change announces the new pricing version. */
export const PRICING_CHANNEL = 'catalog_pricing_changed';

/** What a pricing change touched. */
export interface PriceChangeFacts {
  change: PriceChange;
  sku?: string | null;
  currency?: string | null;
  warehouseId?: string | null;
}

/**
 * Bumps the pricing version inside the changing transaction `tx` (the row lock also orders
 * concurrent changes) and queues a NOTIFY with the new version; both take effect only if `tx`
 * commits. Every change to what prices and checkout quotes are computed from (prices, rates,
 * markups, tiers, shipping zones, methods and rates, tax rates) bumps it, so in-process caches of
 * them tagged with the version are dropped on every instance.
 */
export async function bumpPricingVersion(tx: EntityManager): Promise<bigint> {
  const schema = schemaOf(tx);
  const [row] = await tx.execute<{ version: string }[]>(
    `update "${schema}"."pricing_version" set "version" = "version" + 1 where "id" = 1 returning "version"`,
  );
  const version = BigInt(row!.version);
  await tx.execute('select pg_notify(?, ?)', [PRICING_CHANNEL, version.toString()]);
  return version;
}

/**
 * Records a pricing change inside the changing transaction `tx`: bumps the pricing version (see
 * `bumpPricingVersion`) and writes a `PriceUpdated` outbox event. Both take effect only if `tx` commits.
 */
export async function recordPriceChange(tx: EntityManager, facts: PriceChangeFacts): Promise<bigint> {
  const version = await bumpPricingVersion(tx);
  const payload = {
    change: facts.change,
    sku: facts.sku ?? null,
    currency: facts.currency ?? null,
    warehouseId: facts.warehouseId ?? null,
    pricingVersion: version.toString(),
  };
  await recordEvent(tx, PriceUpdated, { aggregateId: payload.sku ?? payload.warehouseId ?? payload.currency ?? facts.change, payload });
  return version;
}

const READ_VERSION = `select "version"::text as version from "catalog"."pricing_version" where "id" = 1`;

/** The committed pricing version, read from the database (a prepared statement on the pool: it runs on every checkout pricing). */
export async function readPricingVersion(em: EntityManager): Promise<bigint> {
  const [row] = await (await PreparedSql.of(em)).rows<{ version: string }>('catalog.pricing-version', READ_VERSION, []);
  return BigInt(row!.version);
}
