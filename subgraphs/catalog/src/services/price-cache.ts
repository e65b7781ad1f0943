import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '@shopgraph/observability';
import type { PricedRequest } from './pricing.service.js';

/** How long a cached price lives at most (the seed's cache-aside TTL). */
export const PRICE_CACHE_TTL_MS = 30 * 60 * 1000;

/** Most rule tables kept (one per destination country and currency quoted). */
const MAX_RULE_TABLES = 10_000;

interface Entry {
  version: bigint;
  value: PricedRequest;
}

/** Options of a price cache. */
export interface PriceCacheOptions {
  registry?: Registry;
  /** Most entries kept (least recently used go first). */
  max?: number;
  ttlMs?: number;
}

/**
 * The in-process cache-aside store of computed prices, tagged with the pricing version they were
 * computed under.
 *
 * Every pricing change bumps `catalog.pricing_version` in its own transaction (see
 * `recordPriceChange`). The cache knows the latest committed version it has heard of (`known`): from
 * the database at start-up, from NOTIFY after each commit on any instance, from a short poll when
 * notifications are lost, and from the database on every fresh read. An entry is served only when its
 * tag equals the version the reader asks for, and a newer version empties the cache. A reader tags
 * what it computes with the version it saw *before* reading the database, and that version had
 * committed before, so an entry never holds data older than its tag: asking with the current
 * committed version (the fresh path) can never be answered with a price older than the last change.
 */
export class PriceCache {
  private readonly entries: LRUCache<string, Entry>;
  /** Rule tables (shipping, tax, rates of a destination), valid for the `known` version only. */
  private readonly rules = new Map<string, unknown>();
  private known = -1n;
  private hits = 0;
  private total = 0;

  constructor(options: PriceCacheOptions = {}) {
    this.entries = new LRUCache<string, Entry>({ max: options.max ?? 100_000, ttl: options.ttlMs ?? PRICE_CACHE_TTL_MS });
    const registers = options.registry ? [options.registry] : [];
    // prom-client calls `collect` with the metric as `this`, so the counts are read through getters.
    const counts = { hits: () => this.hits, total: () => this.total };
    // Counted in plain fields on the hot path and handed to the counter when it is scraped.
    const reported = { hits: 0, misses: 0 };
    new Counter({
      name: 'catalog_price_cache_lookups_total',
      help: 'Price cache lookups by result (hit or miss).',
      labelNames: ['result'],
      registers,
      collect() {
        const hits = counts.hits() - reported.hits;
        const misses = counts.total() - counts.hits() - reported.misses;
        if (hits) this.inc({ result: 'hit' }, hits);
        if (misses) this.inc({ result: 'miss' }, misses);
        reported.hits += hits;
        reported.misses += misses;
      },
    });
    new Gauge({
      name: 'catalog_price_cache_hit_ratio',
      help: 'Share of price cache lookups answered from the cache since start.',
      registers,
      collect() {
        this.set(counts.total() ? counts.hits() / counts.total() : 0);
      },
    });
  }

  /** The latest committed pricing version this cache knows of; -1 before the first. */
  get knownVersion(): bigint {
    return this.known;
  }

  /** Learns of a committed pricing version; a newer one drops every entry. */
  observe(version: bigint): void {
    if (version <= this.known) return;
    this.known = version;
    this.entries.clear();
    this.rules.clear();
  }

  /**
   * Rule tables read under `version`: kept from an earlier call when `version` is the known one,
   * else loaded (and kept if `version` is still the known one once loaded). As with prices, the
   * caller reads `version` from the database before `load` reads the tables, so kept tables are
   * never older than their version, and a newer version drops them all.
   */
  async rulesAt<T>(key: string, version: bigint, load: () => Promise<T>): Promise<T> {
    if (version === this.known && this.rules.has(key)) return this.rules.get(key) as T;
    const value = await load();
    if (version === this.known && this.rules.size < MAX_RULE_TABLES) this.rules.set(key, value);
    return value;
  }

  /** How many rule tables it holds. */
  get rulesSize(): number {
    return this.rules.size;
  }

  /** The cached price for `key` computed under `version`, counting the hit or miss (a miss not with `countMiss: false`). */
  lookup(key: string, version: bigint, options?: { countMiss: boolean }): PricedRequest | undefined {
    const entry = this.known >= 0n ? this.entries.get(key) : undefined;
    const hit = entry !== undefined && entry.version === version;
    if (hit) {
      this.hits++;
      this.total++;
    } else if (options?.countMiss !== false) this.total++;
    return hit ? entry.value : undefined;
  }

  /** Stores a price computed under `version` for at most `ttlMs` (capped at the cache TTL). */
  store(key: string, value: PricedRequest, version: bigint, ttlMs?: number): void {
    if (version !== this.known || (ttlMs !== undefined && ttlMs <= 0)) return;
    this.entries.set(key, { version, value }, ttlMs === undefined ? {} : { ttl: Math.min(ttlMs, PRICE_CACHE_TTL_MS) });
  }

  /** How many entries it holds. */
  get size(): number {
    return this.entries.size;
  }
}

/** Where the cache learns of versions: NOTIFY on a dedicated connection, plus a poll as a fallback. */
export interface PriceCacheListenerOptions {
  url: string;
  channel: string;
  /** Reads the committed version (the poll and start-up). */
  readVersion(): Promise<bigint>;
  pollIntervalMs?: number;
  logger?: Logger;
}

/** Keeps a cache's known version current; returns a function that stops it. */
export async function listenForPriceChanges(cache: PriceCache, options: PriceCacheListenerOptions): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let reconnect: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: options.url });
    c.on('notification', (msg) => {
      if (msg.payload && /^\d+$/.test(msg.payload)) cache.observe(BigInt(msg.payload));
    });
    c.on('error', (error) => {
      options.logger?.warn({ err: error }, 'price cache listener lost; polling until it reconnects');
      client = undefined;
      c.end().catch(() => undefined);
      if (!stopped) reconnect = setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await c.connect();
    await c.query(`listen "${options.channel}"`);
    client = c;
    // A change committed while we were not listening is caught here.
    cache.observe(await options.readVersion());
  };
  await connect();
  const poll = setInterval(() => {
    options.readVersion().then(
      (v) => cache.observe(v),
      (error) => options.logger?.warn({ err: error }, 'price cache poll failed'),
    );
  }, options.pollIntervalMs ?? 5000);
  poll.unref();
  return async () => {
    stopped = true;
    clearInterval(poll);
    clearTimeout(reconnect);
    await client?.end().catch(() => undefined);
  };
}
