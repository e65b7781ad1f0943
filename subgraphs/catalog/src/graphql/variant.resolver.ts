import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import { BadUserInputError } from '@shopgraph/errors';
import { type CurrencyCode, CurrencyCodeEnum, MoneyType, money } from '@shopgraph/money';
import { cachedDisplayPrice, priceCacheOf, pricesThroughCache } from '../services/cached-pricing.service.js';
import type { RequestContext } from '@shopgraph/subgraph';
import { catalogLoaders } from './loaders.js';
import { PRICING_ORDER, PriceLinesInput, PricedLineResult, VariantPrice } from './pricing.types.js';
import { Product, ProductVariant } from './types.js';

/** Variant queries and the variant's own fields. */
@Resolver(() => ProductVariant)
export class VariantResolver {
  @Query(() => ProductVariant, { nullable: true, description: 'One variant by SKU.' })
  productVariant(@Arg('sku', () => ID) sku: string, @Ctx() ctx: RequestContext): Promise<ProductVariant | null> {
    return catalogLoaders(ctx).variant.load(sku);
  }

  @Directive('@inaccessible')
  @Query(() => [ProductVariant], { description: 'Internal: variants by SKU for the order subgraph (service credential).' })
  async internalVariants(@Arg('skus', () => [ID]) skus: string[], @Ctx() ctx: RequestContext): Promise<ProductVariant[]> {
    requireKind(ctx.identity, 'service');
    const found = await catalogLoaders(ctx).variant.loadMany(skus);
    return found.filter((v): v is ProductVariant => v instanceof ProductVariant);
  }

  @FieldResolver(() => Product, { description: 'The product this variant belongs to.' })
  product(@Root() variant: ProductVariant, @Ctx() ctx: RequestContext): Product | Promise<Product> {
    if (variant.joinedProduct) return variant.joinedProduct;
    return catalogLoaders(ctx)
      .product.load(variant.productId)
      .then((product) => {
        if (!product) throw new Error(`Product ${variant.productId} missing`);
        return product;
      });
  }

  @FieldResolver(() => MoneyType, { description: "Base price in the shop's base currency, before markups and tiers." })
  basePrice(@Root() variant: ProductVariant, @Ctx() ctx: RequestContext): MoneyType {
    return MoneyType.from(money(variant.basePriceMinor, ctx.runtime.config.BASE_CURRENCY));
  }

  @FieldResolver(() => VariantPrice, {
    description: `The price for a currency (default: the base currency), quantity and warehouse. ${PRICING_ORDER}`,
  })
  price(
    @Root() variant: ProductVariant,
    @Ctx() ctx: RequestContext,
    @Arg('currency', () => CurrencyCodeEnum, { nullable: true, description: 'Currency of the price; the base currency when omitted.' })
    currency?: CurrencyCode,
    @Arg('quantity', () => Int, { defaultValue: 1, description: 'Units bought; quantity tiers apply from their minimum.' }) quantity = 1,
    @Arg('warehouseId', () => ID, { nullable: true, description: 'Warehouse that ships it, for its markup.' }) warehouseId?: string,
  ): VariantPrice | Promise<VariantPrice> {
    if (!Number.isInteger(quantity) || quantity < 1) throw new BadUserInputError('Quantity must be a positive integer', ['quantity']);
    const key = { sku: variant.sku, currency: currency ?? ctx.runtime.config.BASE_CURRENCY, quantity, warehouseId: warehouseId ?? null };
    // A cached display price is answered at once; the rest are batched per request tick.
    const hit = cachedDisplayPrice(priceCacheOf(ctx.runtime), key.currency, key);
    if (hit) return VariantPrice.from(hit);
    return catalogLoaders(ctx).price.load(key).then(VariantPrice.from);
  }

  @Directive('@inaccessible')
  @Query(() => [PricedLineResult], {
    description:
      'Internal: prices a whole cart in one call with a bounded number of queries (service credential). Always fresh: it reads the ' +
      'committed pricing version first and serves a cached price only if it was computed under that version, so it never ' +
      'charges a price older than the last committed change.',
  })
  async internalPriceLines(
    @Arg('input', () => PriceLinesInput) input: PriceLinesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PricedLineResult[]> {
    requireKind(ctx.identity, 'service');
    const priced = await pricesThroughCache(
      ctx.em,
      priceCacheOf(ctx.runtime),
      ctx.runtime.config.BASE_CURRENCY,
      input.currency,
      input.lines,
      { fresh: true },
    );
    return priced.map(PricedLineResult.from);
  }
}
