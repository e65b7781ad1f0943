/** Currencies the shop can price in, with the number of digits of their minor unit (ISO 4217). */
export const CURRENCIES = {
  VND: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
} as const;

/** An ISO 4217 code the shop supports. */
export type CurrencyCode = keyof typeof CURRENCIES;

/** Whether a string is a supported currency code. */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCIES, code);
}

/** Digits after the decimal point for a currency (0 for VND and JPY, 2 for USD). */
export function minorDigits(currency: CurrencyCode): number {
  return CURRENCIES[currency];
}
