import { MikroORM, type Constructor, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migration, Migrator } from '@mikro-orm/migrations';
import type { Logger } from '@shopgraph/observability';
import { QueryLogger } from './query-log.js';
import { withSchemaLock } from './schema-lock.js';

/** What a subgraph needs to open its database. */
export interface OrmOptions {
  /** Connection URL of the shop's database. */
  url: string;
  /** The PostgreSQL schema this subgraph owns alone. */
  schema: string;
  entities: Constructor[];
  /** Committed migrations, oldest first. */
  migrations: Constructor<Migration>[];
  /** Connection pool size. */
  poolSize?: number;
  logger?: Logger;
  /** Called with each SQL statement, the ORM's and the prepared-statement helper's (query logs in tests). */
  onQuery?: (sql: string) => void;
}

/** MikroORM configuration of one subgraph: its schema, its entities, its migrations. */
export function ormConfig(options: OrmOptions): Options {
  return {
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    pool: { min: 0, max: options.poolSize ?? 10 },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: options.onQuery ? ['query'] : false,
    // Statement counters (cost tests) see every statement, whether or not query logging is on.
    loggerFactory: (loggerOptions) => new QueryLogger(loggerOptions, options.schema),
    logger: options.onQuery ? (message: string) => options.onQuery!(message) : (message: string) => options.logger?.debug({ orm: message }),
    // The event tables (outbox, inbox) are created from @shopgraph/events' DDL, not from entities.
    schemaGenerator: { skipTables: ['outbox', 'inbox', 'saga_run', 'saga_step'] },
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      schema: options.schema,
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
  };
}

/**
 * Opens a subgraph's ORM and brings its schema up to date with its committed migrations, under the
 * schema's advisory lock (`withSchemaLock`): instances starting together migrate one at a time.
 */
export async function openDatabase(options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(options));
  try {
    await withSchemaLock(
      options.url,
      options.schema,
      async () => {
        await orm.em.getConnection().execute(`create schema if not exists "${options.schema}"`);
        await orm.migrator.up();
      },
      options.logger,
    );
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}

/** Whether the database answers (readiness). */
export async function isDatabaseReady(em: EntityManager): Promise<boolean> {
  try {
    await em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

export { MikroORM, Migration };
