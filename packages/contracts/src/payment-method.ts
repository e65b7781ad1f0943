/**
 * Saved-card rules shared by the customer subgraph and the order checkout: provider tokens only,
 * never card numbers.
 */

/** Card brands we keep a label for. */
export enum CardBrand {
  VISA = 'VISA',
  MASTERCARD = 'MASTERCARD',
  AMEX = 'AMEX',
  JCB = 'JCB',
  OTHER = 'OTHER',
}

/** What is kept of a card: the payment provider's token and display details, never the number or CVC. */
export interface PaymentMethodFields {
  providerToken: string;
  brand: CardBrand;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
}

/** A problem of one field of a saved payment method. */
export interface PaymentMethodProblem {
  field: keyof PaymentMethodFields;
  message: string;
}

/** Whether a string looks like a primary account number, so a misused token field cannot smuggle one in. */
export function looksLikeCardNumber(value: string): boolean {
  return /^[\d -]{12,23}$/.test(value) && value.replace(/\D/g, '').length >= 12;
}

/** Every problem of a payment method to save at `now`; empty when it can be stored. */
export function paymentMethodProblems(method: PaymentMethodFields, now: Date): PaymentMethodProblem[] {
  const problems: PaymentMethodProblem[] = [];
  const token = method.providerToken.trim();
  if (!token || token.length > 255)
    problems.push({ field: 'providerToken', message: 'Provider token is required (at most 255 characters)' });
  else if (looksLikeCardNumber(token))
    problems.push({ field: 'providerToken', message: 'Send the payment provider token, never a card number' });
  if (!/^\d{4}$/.test(method.last4)) problems.push({ field: 'last4', message: 'last4 must be exactly four digits' });
  if (!Number.isInteger(method.expiryMonth) || method.expiryMonth < 1 || method.expiryMonth > 12) {
    problems.push({ field: 'expiryMonth', message: 'Expiry month must be 1 to 12' });
  } else if (!Number.isInteger(method.expiryYear) || method.expiryYear > now.getUTCFullYear() + 25) {
    problems.push({ field: 'expiryYear', message: 'Expiry year is not valid' });
  } else if (method.expiryYear * 12 + method.expiryMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    problems.push({ field: 'expiryYear', message: 'The card has expired' });
  }
  return problems;
}
