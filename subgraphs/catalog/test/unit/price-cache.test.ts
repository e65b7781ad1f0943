import { describe, expect, it } from '@jest/globals';
import { money } from '@shopgraph/money';
import { Registry } from 'prom-client';
import { PriceCache } from '../../src/services/price-cache.js';
import type { PricedRequest } from '../../src/services/pricing.service.js';

const priced = (amount: number): PricedRequest => ({
  sku: 'S',
  quantity: 1,
  warehouseId: null,
  unitPrice: money(amount, 'VND'),
  lineTotal: money(amount, 'VND'),
  adjustments: [],
});

describe('price cache', () => {
  it('serves an entry only under the version it was computed for, and a newer version empties it', () => {
    const cache = new PriceCache();
    cache.store('k', priced(1), -1n);
    expect(cache.lookup('k', -1n)).toBeUndefined(); // nothing is served before the first version is known
    cache.observe(3n);
    cache.store('k', priced(100), 3n);
    expect(cache.lookup('k', 3n)?.unitPrice.amountMinor).toBe(100n);
    expect(cache.lookup('k', 4n)).toBeUndefined();
    cache.store('old', priced(5), 2n); // computed under an older version: never stored
    expect(cache.size).toBe(1);
    cache.observe(2n); // an older version changes nothing
    expect(cache.lookup('k', 3n)).toBeDefined();
    cache.observe(4n);
    expect(cache.size).toBe(0);
    expect(cache.knownVersion).toBe(4n);
    cache.store('k', priced(7), 3n); // a reader that started before version 4 cannot store
    expect(cache.lookup('k', 4n)).toBeUndefined();
    cache.store('expired', priced(7), 4n, 0); // valid no longer (a scheduled rate took over)
    expect(cache.size).toBe(0);
  });

  it('counts hits and misses and exports the hit ratio', async () => {
    const registry = new Registry();
    const cache = new PriceCache({ registry });
    cache.observe(1n);
    cache.lookup('a', 1n);
    cache.store('a', priced(1), 1n);
    cache.lookup('a', 1n);
    cache.lookup('a', 1n);
    cache.lookup('b', 1n);
    const text = await registry.metrics();
    expect(text).toContain('catalog_price_cache_lookups_total{result="miss"} 2');
    expect(text).toContain('catalog_price_cache_lookups_total{result="hit"} 2');
    expect(text).toContain('catalog_price_cache_hit_ratio 0.5');
  });

  it('keeps rule tables for the known version only: loaded once per version, never kept when read under another, dropped by a newer one', async () => {
    const cache = new PriceCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.rulesAt('t', -1n, load)).toBe(1); // nothing known yet: loaded, and kept under -1 only
    cache.observe(5n);
    expect(cache.rulesSize).toBe(0);
    expect(await cache.rulesAt('t', 5n, load)).toBe(2);
    expect(await cache.rulesAt('t', 5n, load)).toBe(2); // kept
    expect(await cache.rulesAt('t', 4n, load)).toBe(3); // a reader that saw an older version loads its own, not kept
    expect(await cache.rulesAt('t', 6n, load)).toBe(4); // a newer version than known: loaded, not kept until observed
    expect(await cache.rulesAt('t', 5n, load)).toBe(2);
    cache.observe(6n);
    expect(cache.rulesSize).toBe(0);
    expect(await cache.rulesAt('t', 6n, load)).toBe(5);
    // A load that finishes after a newer version arrived is not kept.
    const slow = cache.rulesAt('u', 6n, async () => {
      cache.observe(7n);
      return 'stale';
    });
    expect(await slow).toBe('stale');
    expect(cache.rulesSize).toBe(0);
  });
});
