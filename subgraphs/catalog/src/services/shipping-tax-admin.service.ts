import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode } from '@shopgraph/errors';
import { recordEvent } from '@shopgraph/events';
import { bandsOverlap } from '../domain/shipping.js';
import { normalizeRegion, normalizeTaxRate } from '../domain/tax.js';
import { ShippingMethod, ShippingRate, ShippingZone, ShippingZoneCountry, TaxCategory, TaxRate } from '../entities/index.js';
import { type ShippingTaxTable, ShippingTaxUpdated } from '../events/catalog.events.js';
import { COUNTRY_CODE } from './checkout-quote.service.js';
import { type AdminResult, done, fail } from './pricing-admin.service.js';
import { bumpPricingVersion } from './price-change.service.js';

/**
 * Records that a shipping or tax row changed, in the changing transaction: bumps the pricing
 * version (the quote's cached shipping and tax tables are tagged with it) and writes ShippingTaxUpdated.
 */
async function tableEvent(tx: EntityManager, table: ShippingTaxTable, key: string, removed = false) {
  await bumpPricingVersion(tx);
  return recordEvent(tx, ShippingTaxUpdated, { aggregateId: `${table}:${key}`, payload: { table, key, removed } });
}

/** Codes of zones and methods: upper case, digits and underscores, e.g. EXPRESS or EU_WEST. */
const CODE = /^[A-Z][A-Z0-9_]{0,31}$/;

/** Sets a zone's name and countries (replacing its list); a country belongs to one zone only. Every change below records ShippingTaxUpdated with it. */
export async function setShippingZone(
  em: EntityManager,
  input: { code: string; name: string; countryCodes: string[] },
): Promise<AdminResult<ShippingZone>> {
  if (!CODE.test(input.code))
    return fail(UserErrorCode.INVALID_INPUT, 'Code must be upper-case letters, digits or _ (at most 32)', ['input', 'code']);
  if (!input.name.trim()) return fail(UserErrorCode.INVALID_INPUT, 'Name is required', ['input', 'name']);
  const countries = [...new Set(input.countryCodes.map((c) => c.trim().toUpperCase()))];
  const bad = countries.find((c) => !COUNTRY_CODE.test(c));
  if (bad !== undefined) return fail(UserErrorCode.INVALID_INPUT, `Not an ISO 3166-1 alpha-2 country: ${bad}`, ['input', 'countryCodes']);
  return em.transactional(async (tx) => {
    const taken = await tx.find(ShippingZoneCountry, { countryCode: { $in: countries }, zone: { code: { $ne: input.code } } });
    if (taken.length) {
      return fail(
        UserErrorCode.INVALID_INPUT,
        `Already in another zone: ${taken.map((c) => `${c.countryCode} (${c.zone.code})`).join(', ')}`,
        ['input', 'countryCodes'],
      );
    }
    const zone =
      (await tx.findOne(ShippingZone, { code: input.code })) ?? tx.create(ShippingZone, { code: input.code, name: input.name.trim() });
    zone.name = input.name.trim();
    await tx.flush();
    await tx.nativeDelete(ShippingZoneCountry, { zone, countryCode: { $nin: countries } });
    for (const countryCode of countries) await tx.upsert(ShippingZoneCountry, { countryCode, zone });
    await tx.populate(zone, ['countries'], { refresh: true });
    await tableEvent(tx, 'SHIPPING_ZONE', zone.code);
    return done(zone);
  });
}

/** Creates or updates a shipping method. */
export async function setShippingMethod(
  em: EntityManager,
  input: {
    code: string;
    name: string;
    description?: string | null;
    estimatedDaysMin: number;
    estimatedDaysMax: number;
    freeShippingThresholdMinor?: bigint | null;
    active?: boolean | null;
  },
): Promise<AdminResult<ShippingMethod>> {
  if (!CODE.test(input.code))
    return fail(UserErrorCode.INVALID_INPUT, 'Code must be upper-case letters, digits or _ (at most 32)', ['input', 'code']);
  if (!input.name.trim()) return fail(UserErrorCode.INVALID_INPUT, 'Name is required', ['input', 'name']);
  if (input.estimatedDaysMin < 0 || input.estimatedDaysMax < input.estimatedDaysMin) {
    return fail(UserErrorCode.INVALID_INPUT, 'Estimated days must satisfy 0 ≤ min ≤ max', ['input', 'estimatedDaysMax']);
  }
  if ((input.freeShippingThresholdMinor ?? 0n) < 0n)
    return fail(UserErrorCode.INVALID_INPUT, 'Threshold must not be negative', ['input', 'freeShippingThresholdMinor']);
  return em.transactional(async (tx) => {
    const method = await tx.upsert(ShippingMethod, {
      code: input.code,
      name: input.name.trim(),
      description: input.description ?? '',
      estimatedDaysMin: input.estimatedDaysMin,
      estimatedDaysMax: input.estimatedDaysMax,
      freeShippingThresholdMinor: input.freeShippingThresholdMinor ?? null,
      active: input.active ?? true,
    });
    await tableEvent(tx, 'SHIPPING_METHOD', method.code);
    return done(method);
  });
}

/**
 * Sets the price of a method to a zone for a weight band starting at `minWeightGrams` (the same
 * start replaces it; `priceMinor` null removes it). Bands of a method and zone never overlap.
 */
