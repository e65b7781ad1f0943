import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import { MoneyType, money } from '@shopgraph/money';
import type { RequestContext } from '@shopgraph/subgraph';
import { catalogLoaders } from './loaders.js';
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
  async product(@Root() variant: ProductVariant, @Ctx() ctx: RequestContext): Promise<Product> {
    const product = await catalogLoaders(ctx).product.load(variant.productId);
    if (!product) throw new Error(`Product ${variant.productId} missing`);
    return product;
  }

  @FieldResolver(() => MoneyType, { description: 'Base price in the shop\'s base currency, before markups and tiers.' })
  basePrice(@Root() variant: ProductVariant, @Ctx() ctx: RequestContext): MoneyType {
    return MoneyType.from(money(variant.basePriceMinor, ctx.runtime.config.BASE_CURRENCY));
  }
}
