import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type ValidationRule, parse, validate } from 'graphql';
import type { EdgeSettings } from '../config.js';

/** What Apollo Server needs to enforce the request limits. */
export interface RequestLimits<TContext extends BaseContext> {
  /** Depth, alias and directive limits (graphql-armor), refused as `GRAPHQL_VALIDATION_FAILED`. */
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
 * rules and graphql-js's parser limit). Field suggestions in error messages are masked in
 * production, so a client cannot map a schema with introspection turned off.
 */
export function requestLimits<TContext extends BaseContext>(settings: EdgeSettings, production: boolean): RequestLimits<TContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: settings.maxDepth },
    maxAliases: { n: settings.maxAliases },
    maxDirectives: { n: settings.maxDirectives },
    // The parser enforces the token limit itself (`parseOptions`), before any other work.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  const validationRules = armor.validationRules as ValidationRule[];
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
