import type { Express } from 'express';
import type { Constructor, EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { TokenSigner, TokenVerifier } from '@shopgraph/auth';
import type { CommonConfig, SubgraphName } from '@shopgraph/config';
import type { Migration } from '@shopgraph/db';
import type { ProcessBus } from '@shopgraph/events';
import type { Logger, Registry } from '@shopgraph/observability';
import type { BuiltSubgraphSchema } from './schema.js';
import type { ServiceClient } from './service-client.js';

/** What a subgraph's code receives to build its schema, seed and serve. */
export interface SubgraphRuntime {
  name: SubgraphName;
  config: CommonConfig;
  orm: MikroORM;
  logger: Logger;
  /** The process's Prometheus registry, served at `/metrics`, for the subgraph's own metrics. */
  metrics: Registry;
  verifier: TokenVerifier;
  /** Present where the private key is configured (the customer subgraph issues tokens). */
  signer?: TokenSigner;
  /** A client for another subgraph's internal fields. */
  client(target: SubgraphName): ServiceClient;
  /** The event bus, for subgraphs that publish or consume events (`events: true`). */
  bus?: ProcessBus;
}

/** A subgraph, described as data: the platform opens its database and serves it. */
export interface SubgraphDefinition {
  name: SubgraphName;
  entities: Constructor[];
  migrations: Constructor<Migration>[];
  /** Builds the schema; resolvers reach the runtime through `context.runtime`. */
  schema(): Promise<BuiltSubgraphSchema>;
  /** Idempotent demo data, run at start-up when `SEED_DEMO_DATA` is true. */
  seed?(em: EntityManager, runtime: SubgraphRuntime): Promise<void>;
  routes?(app: Express, runtime: SubgraphRuntime): void;
  /** Whether the subgraph has an outbox (its migrations create it): starts the bus and the outbox relay. */
  events?: boolean;
  /** Background work (schedulers); returns a function that stops it. */
  background?(runtime: SubgraphRuntime): Promise<() => Promise<void>>;
}