export async function setShippingRate(
  em: EntityManager,
  input: { methodCode: string; zoneCode: string; minWeightGrams: number; maxWeightGrams?: number | null; priceMinor: bigint | null },
): Promise<AdminResult<ShippingRate | null>> {
  const max = input.maxWeightGrams ?? null;
  if (input.minWeightGrams < 0)
    return fail(UserErrorCode.INVALID_INPUT, 'Minimum weight must not be negative', ['input', 'minWeightGrams']);
  if (max !== null && max <= input.minWeightGrams)
    return fail(UserErrorCode.INVALID_INPUT, 'Maximum weight must exceed the minimum', ['input', 'maxWeightGrams']);
  if (input.priceMinor !== null && input.priceMinor < 0n)
    return fail(UserErrorCode.INVALID_INPUT, 'Price must not be negative', ['input', 'priceMinor']);
  return em.transactional(async (tx) => {
    const [method, zone] = await Promise.all([
      tx.findOne(ShippingMethod, { code: input.methodCode }),
      tx.findOne(ShippingZone, { code: input.zoneCode }),
    ]);
    if (!method) return fail(UserErrorCode.NOT_FOUND, `No shipping method ${input.methodCode}`, ['input', 'methodCode']);
    if (!zone) return fail(UserErrorCode.NOT_FOUND, `No shipping zone ${input.zoneCode}`, ['input', 'zoneCode']);
    const bands = await tx.find(ShippingRate, { method, zone });
    const existing = bands.find((b) => b.minWeightGrams === input.minWeightGrams) ?? null;
    if (input.priceMinor === null) {
      if (existing) tx.remove(existing);
      await tx.flush();
      if (existing) await tableEvent(tx, 'SHIPPING_RATE', `${method.code}/${zone.code}/${input.minWeightGrams}`, true);
      return done(null);
    }
    const band = { minWeightGrams: input.minWeightGrams, maxWeightGrams: max };
    const clash = bands.find((b) => b !== existing && bandsOverlap(b, band));
    if (clash) {
      return fail(
        UserErrorCode.INVALID_INPUT,
        `Overlaps the band from ${clash.minWeightGrams} g${clash.maxWeightGrams === null ? '' : ` to ${clash.maxWeightGrams} g`}`,
        ['input', 'maxWeightGrams'],
      );
    }
    const rate = existing ?? tx.create(ShippingRate, { method, zone, minWeightGrams: input.minWeightGrams, priceMinor: input.priceMinor });
    rate.maxWeightGrams = max;
    rate.priceMinor = input.priceMinor;
    await tx.flush();
    await tableEvent(tx, 'SHIPPING_RATE', `${method.code}/${zone.code}/${input.minWeightGrams}`);
    return done(rate);
  });
}

/** Sets the tax rate of a country (and optional region) for a category; `ratePercent` null removes it. */
export async function setTaxRate(
  em: EntityManager,
  input: { countryCode: string; region?: string | null; category: TaxCategory; ratePercent: string | null; inclusive: boolean },
): Promise<AdminResult<TaxRate | null>> {
  const countryCode = input.countryCode.trim().toUpperCase();
  if (!COUNTRY_CODE.test(countryCode))
    return fail(UserErrorCode.INVALID_INPUT, 'Country must be an ISO 3166-1 alpha-2 code', ['input', 'countryCode']);
  const region = normalizeRegion(input.region) ?? '';
  if (region.length > 64) return fail(UserErrorCode.INVALID_INPUT, 'Region is at most 64 characters', ['input', 'region']);
  const key = { countryCode, region, category: input.category };
  const rowKey = `${countryCode}/${region}/${input.category}`;
  if (input.ratePercent === null) {
    return em.transactional(async (tx) => {
      if (await tx.nativeDelete(TaxRate, key)) await tableEvent(tx, 'TAX_RATE', rowKey, true);
      return done(null);
    });
  }
  let ratePercent: string;
  try {
    ratePercent = normalizeTaxRate(input.ratePercent);
  } catch (error) {
    return fail(UserErrorCode.INVALID_INPUT, (error as Error).message, ['input', 'ratePercent']);
  }
  return em.transactional(async (tx) => {
    const rate = await tx.upsert(
      TaxRate,
      { id: randomUUID(), ...key, ratePercent, inclusive: input.inclusive },
      {
        onConflictFields: ['countryCode', 'region', 'category'],
        onConflictMergeFields: ['ratePercent', 'inclusive'],
      },
    );
    await tableEvent(tx, 'TAX_RATE', rowKey);
    return done(rate);
  });
}

/** Every zone with its countries, by code. */
export function listShippingZones(em: EntityManager): Promise<ShippingZone[]> {
  return em.find(ShippingZone, {}, { populate: ['countries'], orderBy: { code: 'asc' } });
}

/** Every method, by code, and every rate (by method, zone and weight). */
export async function listShippingMethods(em: EntityManager): Promise<{ methods: ShippingMethod[]; rates: ShippingRate[] }> {
  const [methods, rates] = await Promise.all([
    em.find(ShippingMethod, {}, { orderBy: { code: 'asc' } }),
    em.find(ShippingRate, {}, { orderBy: { method: 'asc', zone: 'asc', minWeightGrams: 'asc' } }),
  ]);
  return { methods, rates };
}

/** Tax rates, of one country or all, by country, region and category. */
export function listTaxRates(em: EntityManager, countryCode?: string | null): Promise<TaxRate[]> {
  return em.find(TaxRate, countryCode ? { countryCode: countryCode.toUpperCase() } : {}, {
    orderBy: { countryCode: 'asc', region: 'asc', category: 'asc' },
  });
}
