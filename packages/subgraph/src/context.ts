import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@shopgraph/auth';
import type { Logger } from '@shopgraph/observability';
import type { SubgraphRuntime } from './definition.js';

/** Per-request DataLoaders, created on first use so each request batches and caches on its own. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** The request's loader named `name`, built from `batch` the first time it is asked for. */
  get<K, V>(name: string, batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, string>): DataLoader<K, V, string> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader(batch, options) as unknown as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as unknown as DataLoader<K, V, string>;
  }
}

/** What every resolver of every subgraph receives. */
export interface RequestContext {
  /** An entity manager forked for this request: its identity map is the request's alone. */
  em: EntityManager;
  identity: Identity;
  requestId: string;
  /** The caller's IP address: the gateway's `x-client-ip` header when present, else the socket's peer. */
  clientIp: string;
  /** The caller's `Authorization` header, to forward when this subgraph calls another on the caller's behalf. */
  authorization?: string;
  loaders: LoaderRegistry;
  logger: Logger;
  /** The subgraph's process-wide services: ORM, config, clients to other subgraphs. */
  runtime: SubgraphRuntime;
}

/** Groups rows by key in the order of `keys`, as a DataLoader batch function must return them. */
export function orderByKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Groups many rows per key in the order of `keys`. */
export function groupByKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const byKey = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = byKey.get(k);
    if (list) list.push(row);
    else byKey.set(k, [row]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}
