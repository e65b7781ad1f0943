/** Why a cart line deserves the shopper's attention. */
export enum CartWarningCode {
  /** The unit price differs from the one shown when the line was added. */
  PRICE_CHANGED = 'PRICE_CHANGED',
  /** The product was withdrawn from sale or removed from the catalog. */
  NOT_SELLABLE = 'NOT_SELLABLE',
  /** Nothing is available any more. */
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  /** Fewer units are available than the line wants. */
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  /** A merge capped the line's quantity by availability or the line maximum. */
  QUANTITY_REDUCED = 'QUANTITY_REDUCED',
}

/** A warning about one line. */
export interface CartWarning {
  code: CartWarningCode;
  sku: string;
  message: string;
}

/** What is known now about one line. */
export interface LineFacts {
  sku: string;
  name: string;
  quantity: number;
  sellable: boolean;
  available: number;
  currency: string;
  currentUnitPriceMinor: bigint | null;
  seenUnitPriceMinor: bigint | null;
  seenCurrency: string | null;
}

/**
 * Warnings of one line: not sellable; out of or short of stock; or a price other than the one
 * seen when it was added (only comparable in the same currency).
 */
export function lineWarnings(f: LineFacts): CartWarning[] {
  if (!f.sellable) return [{ code: CartWarningCode.NOT_SELLABLE, sku: f.sku, message: `${f.name} is no longer for sale` }];
  const warnings: CartWarning[] = [];
  if (f.available === 0) warnings.push({ code: CartWarningCode.OUT_OF_STOCK, sku: f.sku, message: `${f.name} is out of stock` });
  else if (f.available < f.quantity)
    warnings.push({ code: CartWarningCode.INSUFFICIENT_STOCK, sku: f.sku, message: `Only ${f.available} of ${f.name} available` });
  if (
    f.currentUnitPriceMinor !== null &&
    f.seenUnitPriceMinor !== null &&
    f.seenCurrency === f.currency &&
    f.currentUnitPriceMinor !== f.seenUnitPriceMinor
  ) {
    warnings.push({ code: CartWarningCode.PRICE_CHANGED, sku: f.sku, message: `The price of ${f.name} changed since it was added` });
  }
  return warnings;
}
