import type { EntityManager } from '@mikro-orm/postgresql';
import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { PRICING_CHANNEL, readPricingVersion } from './price-change.service.js';
import { PriceCache, listenForPriceChanges } from './price-cache.js';
import { type PriceRequest, type PricedRequest, pricedBatch } from './pricing.service.js';

const caches = new WeakMap<SubgraphRuntime, PriceCache>();

/** The process's price cache (one per running catalog), its metrics on the process registry. */
export function priceCacheOf(runtime: SubgraphRuntime): PriceCache {
  let cache = caches.get(runtime);
  if (!cache) {
    cache = new PriceCache({ registry: runtime.metrics });
    caches.set(runtime, cache);
  }
  return cache;
}

/** Starts keeping the process's price cache current (NOTIFY and a poll); returns its stop function. */
export function startPriceCache(runtime: SubgraphRuntime): Promise<() => Promise<void>> {
  return listenForPriceChanges(priceCacheOf(runtime), {
    url: runtime.orm.config.get('clientUrl')!,
    channel: PRICING_CHANNEL,
    readVersion: () => readPricingVersion(runtime.orm.em.fork()),
    logger: runtime.logger,
  });
}

/** Makes the cache catch up with the committed version (after this process changed a price). */
export async function syncPriceCache(em: EntityManager, cache: PriceCache): Promise<void> {
  cache.observe(await readPricingVersion(em));
}

/** The cache key of a line priced in `currency`. */
export const priceKeyOf = (currency: CurrencyCode, l: PriceRequest) => `${currency}|${l.sku}|${l.quantity}|${l.warehouseId ?? ''}`;

/**
 * A display price (`fresh: false`) already in the cache under the version this process knows of,
 * without waiting a tick; undefined when it must be computed (then `pricesThroughCache` counts the miss).
 */
export function cachedDisplayPrice(cache: PriceCache, currency: CurrencyCode, line: PriceRequest): PricedRequest | undefined {
  return cache.lookup(priceKeyOf(currency, line), cache.knownVersion, { countMiss: false });
}

/**
 * Prices lines cache-aside: cached prices of the version asked for, the rest computed in one bounded
 * batch and cached for 30 minutes (or until the next scheduled rate, if sooner).
 * `fresh: false` (shop display) asks for the version this process knows of, which follows every
 * commit within a NOTIFY's delay (a poll bounds it if notifications are lost).
 * `fresh: true` (checkout) first reads the committed version from the database — one more query —
 * so no price older than the last committed change can be served.
 */
export async function pricesThroughCache(
  em: EntityManager,
  cache: PriceCache,
  baseCurrency: CurrencyCode,
  currency: CurrencyCode,
  lines: readonly PriceRequest[],
  options: { fresh: boolean },
): Promise<PricedRequest[]> {
  if (lines.length === 0) return [];
  let version = cache.knownVersion;
  if (options.fresh) {
    version = await readPricingVersion(em);
    cache.observe(version);
  }
  const out = new Array<PricedRequest>(lines.length);
  const missing: number[] = [];
  lines.forEach((l, i) => {
    const hit = cache.lookup(priceKeyOf(currency, l), version);
    if (hit) out[i] = hit;
    else missing.push(i);
  });
  if (missing.length) {
    const now = Date.now();
    const batch = await pricedBatch(
      em,
      baseCurrency,
      currency,
      missing.map((i) => lines[i]!),
      new Date(now),
    );
    const ttlMs = batch.validUntil ? batch.validUntil.getTime() - now : undefined;
    missing.forEach((i, j) => {
      out[i] = batch.lines[j]!;
      cache.store(priceKeyOf(currency, lines[i]!), batch.lines[j]!, version, ttlMs);
    });
  }
  return out;
}
