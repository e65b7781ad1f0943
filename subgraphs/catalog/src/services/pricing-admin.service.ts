import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import { scaleRate } from '../domain/pricing.js';
import { CurrencyRate, MarkupKind, PriceListEntry, ProductVariant, QuantityTier, WarehouseMarkup } from '../entities/index.js';
import { recordPriceChange } from './price-change.service.js';

/** A use case's result: the record it wrote, or why it wrote nothing. */
export type AdminResult<T> = { ok: T; errors: [] } | { ok: null; errors: UserError[] };

/** A use case result that wrote nothing, with one user error. */
export const fail = (code: UserErrorCode, message: string, field: string[]): AdminResult<never> => ({
  ok: null,
  errors: [userError(code, message, field)],
});
/** A use case result that wrote `ok`. */
export const done = <T>(ok: T): AdminResult<T> => ({ ok, errors: [] });

/**
 * Every pricing change below runs in one transaction with `recordPriceChange` (pricing version bump,
 * NOTIFY, `PriceUpdated` outbox event): the change and its event commit together or not at all.
 */

/**
 * Sets a variant's price in a currency: the base price when it is the base currency, otherwise an
 * explicit price-list entry that overrides conversion (`null` removes the entry).
 */
export async function setVariantPrice(
  em: EntityManager,
  baseCurrency: CurrencyCode,
  input: { sku: string; currency: CurrencyCode; amountMinor: bigint | null },
): Promise<AdminResult<ProductVariant>> {
  if (input.amountMinor !== null && input.amountMinor < 0n)
    return fail(UserErrorCode.INVALID_INPUT, 'Price must not be negative', ['input', 'amountMinor']);
  if (input.currency === baseCurrency && input.amountMinor === null)
    return fail(UserErrorCode.INVALID_INPUT, 'The base price cannot be removed', ['input', 'amountMinor']);
  return em.transactional(async (tx) => {
    const variant = await tx.findOne(ProductVariant, { sku: input.sku }, { populate: ['product'] });
    if (!variant) return fail(UserErrorCode.NOT_FOUND, `No variant ${input.sku}`, ['input', 'sku']);
    if (input.currency === baseCurrency) {
      variant.basePriceMinor = input.amountMinor!;
    } else if (input.amountMinor === null) {
      await tx.nativeDelete(PriceListEntry, { sku: input.sku, currency: input.currency });
    } else {
      await tx.upsert(PriceListEntry, { sku: input.sku, currency: input.currency, amountMinor: input.amountMinor });
    }
    await tx.flush();
    await recordPriceChange(tx, {
      change: input.currency === baseCurrency ? 'BASE_PRICE' : 'LIST_PRICE',
      sku: input.sku,
      currency: input.currency,
    });
    return done(variant);
  });
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
  return em.transactional(async (tx) => {
    const rate = await tx.upsert(
      CurrencyRate,
      { id: randomUUID(), currency: input.currency, rate: input.rate, effectiveFrom },
      { onConflictFields: ['currency', 'effectiveFrom'], onConflictMergeFields: ['rate'] },
    );
    await recordPriceChange(tx, { change: 'CURRENCY_RATE', currency: input.currency });
    return done(rate);
  });
}

/** Sets a warehouse's markup: basis points for PERCENT, base-currency minor units for FIXED. */
export async function setWarehouseMarkup(
  em: EntityManager,
  input: { warehouseId: string; kind: MarkupKind; value: bigint },
): Promise<AdminResult<WarehouseMarkup>> {
  if (input.value < 0n) return fail(UserErrorCode.INVALID_INPUT, 'Markup must not be negative', ['input', 'value']);
  return em.transactional(async (tx) => {
    const markup = await tx.upsert(WarehouseMarkup, { ...input });
    await recordPriceChange(tx, { change: 'WAREHOUSE_MARKUP', warehouseId: input.warehouseId });
    return done(markup);
  });
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
  return em.transactional(async (tx) => {
    if (input.sku !== null && (await tx.count(ProductVariant, { sku: input.sku })) === 0)
      return fail(UserErrorCode.NOT_FOUND, `No variant ${input.sku}`, ['input', 'sku']);
    // A null SKU never conflicts in a unique constraint, so find the tier instead of upserting.
    const tier =
      (await tx.findOne(QuantityTier, { sku: input.sku, minQuantity: input.minQuantity })) ??
      tx.create(QuantityTier, { sku: input.sku, minQuantity: input.minQuantity, discountBasisPoints: 0 });
    tier.discountBasisPoints = input.discountBasisPoints;
    await tx.flush();
    await recordPriceChange(tx, { change: 'QUANTITY_TIER', sku: input.sku });
    return done(tier);
  });
}
