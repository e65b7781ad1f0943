import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule, parse, validate } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@shopgraph/subgraph';
import type { EdgeSettings } from '../config.js';
import { type CostModel, costLimitRule } from './query-cost.js';

/**
 * How the cost limit sizes lists: pages as the subgraphs serve them; other lists (a product's
 * variants, an order's items) at a few items; each item of a page costs 10 more, as it is
 * fetched (and federated) whatever is selected on it.
 */
export const COST_MODEL: CostModel = {
  defaultPageSize: DEFAULT_PAGE_SIZE,
  maxPageSize: MAX_PAGE_SIZE,
  unpagedListSize: 3,
  pageItemCost: 10,
};

/** graphql-armor prefixes each refusal with "Syntax Error:", which misleads: the query is well-formed. */
function reportClearly(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}
const armorRefusal = () => ({ propagateOnRejection: false, onReject: [reportClearly] });

/** What Apollo Server needs to enforce the request limits. */
export interface RequestLimits<TContext extends BaseContext> {
  /** Depth, alias and directive limits (graphql-armor) and the cost limit, refused as `GRAPHQL_VALIDATION_FAILED`. */
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<TContext>[];
  /** The parser's token limit (refused with `GRAPHQL_PARSE_FAILED`). */
  parseOptions: { maxTokens: number };
  /**
   * Checks a document received over graphql-ws against the same limits; the errors to refuse
   * it with (coded as Apollo Server codes them over HTTP), or `undefined` when it passes
   * (graphql-ws then parses and validates it as usual).
   */
  check(schema: GraphQLSchema, query: string): readonly GraphQLError[] | undefined;
}

/**
 * The limits on query shape: depth, aliases, directives and tokens (graphql-armor's validation
 * rules and graphql-js's parser limit), and cost (`costLimitRule`). Field suggestions in error
 * messages are masked in production, so a client cannot map a schema with introspection turned off.
 */
export function requestLimits<TContext extends BaseContext>(settings: EdgeSettings, production: boolean): RequestLimits<TContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: settings.maxDepth, ...armorRefusal() },
    // Every alias counts: armor exempts `__typename` by default, which let 300 aliases through a limit of 15.
    maxAliases: { n: settings.maxAliases, allowList: [], ...armorRefusal() },
    maxDirectives: { n: settings.maxDirectives, ...armorRefusal() },
    // The parser enforces the token limit itself (`parseOptions`), before any other work.
    maxTokens: { enabled: false },
    // armor's cost counts `first` only when it is a literal (a variable bypasses it) and ignores the
    // default page size; `costLimitRule` sizes every page.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  const validationRules = [...(armor.validationRules as ValidationRule[]), costLimitRule(settings.maxCost, COST_MODEL)];
  const parseOptions = { maxTokens: settings.maxTokens };
  return {
    validationRules,
    plugins: armor.plugins as ApolloServerPlugin<TContext>[],
    parseOptions,
    check(schema, query) {
      const coded = (error: GraphQLError, code: ApolloServerErrorCode) =>
        new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          extensions: { ...error.extensions, code },
        });
      let document: DocumentNode;
      try {
        document = parse(query, parseOptions);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return [coded(error, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED)];
      }
      const errors = validate(schema, document, validationRules);
      return errors.length ? errors.map((e) => coded(e, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED)) : undefined;
    },
  };
}
