import type { CardBrand } from '@shopgraph/client';

/** One of the payment simulator's test cards (packages/paysim TEST_CARDS), by its fixed token. */
export interface TestCard {
  token: string;
  brand: CardBrand;
  last4: string;
  label: string;
}

/** The test cards a shopper can pay with or save. */
export const TEST_CARDS: readonly TestCard[] = [
  { token: 'tok_visa', brand: 'VISA', last4: '4242', label: 'Visa •••• 4242 (approved)' },
  { token: 'tok_chargeDeclined', brand: 'VISA', last4: '0002', label: 'Visa •••• 0002 (declined)' },
  { token: 'tok_chargeDeclinedInsufficientFunds', brand: 'VISA', last4: '9995', label: 'Visa •••• 9995 (insufficient funds)' },
  { token: 'tok_threeDSecureRequired', brand: 'VISA', last4: '3184', label: 'Visa •••• 3184 (3-D Secure)' },
];

/** A test card as the API takes a card (checkout's `card`, `addPaymentMethod`), by default expiring in three years. */
export function cardInput(card: TestCard, expiry = { month: 12, year: new Date().getFullYear() + 3 }) {
  return { providerToken: card.token, brand: card.brand, last4: card.last4, expiryMonth: expiry.month, expiryYear: expiry.year };
}
