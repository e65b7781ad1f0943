import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import { scaleRate } from '../domain/pricing.js';
import { CurrencyRate, MarkupKind, PriceListEntry, ProductVariant, QuantityTier, WarehouseMarkup } from '../entities/index.js';

/** A use case's result: the record it wrote, or why it wrote nothing. */
export type AdminResult<T> = { ok: T; errors: [] } | { ok: null; errors: UserError[] };

/** A use case result that wrote nothing, with one user error. */
export const fail = (code: UserErrorCode, message: string, field: string[]): AdminResult<never> => ({ ok: null, errors: [userError(code, message, field)] });
/** A use case result that wrote `ok`. */
export const done = <T>(ok: T): AdminResult<T> => ({ ok, errors: [] });

/**
 * Sets a variant's price in a currency: the base price when it is the base currency, otherwise an
 * explicit price-list entry that overrides conversion (`null` removes the entry).
 */
export async function setVariantPrice(
  em: EntityManager,
  baseCurrency: CurrencyCode,
  input: { sku: string; currency: CurrencyCode; amountMinor: bigint | null },
): Promise<AdminResult<ProductVariant>> {
  if (input.amountMinor !== null && input.amountMinor < 0n) return fail(UserErrorCode.INVALID_INPUT, 'Price must not be negative', ['input', 'amountMinor']);
  const variant = await em.findOne(ProductVariant, { sku: input.sku }, { populate: ['product'] });
  if (!variant) return fail(UserErrorCode.NOT_FOUND, `No variant ${input.sku}`, ['input', 'sku']);
  if (input.currency === baseCurrency) {
    if (input.amountMinor === null) return fail(UserErrorCode.INVALID_INPUT, 'The base price cannot be removed', ['input', 'amountMinor']);
    variant.basePriceMinor = input.amountMinor;
  } else if (input.amountMinor === null) {
    await em.nativeDelete(PriceListEntry, { sku: input.sku, currency: input.currency });
  } else {
    await em.upsert(PriceListEntry, { sku: input.sku, currency: input.currency, amountMinor: input.amountMinor });
  }
  await em.flush();
  return done(variant);
}

/** Records a rate from the base currency effective from `effectiveFrom` (now by default); same instant replaces. */
export async function setCurrencyRate(
  em: EntityManager,
  baseCurrency: CurrencyCode,
  input: { currency: CurrencyCode; rate: string; effectiveFrom?: Date | null },
): Promise<AdminResult<CurrencyRate>> {
  if (input.currency === baseCurrency) return fail(UserErrorCode.INVALID_INPUT, 'The base currency has no rate', ['input', 'currency']);
  try {
    scaleRate(input.rate);
  } catch (error) {
    return fail(UserErrorCode.INVALID_INPUT, (error as Error).message, ['input', 'rate']);
  }
  const effectiveFrom = input.effectiveFrom ?? new Date();
  const rate = await em.upsert(
    CurrencyRate,
    { id: randomUUID(), currency: input.currency, rate: input.rate, effectiveFrom },
    { onConflictFields: ['currency', 'effectiveFrom'], onConflictMergeFields: ['rate'] },
  );
  return done(rate);
}

/** Sets a warehouse's markup: basis points for PERCENT, base-currency minor units for FIXED. */
export async function setWarehouseMarkup(
  em: EntityManager,
  input: { warehouseId: string; kind: MarkupKind; value: bigint },
): Promise<AdminResult<WarehouseMarkup>> {
  if (input.value < 0n) return fail(UserErrorCode.INVALID_INPUT, 'Markup must not be negative', ['input', 'value']);
  return done(await em.upsert(WarehouseMarkup, { ...input }));
}

/** Sets the discount for buying at least `minQuantity` of a SKU (or of every SKU when `sku` is null). */
export async function setQuantityTier(
  em: EntityManager,
  input: { sku: string | null; minQuantity: number; discountBasisPoints: number },
): Promise<AdminResult<QuantityTier>> {
  if (input.minQuantity < 2) return fail(UserErrorCode.INVALID_INPUT, 'A tier starts at 2 units or more', ['input', 'minQuantity']);
  if (input.discountBasisPoints < 0 || input.discountBasisPoints > 10_000) {
    return fail(UserErrorCode.INVALID_INPUT, 'Discount must be between 0 and 10000 basis points', ['input', 'discountBasisPoints']);
  }
  if (input.sku !== null && (await em.count(ProductVariant, { sku: input.sku })) === 0) return fail(UserErrorCode.NOT_FOUND, `No variant ${input.sku}`, ['input', 'sku']);
  // A null SKU never conflicts in a unique constraint, so find the tier instead of upserting.
  const tier = (await em.findOne(QuantityTier, { sku: input.sku, minQuantity: input.minQuantity })) ?? em.create(QuantityTier, { sku: input.sku, minQuantity: input.minQuantity, discountBasisPoints: 0 });
  tier.discountBasisPoints = input.discountBasisPoints;
  await em.flush();
  return done(tier);
}
