import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import {
  listShippingMethods,
  listShippingZones,
  listTaxRates,
  setShippingMethod,
  setShippingRate,
  setShippingZone,
  setTaxRate,
} from '../services/shipping-tax-admin.service.js';
import {
  SetShippingMethodInput,
  SetShippingMethodPayload,
  SetShippingRateInput,
  SetShippingRatePayload,
  SetShippingZoneInput,
  SetShippingZonePayload,
  SetTaxRateInput,
  SetTaxRatePayload,
  ShippingMethodRecord,
  ShippingRateRecord,
  ShippingZoneRecord,
  TaxRateRecord,
} from './shipping-tax-admin.types.js';

/** Back-office shipping and tax tables (admin credential). */
@Resolver()
export class ShippingTaxAdminResolver {
  @Query(() => [ShippingZoneRecord], { description: 'Admin: every shipping zone with its countries.' })
  @RequiresPermission('catalog:read')
  async shippingZones(@Ctx() ctx: RequestContext): Promise<ShippingZoneRecord[]> {
    return (await listShippingZones(ctx.em)).map(ShippingZoneRecord.from);
  }

  @Query(() => [ShippingMethodRecord], { description: 'Admin: every shipping method with its rates by zone and weight band.' })
  @RequiresPermission('catalog:read')
  async shippingMethods(@Ctx() ctx: RequestContext): Promise<ShippingMethodRecord[]> {
    const { methods, rates } = await listShippingMethods(ctx.em);
    return methods.map((m) => ShippingMethodRecord.from(m, rates, ctx.runtime.config.BASE_CURRENCY));
  }

  @Query(() => [TaxRateRecord], { description: 'Admin: tax rates, of one country or all.' })
  @RequiresPermission('catalog:read')
  async taxRates(
    @Ctx() ctx: RequestContext,
    @Arg('countryCode', () => String, { nullable: true, description: 'Only this country (ISO 3166-1 alpha-2).' })
    countryCode?: string | null,
  ): Promise<TaxRateRecord[]> {
    return (await listTaxRates(ctx.em, countryCode)).map(TaxRateRecord.from);
  }

  @Mutation(() => SetShippingZonePayload, { description: 'Admin: creates or replaces a shipping zone and its countries.' })
  @RequiresPermission('catalog:write')
  async setShippingZone(
    @Arg('input', () => SetShippingZoneInput) input: SetShippingZoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetShippingZonePayload> {
    const r = await setShippingZone(ctx.em, input);
    return { shippingZone: r.ok && ShippingZoneRecord.from(r.ok), userErrors: r.errors };
  }

  @Mutation(() => SetShippingMethodPayload, { description: 'Admin: creates or replaces a shipping method.' })
  @RequiresPermission('catalog:write')
  async setShippingMethod(
    @Arg('input', () => SetShippingMethodInput) input: SetShippingMethodInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetShippingMethodPayload> {
    const r = await setShippingMethod(ctx.em, input);
    return { shippingMethod: r.ok && ShippingMethodRecord.from(r.ok, [], ctx.runtime.config.BASE_CURRENCY), userErrors: r.errors };
  }

  @Mutation(() => SetShippingRatePayload, { description: 'Admin: sets or removes the price of a method to a zone for a weight band.' })
  @RequiresPermission('catalog:write')
  async setShippingRate(
    @Arg('input', () => SetShippingRateInput) input: SetShippingRateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetShippingRatePayload> {
    const r = await setShippingRate(ctx.em, { ...input, priceMinor: input.priceMinor ?? null });
    return { shippingRate: r.ok && ShippingRateRecord.from(r.ok, ctx.runtime.config.BASE_CURRENCY), userErrors: r.errors };
  }

  @Mutation(() => SetTaxRatePayload, { description: 'Admin: sets or removes a tax rate of a country or region for a category.' })
  @RequiresPermission('catalog:write')
  async setTaxRate(@Arg('input', () => SetTaxRateInput) input: SetTaxRateInput, @Ctx() ctx: RequestContext): Promise<SetTaxRatePayload> {
    const r = await setTaxRate(ctx.em, { ...input, ratePercent: input.ratePercent ?? null });
    return { taxRate: r.ok && TaxRateRecord.from(r.ok), userErrors: r.errors };
  }
}
