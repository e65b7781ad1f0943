export * from './generated/graphql.js';
export {
  type ShopgraphClient,
  type ShopgraphClientOptions,
  type ShopgraphResult,
  type SubscriptionObserver,
  type VariablesOf,
  createShopgraphClient,
  newIdempotencyKey,
} from './client.js';
export { type GraphQLErrorShape, ShopgraphError, isTokenExpired } from './errors.js';
export { type MoneyLike, formatMoney } from './money.js';
