import { composeServices } from '@apollo/composition';
import { DEFAULT_PORTS, type SubgraphName } from '@shopgraph/config';
import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  printSchema,
  specifiedRules,
  validate,
  visit,
} from 'graphql';

/** One subgraph's SDL with its routing URL. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** The routing URL the committed supergraph records for a subgraph (the gateway overrides it from its config). */
export function routingUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`;
}

/** Composes subgraph SDLs into a supergraph; returns the SDL or the composition errors. */
export function compose(subgraphs: readonly SubgraphSdl[]): { supergraphSdl: string } | { errors: string[] } {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl };
}

/** The public API schema of a supergraph (`@inaccessible` removed), as graphql-js sees it. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * Breaking changes of the public API from `baseSupergraph` to `supergraph` that are not listed in
 * `acknowledged` (lines of the form `<CHANGE_TYPE> <path>`, e.g. `FIELD_REMOVED Query.products`).
 */
export async function unacknowledgedBreakingChanges(
  baseSupergraph: string,
  supergraph: string,
  acknowledged: readonly string[],
): Promise<string[]> {
  const changes = await diff(apiSchemaOf(baseSupergraph), apiSchemaOf(supergraph));
  const acks = new Set(acknowledged.map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
  return changes
    .filter((c) => c.criticality.level === CriticalityLevel.Breaking)
    .filter((c) => !acks.has(`${c.type} ${c.path ?? ''}`.trim()))
    .map((c) => `${c.type} ${c.path ?? ''}: ${c.message}`);
}

/** Validation errors of frontend documents against the public API. */
export function invalidOperations(supergraph: string, documents: readonly { file: string; source: string }[]): string[] {
  const schema = apiSchemaOf(supergraph);
  const problems: string[] = [];
  const parsed: { file: string; document: DocumentNode }[] = [];
  for (const doc of documents) {
    try {
      parsed.push({ file: doc.file, document: parse(doc.source) });
    } catch (error) {
      problems.push(`${doc.file}: ${(error as Error).message}`);
    }
  }
  // A fragment may be used by any operation file, as GraphQL Code Generator allows: one definition per name.
  const fragments = new Map<string, { file: string; node: FragmentDefinitionNode }>();
  for (const { file, document } of parsed) {
    for (const node of document.definitions) {
      if (node.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const seen = fragments.get(node.name.value);
      if (seen) problems.push(`${file}: fragment ${node.name.value} is already defined in ${seen.file}`);
      else fragments.set(node.name.value, { file, node });
    }
  }
  // A file may hold only fragments: "unused" is judged over all files together.
  const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
  const spread = new Set<string>();
  for (const { file, document } of parsed) {
    visit(document, { FragmentSpread: (node) => void spread.add(node.name.value) });
    for (const error of validate(schema, withBorrowedFragments(document, fragments), rules)) problems.push(`${file}: ${error.message}`);
  }
  for (const [name, { file }] of fragments) if (!spread.has(name)) problems.push(`${file}: Fragment "${name}" is never used.`);
  return problems;
}

/** `document` with the fragments of other files it spreads, directly or through each other. */
function withBorrowedFragments(document: DocumentNode, fragments: ReadonlyMap<string, { node: FragmentDefinitionNode }>): DocumentNode {
  const own = new Set(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
  const borrowed: FragmentDefinitionNode[] = [];
  const pending = [document as DocumentNode | FragmentDefinitionNode];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const found = fragments.get(name);
        if (own.has(name) || !found) return;
        own.add(name);
        borrowed.push(found.node);
        pending.push(found.node);
      },
    });
  }
  return borrowed.length ? { ...document, definitions: [...document.definitions, ...borrowed] } : document;
}

/** What the committed schema files hold. */
export interface CommittedSchema {
  subgraphs: Record<string, string | undefined>;
  supergraph: string | undefined;
  /** The public API schema (what frontends and codegen read). */
  api: string | undefined;
}

/** Inputs of a full schema check. */
export interface SchemaCheckInput {
  /** SDLs printed from the code now. */
  current: readonly SubgraphSdl[];
  committed: CommittedSchema;
  /** The supergraph on the base branch, if there is one to compare with. */
  baseSupergraph: string | undefined;
  acknowledged: readonly string[];
  operations: readonly { file: string; source: string }[];
}

/** Runs every schema check and returns the problems found (empty when all is well). */
export async function checkSchema(input: SchemaCheckInput): Promise<string[]> {
  const problems: string[] = [];
  for (const s of input.current) {
    if (input.committed.subgraphs[s.name] !== s.sdl)
      problems.push(`stale SDL: schema/subgraphs/${s.name}.graphql differs from the code (run npm run schema)`);
  }
  const composed = compose(input.current);
  if ('errors' in composed) {
    problems.push(...composed.errors.map((e) => `composition: ${e}`));
    return problems;
  }
  if (input.committed.supergraph !== composed.supergraphSdl) {
    problems.push('stale supergraph: schema/supergraph.graphql differs from the composed subgraphs (run npm run schema)');
  }
  if (input.committed.api !== `${printSchema(apiSchemaOf(composed.supergraphSdl))}\n`) {
    problems.push('stale API schema: schema/api.graphql differs from the composed supergraph (run npm run schema)');
  }
  if (input.baseSupergraph) {
    const breaking = await unacknowledgedBreakingChanges(input.baseSupergraph, composed.supergraphSdl, input.acknowledged);
    problems.push(...breaking.map((b) => `breaking change not acknowledged in schema/breaking-changes.txt: ${b}`));
  }
  problems.push(...invalidOperations(composed.supergraphSdl, input.operations).map((p) => `invalid operation: ${p}`));
  return problems;
}
