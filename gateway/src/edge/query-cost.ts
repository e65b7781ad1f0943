import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  typeFromAST,
} from 'graphql';

/** How the cost of an operation estimates the size of the lists it asks for. */
export interface CostModel {
  /** Items of a paged field (one with a `first` or `last` argument) that names no size. */
  defaultPageSize: number;
  /** The largest page a client may ask for: the size of a page given by a variable, and the cap on a literal one. */
  maxPageSize: number;
  /** Items assumed for a list without paging arguments (a product's variants, an order's items). */
  unpagedListSize: number;
  /** What each item a paged field loads costs on top of the fields selected on it (the page is fetched whatever is selected). */
  pageItemCost: number;
}

/** The cost of one operation of a document. */
export interface OperationCost {
  operation: OperationDefinitionNode;
  cost: number;
}

const PAGE_ARGUMENTS = new Set(['first', 'last']);

/**
 * The page size a paged field asks for. Validation runs before variables are known (and its
 * result is cached per document), so a variable counts as the largest page it could ask for.
 */
function pageSizeOf(field: FieldNode, model: CostModel): number {
  let size: number | undefined;
  for (const argument of field.arguments ?? []) {
    if (!PAGE_ARGUMENTS.has(argument.name.value)) continue;
    const { value } = argument;
    const asked =
      value.kind === Kind.INT
        ? Math.min(Math.max(Number.parseInt(value.value, 10), 0), model.maxPageSize)
        : value.kind === Kind.VARIABLE
          ? model.maxPageSize
          : model.defaultPageSize;
    size = Math.max(size ?? 0, asked);
  }
  return size ?? model.defaultPageSize;
}

/** Walks one operation: every field resolved once costs 1, times the items of every list around it. */
class CostWalker {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly model: CostModel,
  ) {}

  private readonly fragmentCosts = new Map<string, number>();

  /** `pageSize` is the size of the page of the paged field that selects this set (it sizes the lists in it: `edges`). */
  selections(
    set: SelectionSetNode,
    type: GraphQLCompositeType | undefined,
    pageSize: number | undefined,
    path: ReadonlySet<string>,
  ): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += this.field(selection, type, pageSize, path);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        // Every branch counts, as if the value were of each type at once: an overestimate, never an underestimate.
        const inner = selection.typeCondition ? typeFromAST(this.schema, selection.typeCondition) : type;
        total += this.selections(selection.selectionSet, isCompositeType(inner) ? inner : undefined, pageSize, path);
      } else {
        total += this.spread(selection.name.value, pageSize, path);
      }
    }
    return total;
  }

  /**
   * A fragment's cost, computed once per page size: fragments spreading each other twice over
   * would otherwise make the walk itself exponential in the size of the document.
   */
  private spread(name: string, pageSize: number | undefined, path: ReadonlySet<string>): number {
    const key = `${name}/${pageSize ?? ''}`;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    // A fragment that spreads itself is refused by the standard rules; here it just ends the walk.
    if (!fragment || path.has(name)) return 0;
    const type = typeFromAST(this.schema, fragment.typeCondition);
    const cost = this.selections(fragment.selectionSet, isCompositeType(type) ? type : undefined, pageSize, new Set(path).add(name));
    this.fragmentCosts.set(key, cost);
    return cost;
  }

  private field(field: FieldNode, type: GraphQLCompositeType | undefined, pageSize: number | undefined, path: ReadonlySet<string>): number {
    const name = field.name.value;
    // Introspection has its own shape (and is off in production); __typename and unknown fields cost 1.
    if (name === '__schema' || name === '__type') return 0;
    const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
    if (!definition) return 1;
    const paged = definition.args.some((argument) => PAGE_ARGUMENTS.has(argument.name)) ? pageSizeOf(field, this.model) : undefined;
    const list = isListType(getNullableType(definition.type));
    const items = list ? (paged ?? pageSize ?? this.model.unpagedListSize) : 1;
    const named = getNamedType(definition.type);
    const inner =
      field.selectionSet && isCompositeType(named) ? this.selections(field.selectionSet, named, list ? undefined : paged, path) : 0;
    return items * (1 + inner) + (paged ?? 0) * this.model.pageItemCost;
  }
}

/**
 * The estimated cost of each operation of `document`: each field costs 1 every time it is
 * resolved, lists multiply what they select by their items (a paged field's `first`/`last`,
 * `defaultPageSize` without one, `maxPageSize` when a variable gives it, `unpagedListSize` for
 * other lists), and each item of a page costs `pageItemCost` more.
 */
export function operationCosts(schema: GraphQLSchema, document: DocumentNode, model: CostModel): OperationCost[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walker = new CostWalker(schema, fragments, model);
  return document.definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({
      operation,
      cost: walker.selections(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, undefined, new Set()),
    }));
}

/** A validation rule refusing every operation whose cost (`operationCosts`) is above `maxCost`. */
export function costLimitRule(maxCost: number, model: CostModel): ValidationRule {
  return (context) => {
    let costs = new Map<OperationDefinitionNode, number>();
    return {
      Document(document) {
        costs = new Map(operationCosts(context.getSchema(), document, model).map(({ operation, cost }) => [operation, cost]));
      },
      // Reported with the operation, after the shape limits that see it first (a too deep query is told so).
      OperationDefinition(operation) {
        const cost = costs.get(operation) ?? 0;
        if (cost <= maxCost) return;
        const name = operation.name ? ` ${operation.name.value}` : '';
        context.reportError(
          new GraphQLError(
            `Operation${name} costs ${cost}, above the limit of ${maxCost}: ask for smaller pages (first/last) or fewer fields and aliases`,
            { nodes: operation },
          ),
        );
      },
    };
  };
}
