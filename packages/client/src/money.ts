/** What the API's `Money` type carries that a price display needs. */
export interface MoneyLike {
  amountMinor: string | number;
  currencyCode: string;
}

/**
 * Formats an amount in minor units for display, e.g. `{ amountMinor: '24999', currencyCode: 'USD' }`
 * as `$249.99` and `{ amountMinor: '150000', currencyCode: 'VND' }` as `₫150,000` (the currency's own
 * number of decimals, from `Intl`). Minor units are exact integers; no float arithmetic on money.
 */
export function formatMoney(money: MoneyLike, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currencyCode });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(money.amountMinor);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  const decimal = digits ? `${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}` : `${abs}`;
  // Intl accepts decimal strings exactly (no rounding through a float).
  return format.format(`${negative ? '-' : ''}${decimal}` as unknown as number);
}
