import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { BigIntScalar } from '@shopgraph/money';
import { guardInputs } from './input-guard.js';

/**
 * The Federation 2 directives our subgraphs may use, and our own `@requiresPermission` (the staff
 * permission an admin field needs), composed into the supergraph so the whole shop's permission
 * map can be read from it. (Federation's `@requiresScopes` would say the same, but it is a
 * `for: SECURITY` feature that `@apollo/gateway` refuses to load.)
 */
const FEDERATION_LINK = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible", "@external", "@requires", "@provides", "@tag", "@composeDirective"])
  @link(url: "https://shopgraph.dev/permission/v1.0", import: ["@requiresPermission"])
  @composeDirective(name: "@requiresPermission")

directive @requiresPermission(permission: String!) on FIELD_DEFINITION`;

/** Reference resolvers of a subgraph's entities, by type name. */
export type ReferenceResolvers = Record<string, { __resolveReference: (reference: never, context: never) => unknown }>;

/** What a subgraph contributes to its schema. */
export interface SubgraphSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Types not reachable from a root field (entities only resolved by reference). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  references?: ReferenceResolvers;
  /** `ID` arguments (`Query.order.id`) and input fields (`AddCartItemInput.warehouseId`) that must be UUIDs. */
  uuids?: string[];
}

/** A built subgraph: its executable schema and the SDL it publishes. */
export interface BuiltSubgraphSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as composition sees it (what `schema/subgraphs/<name>.graphql` holds). */
  sdl: string;
}

/**
 * Builds a Federation 2 subgraph from type-graphql classes: type-graphql builds the schema,
 * its SDL (with directives) is linked to the federation spec, and @apollo/subgraph adds
 * `_service` and `_entities`, wired to the given reference resolvers; every argument is validated
 * before its resolver runs (`guardInputs`).
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<BuiltSubgraphSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    skipCheck: true,
    validate: false,
    // Subgraphs declare subscriptions for composition; the gateway executes them (ARCHITECTURE.md 8).
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('Subscriptions are served by the gateway');
      },
    },
    scalarsMap: [
      { type: Date, scalar: DateTimeResolver },
      { type: BigInt, scalar: BigIntScalar },
    ],
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolverMap = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(options.references ?? {})) {
    resolverMap[typeName] = { ...resolverMap[typeName], ...reference };
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolverMap as GraphQLResolverMap<unknown> }]);
  guardInputs(schema, options.uuids);
  return { schema, sdl };
}
