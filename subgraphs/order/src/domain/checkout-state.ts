import { addressProblems, normalizeAddress, type AddressFields } from '@shopgraph/contracts/address';
import { paymentMethodProblems, type CardBrand } from '@shopgraph/contracts/payment-method';

/** An address chosen for a checkout: a copy of a saved one (with its id) or a new one. */
export interface CheckoutAddress extends AddressFields {
  /** The saved address it was copied from, if any. */
  savedAddressId?: string | null;
}

/** The payment method of a checkout. The provider token stays server-side for the confirmation. */
export interface CheckoutPayment {
  savedPaymentMethodId?: string | null;
  providerToken: string;
  brand: CardBrand | string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
}

/** A problem of one input field. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Normalizes a new address and lists its problems with the shared address rules the customer
 * subgraph's address book also applies (the same countries, regions and postal-code formats), so
 * checkout accepts exactly what the address book accepts.
 */
export function checkNewAddress(input: AddressFields): { address: CheckoutAddress; problems: FieldProblem[] } {
  const address = normalizeAddress(input);
  return { address, problems: addressProblems(address) };
}

/** Problems of a new tokenized card; a card number in the token field is refused. */
export function checkNewCard(card: Omit<CheckoutPayment, 'savedPaymentMethodId'>, now: Date): FieldProblem[] {
  return paymentMethodProblems({ ...card, brand: card.brand as CardBrand }, now);
}

/** Longest order note accepted. */
export const MAX_NOTES_LENGTH = 1000;
/** Most promotion codes a checkout may carry. */
export const MAX_PROMOTION_CODES = 5;

/** Codes trimmed, lower-cased (as the promotion subgraph stores them) and without repeats. */
export function normalizeCodes(codes: readonly string[]): string[] {
  return [...new Set(codes.map((c) => c.trim().toLowerCase()).filter((c) => c.length > 0))];
}
