import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';

/** Marks objects that came back from a query through the gateway (keyed by response key). */
export const REMOTE = Symbol('remote');

/** Adds `__typename` to every selection set so abstract types resolve from remote data. */
function withTypenames(selectionSet: SelectionSetNode): SelectionSetNode {
  return visit(selectionSet, {
    SelectionSet(node) {
      const hasTypename = node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias);
      if (hasTypename) return undefined;
      return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
    },
  });
}

/**
 * Builds a query document that fetches `root(args)` with the selection the client asked for below
 * the current field, including the fragments and variables that selection uses.
 */
export function queryForSelection(
  info: GraphQLResolveInfo,
  rootField: string,
  args: { name: string; type: string; value: unknown }[],
): { document: DocumentNode; variables: Record<string, unknown> } {
  const fieldNode: FieldNode = info.fieldNodes[0]!;
  if (!fieldNode.selectionSet) throw new Error('A selection set is required');
  const used = new Set<string>();
  const fragmentsUsed = new Set<string>();
  const collect = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable(v) {
        used.add(v.name.value);
      },
      FragmentSpread(f) {
        if (!fragmentsUsed.has(f.name.value)) {
          fragmentsUsed.add(f.name.value);
          const fragment = info.fragments[f.name.value];
          if (fragment) collect(fragment);
        }
      },
    });
  collect(fieldNode.selectionSet);
  const operation: OperationDefinitionNode = info.operation;
  const variableDefinitions: VariableDefinitionNode[] = (operation.variableDefinitions ?? []).filter((d) =>
    used.has(d.variable.name.value),
  );
  const argDefinitions = args.map((a) => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `__${a.name}` } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: a.type } } },
  })) as VariableDefinitionNode[];
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: 'SubscriptionSelection' },
        variableDefinitions: [...variableDefinitions, ...argDefinitions],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              alias: { kind: Kind.NAME, value: 'result' },
              name: { kind: Kind.NAME, value: rootField },
              arguments: args.map((a) => ({
                kind: Kind.ARGUMENT,
                name: { kind: Kind.NAME, value: a.name },
                value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `__${a.name}` } },
              })),
              selectionSet: withTypenames(fieldNode.selectionSet),
            },
          ],
        },
      } as OperationDefinitionNode,
      ...[...fragmentsUsed]
        .map((name) => info.fragments[name])
        .filter((f): f is FragmentDefinitionNode => Boolean(f))
        .map((f) => ({ ...f, selectionSet: withTypenames(f.selectionSet) })),
    ],
  };
  const variables: Record<string, unknown> = {};
  for (const d of variableDefinitions) variables[d.variable.name.value] = info.variableValues[d.variable.name.value];
  for (const a of args) variables[`__${a.name}`] = a.value;
  return { document, variables };
}

/** Tags remote data so nested fields resolve by response key (aliases included). */
export function markRemote<T>(value: T): T {
  if (Array.isArray(value)) return value.map(markRemote) as T;
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) markRemote(v);
    Object.defineProperty(value, REMOTE, { value: true, enumerable: false });
  }
  return value;
}
