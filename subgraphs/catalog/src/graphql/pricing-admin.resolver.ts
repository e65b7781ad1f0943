import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { priceCacheOf, syncPriceCache } from '../services/cached-pricing.service.js';
import { setCurrencyRate, setQuantityTier, setVariantPrice, setWarehouseMarkup } from '../services/pricing-admin.service.js';
import {
  CurrencyRateRecord,
  QuantityTierRecord,
  SetCurrencyRateInput,
  SetCurrencyRatePayload,
  SetQuantityTierInput,
  SetQuantityTierPayload,
  SetVariantPriceInput,
  SetVariantPricePayload,
  SetWarehouseMarkupInput,
  SetWarehouseMarkupPayload,
  WarehouseMarkupRecord,
} from './pricing-admin.types.js';
import { ProductVariant } from './types.js';

/** Back-office price management (admin credential); after a change this process's price cache catches up at once. */
@Resolver()
export class PricingAdminResolver {
  @Mutation(() => SetVariantPricePayload, { description: "Admin: sets a variant's base price or its list price in another currency." })
  @RequiresPermission('catalog:write')
  async setVariantPrice(
    @Arg('input', () => SetVariantPriceInput) input: SetVariantPriceInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetVariantPricePayload> {
    const r = await setVariantPrice(ctx.em, ctx.runtime.config.BASE_CURRENCY, { ...input, amountMinor: input.amountMinor ?? null });
    if (r.ok) await syncPriceCache(ctx.em, priceCacheOf(ctx.runtime));
    return { variant: r.ok && ProductVariant.from(r.ok), userErrors: r.errors };
  }

  @Mutation(() => SetCurrencyRatePayload, { description: 'Admin: records an exchange rate from the base currency from an instant on.' })
  @RequiresPermission('catalog:write')
  async setCurrencyRate(
    @Arg('input', () => SetCurrencyRateInput) input: SetCurrencyRateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetCurrencyRatePayload> {
    const r = await setCurrencyRate(ctx.em, ctx.runtime.config.BASE_CURRENCY, input);
    if (r.ok) await syncPriceCache(ctx.em, priceCacheOf(ctx.runtime));
    return { currencyRate: r.ok && CurrencyRateRecord.from(r.ok), userErrors: r.errors };
  }

  @Mutation(() => SetWarehouseMarkupPayload, { description: 'Admin: sets the markup a warehouse adds per unit.' })
  @RequiresPermission('catalog:write')
  async setWarehouseMarkup(
    @Arg('input', () => SetWarehouseMarkupInput) input: SetWarehouseMarkupInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetWarehouseMarkupPayload> {
    const r = await setWarehouseMarkup(ctx.em, input);
    if (r.ok) await syncPriceCache(ctx.em, priceCacheOf(ctx.runtime));
    return { warehouseMarkup: r.ok && WarehouseMarkupRecord.from(r.ok), userErrors: r.errors };
  }

  @Mutation(() => SetQuantityTierPayload, { description: 'Admin: sets the discount from a quantity, for one SKU or all.' })
  @RequiresPermission('catalog:write')
  async setQuantityTier(
    @Arg('input', () => SetQuantityTierInput) input: SetQuantityTierInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetQuantityTierPayload> {
    const r = await setQuantityTier(ctx.em, { ...input, sku: input.sku ?? null });
    if (r.ok) await syncPriceCache(ctx.em, priceCacheOf(ctx.runtime));
    return { quantityTier: r.ok && QuantityTierRecord.from(r.ok), userErrors: r.errors };
  }
}
