import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { ProductStatus, VariantStatus } from '../entities/index.js';
import type { Product as ProductEntity, ProductVariant as VariantEntity } from '../entities/index.js';
import { priceCacheOf, syncPriceCache } from '../services/cached-pricing.service.js';
import type { AdminResult } from '../services/pricing-admin.service.js';
import { createProduct, createProductVariant, updateProduct, updateProductVariant } from '../services/product-admin.service.js';
import {
  ArchiveProductInput,
  ArchiveProductVariantInput,
  CreateProductInput,
  CreateProductVariantInput,
  ProductPayload,
  ProductVariantPayload,
  UpdateProductInput,
  UpdateProductVariantInput,
  optionsRecord,
} from './product-admin.types.js';
import { Product, ProductVariant } from './types.js';

const productPayload = (r: AdminResult<ProductEntity>): ProductPayload => ({ product: r.ok && Product.from(r.ok), userErrors: r.errors });
const variantPayload = (r: AdminResult<VariantEntity>): ProductVariantPayload => ({
  variant: r.ok && ProductVariant.from(r.ok),
  userErrors: r.errors,
});

/** Back-office product management (admin credential); every change emits ProductUpdated. */
@Resolver()
export class ProductAdminResolver {
  @Mutation(() => ProductPayload, { description: 'Admin: creates a product (DRAFT unless ACTIVE is asked) with its first variants.' })
  @RequiresPermission('catalog:write')
  async createProduct(
    @Arg('input', () => CreateProductInput) input: CreateProductInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductPayload> {
    const variants = input.variants?.map((v) => ({ ...v, options: optionsRecord(v.options) })) ?? null;
    return productPayload(await createProduct(ctx.em, { ...input, variants }));
  }

  @Mutation(() => ProductPayload, { description: 'Admin: changes a product; a status change follows the allowed transitions.' })
  @RequiresPermission('catalog:write')
  async updateProduct(
    @Arg('input', () => UpdateProductInput) input: UpdateProductInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductPayload> {
    return productPayload(await updateProduct(ctx.em, input));
  }

  @Mutation(() => ProductPayload, { description: 'Admin: archives a product: no longer listed nor sold.' })
  @RequiresPermission('catalog:write')
  async archiveProduct(
    @Arg('input', () => ArchiveProductInput) input: ArchiveProductInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductPayload> {
    return productPayload(await updateProduct(ctx.em, { id: input.id, status: ProductStatus.ARCHIVED }));
  }

  @Mutation(() => ProductVariantPayload, { description: 'Admin: adds a variant to a product.' })
  @RequiresPermission('catalog:write')
  async createProductVariant(
    @Arg('input', () => CreateProductVariantInput) input: CreateProductVariantInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductVariantPayload> {
    return variantPayload(await createProductVariant(ctx.em, { ...input, options: optionsRecord(input.options) }));
  }

  @Mutation(() => ProductVariantPayload, { description: 'Admin: changes a variant; a base price change also emits PriceUpdated.' })
  @RequiresPermission('catalog:write')
  async updateProductVariant(
    @Arg('input', () => UpdateProductVariantInput) input: UpdateProductVariantInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductVariantPayload> {
    const r = await updateProductVariant(ctx.em, { ...input, options: optionsRecord(input.options) });
    if (r.ok && input.basePriceMinor !== undefined && input.basePriceMinor !== null)
      await syncPriceCache(ctx.em, priceCacheOf(ctx.runtime));
    return variantPayload(r);
  }

  @Mutation(() => ProductVariantPayload, { description: 'Admin: archives a variant: no longer listed under its product.' })
  @RequiresPermission('catalog:write')
  async archiveProductVariant(
    @Arg('input', () => ArchiveProductVariantInput) input: ArchiveProductVariantInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductVariantPayload> {
    return variantPayload(await updateProductVariant(ctx.em, { sku: input.sku, status: VariantStatus.ARCHIVED }));
  }
}
