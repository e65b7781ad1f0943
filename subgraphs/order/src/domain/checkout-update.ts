import type { AddressFields } from '@shopgraph/contracts/address';
import { isValidEmail, normalizeEmail } from '@shopgraph/contracts/email';
import {
  type CheckoutAddress,
  type CheckoutPayment,
  type FieldProblem,
  MAX_NOTES_LENGTH,
  MAX_PROMOTION_CODES,
  checkNewAddress,
  checkNewCard,
  normalizeCodes,
} from './checkout-state.js';

/** An address as the shopper picks it: a saved one by id, or a new one (exactly one). */
export interface AddressChoice {
  savedAddressId?: string | null;
  address?: AddressFields | null;
}

/** A payment method as the shopper picks it: a saved card by id, or a new tokenized card (exactly one). */
export interface PaymentChoice {
  savedPaymentMethodId?: string | null;
  card?: Omit<CheckoutPayment, 'savedPaymentMethodId'> | null;
}

/** What `updateCheckoutState` may change: undefined leaves a field, null clears it. */
export interface CheckoutUpdate {
  shippingAddress?: AddressChoice | null;
  billingAddress?: AddressChoice | null;
  shippingMethodCode?: string | null;
  payment?: PaymentChoice | null;
  promotionCodes?: string[] | null;
  loyaltyPoints?: number | null;
  notes?: string | null;
  /** Contact email for the order confirmation; null falls back to the account email. */
  email?: string | null;
}

/** What checkout knows of the shopper's saved data (empty for guests). */
export interface SavedData {
  addresses: (CheckoutAddress & { id: string })[];
  cards: (CheckoutPayment & { id: string })[];
  loyaltyPoints: number;
  signedIn: boolean;
}

/** The new values of the fields the update touches. */
export interface CheckoutChanges {
  shippingAddress?: CheckoutAddress | null;
  billingAddress?: CheckoutAddress | null;
  shippingMethodCode?: string | null;
  payment?: CheckoutPayment | null;
  promotionCodes?: string[];
  loyaltyPoints?: number;
  notes?: string | null;
  email?: string | null;
}

/** A problem with a code the API maps to a user error. */
export interface UpdateProblem extends FieldProblem {
  code: 'INVALID_INPUT' | 'NOT_FOUND' | 'INSUFFICIENT_POINTS';
}

function pickAddress(choice: AddressChoice, saved: SavedData, field: string): { value?: CheckoutAddress; problems: UpdateProblem[] } {
  const hasSaved = !!choice.savedAddressId;
  if (hasSaved === !!choice.address)
    return { problems: [{ code: 'INVALID_INPUT', field, message: 'Give either savedAddressId or address' }] };
  if (hasSaved) {
    const found = saved.addresses.find((a) => a.id === choice.savedAddressId);
    if (!found) return { problems: [{ code: 'NOT_FOUND', field: `${field}.savedAddressId`, message: 'No such saved address' }] };
    const { id, ...fields } = found;
    return { value: { ...fields, savedAddressId: id }, problems: [] };
  }
  const { address, problems } = checkNewAddress(choice.address!);
  return {
    value: { ...address, savedAddressId: null },
    problems: problems.map((p) => ({ code: 'INVALID_INPUT', field: `${field}.address.${p.field}`, message: p.message })),
  };
}

function pickPayment(choice: PaymentChoice, saved: SavedData, now: Date): { value?: CheckoutPayment; problems: UpdateProblem[] } {
  const hasSaved = !!choice.savedPaymentMethodId;
  if (hasSaved === !!choice.card)
    return { problems: [{ code: 'INVALID_INPUT', field: 'payment', message: 'Give either savedPaymentMethodId or card' }] };
  if (hasSaved) {
    const found = saved.cards.find((c) => c.id === choice.savedPaymentMethodId);
    if (!found)
      return { problems: [{ code: 'NOT_FOUND', field: 'payment.savedPaymentMethodId', message: 'No such saved payment method' }] };
    const { id, ...card } = found;
    return { value: { ...card, savedPaymentMethodId: id }, problems: [] };
  }
  const card = { ...choice.card!, providerToken: choice.card!.providerToken.trim() };
  const problems = checkNewCard(card, now).map((p): UpdateProblem => ({
    code: 'INVALID_INPUT',
    field: `payment.card.${p.field}`,
    message: p.message,
  }));
  return { value: { ...card, savedPaymentMethodId: null }, problems };
}

/**
 * Turns an update into changes, or lists every problem (and then nothing changes): saved ids must
 * be the shopper's own, new addresses follow the address book's country rules, a new card is a
 * provider token with display details (a card number is refused), points are bounded by the
 * balance. Rules that need the totals (codes, method offered, points the order can absorb) are
 * checked after computing them.
 */
export function resolveUpdate(
  update: CheckoutUpdate,
  saved: SavedData,
  now: Date,
): { changes: CheckoutChanges; problems: UpdateProblem[] } {
  const changes: CheckoutChanges = {};
  const problems: UpdateProblem[] = [];
  for (const key of ['shippingAddress', 'billingAddress'] as const) {
    const choice = update[key];
    if (choice === undefined) continue;
    if (choice === null) {
      changes[key] = null;
      continue;
    }
    const picked = pickAddress(choice, saved, key);
    problems.push(...picked.problems);
    if (picked.value) changes[key] = picked.value;
  }
  if (update.shippingMethodCode !== undefined) changes.shippingMethodCode = update.shippingMethodCode?.trim() || null;
  if (update.payment !== undefined) {
    if (update.payment === null) changes.payment = null;
    else {
      const picked = pickPayment(update.payment, saved, now);
      problems.push(...picked.problems);
      if (picked.value) changes.payment = picked.value;
    }
  }
  if (update.promotionCodes != null) {
    const codes = normalizeCodes(update.promotionCodes);
    if (codes.length > MAX_PROMOTION_CODES)
      problems.push({ code: 'INVALID_INPUT', field: 'promotionCodes', message: `At most ${MAX_PROMOTION_CODES} codes` });
    changes.promotionCodes = codes;
  }
  if (update.loyaltyPoints != null) {
    const points = update.loyaltyPoints;
    if (!Number.isInteger(points) || points < 0)
      problems.push({ code: 'INVALID_INPUT', field: 'loyaltyPoints', message: 'Points must be a whole number, 0 or more' });
    else if (points > 0 && !saved.signedIn)
      problems.push({ code: 'INSUFFICIENT_POINTS', field: 'loyaltyPoints', message: 'Sign in to use loyalty points' });
    else if (points > saved.loyaltyPoints)
      problems.push({ code: 'INSUFFICIENT_POINTS', field: 'loyaltyPoints', message: `You have ${saved.loyaltyPoints} points` });
    changes.loyaltyPoints = points;
  }
  if (update.notes !== undefined) {
    const notes = update.notes?.trim() || null;
    if (notes && notes.length > MAX_NOTES_LENGTH)
      problems.push({ code: 'INVALID_INPUT', field: 'notes', message: `Notes must have at most ${MAX_NOTES_LENGTH} characters` });
    changes.notes = notes;
  }
  if (update.email !== undefined) {
    const email = update.email === null ? null : normalizeEmail(update.email);
    if (email !== null && !isValidEmail(email))
      problems.push({ code: 'INVALID_INPUT', field: 'email', message: 'Email address is not valid' });
    changes.email = email;
  }
  return { changes, problems };
}
