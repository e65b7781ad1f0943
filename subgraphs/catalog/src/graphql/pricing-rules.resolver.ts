import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { CurrencyCodeEnum, type CurrencyCode } from '@shopgraph/money';
import {
  ConnectionArgs,
  type ConnectionShape,
  type Page,
  type RequestContext,
  pageSize,
  toConnection,
  RequiresPermission,
} from '@shopgraph/subgraph';
import { listCurrencyRates, listListPrices, listQuantityTiers, listWarehouseMarkups } from '../services/pricing-rules.service.js';
import { CurrencyRateRecord, QuantityTierRecord, WarehouseMarkupRecord } from './pricing-admin.types.js';
import {
  CurrencyRateConnection,
  ListPriceConnection,
  ListPriceRecord,
  QuantityTierConnection,
  WarehouseMarkupConnection,
} from './pricing-rules.types.js';

/** A page of rows as a connection of their GraphQL shapes. */
const connection = <R, N>(page: Page<R>, map: (row: R) => N, after: string | undefined): ConnectionShape<N> =>
  toConnection({ ...page, items: page.items.map(({ cursor, node }) => ({ cursor, node: map(node) })) }, after);

/** Back-office reads of the pricing rules that `PricingAdminResolver` sets (admin credential). */
@Resolver()
export class PricingRulesResolver {
  @Query(() => CurrencyRateConnection, {
    description:
      'Admin: exchange rates from the base currency, by currency and newest first, including past ones (as setCurrencyRate recorded them).',
  })
  @RequiresPermission('catalog:read')
  async currencyRates(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('currency', () => CurrencyCodeEnum, { nullable: true, description: 'Only the rates of this currency.' })
    currency?: CurrencyCode | null,
  ): Promise<ConnectionShape<CurrencyRateRecord>> {
    return connection(await listCurrencyRates(ctx.em, { currency }, pageSize(args.first), args.after), CurrencyRateRecord.from, args.after);
  }

  @Query(() => QuantityTierConnection, {
    description: 'Admin: quantity discounts (setQuantityTier), those for every SKU first, then by SKU and minimum quantity.',
  })
  @RequiresPermission('catalog:read')
  async quantityTiers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('sku', () => ID, { nullable: true, description: 'Only the tiers of this SKU (not those for every SKU).' }) sku?: string | null,
  ): Promise<ConnectionShape<QuantityTierRecord>> {
    return connection(await listQuantityTiers(ctx.em, { sku }, pageSize(args.first), args.after), QuantityTierRecord.from, args.after);
  }

  @Query(() => WarehouseMarkupConnection, {
    description: 'Admin: the markup of every warehouse that has one (setWarehouseMarkup), by warehouse id.',
  })
  @RequiresPermission('catalog:read')
  async warehouseMarkups(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ConnectionShape<WarehouseMarkupRecord>> {
    return connection(await listWarehouseMarkups(ctx.em, pageSize(args.first), args.after), WarehouseMarkupRecord.from, args.after);
  }

  @Query(() => ListPriceConnection, {
    description: 'Admin: list prices, explicit prices in other currencies that override conversion (setVariantPrice), by SKU and currency.',
  })
  @RequiresPermission('catalog:read')
  async listPrices(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('sku', () => ID, { nullable: true, description: 'Only the list prices of this SKU.' }) sku?: string | null,
    @Arg('currency', () => CurrencyCodeEnum, { nullable: true, description: 'Only the list prices in this currency.' })
    currency?: CurrencyCode | null,
  ): Promise<ConnectionShape<ListPriceRecord>> {
    return connection(await listListPrices(ctx.em, { sku, currency }, pageSize(args.first), args.after), ListPriceRecord.from, args.after);
  }
}
