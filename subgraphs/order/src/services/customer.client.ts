import type { SubgraphRuntime } from '@shopgraph/subgraph';
import type { CheckoutAddress } from '../domain/checkout-state.js';

/** A saved card as checkout sees it, with the provider token that must never reach the shopper. */
export interface SavedCard {
  id: string;
  providerToken: string;
  brand: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
}

/** What checkout knows of a customer: address book, saved cards and loyalty. */
export interface CustomerContext {
  customerId: string;
  email: string;
  addresses: (CheckoutAddress & { id: string; isDefaultShipping: boolean; isDefaultBilling: boolean })[];
  paymentMethods: SavedCard[];
  loyaltyPoints: number;
  loyaltyValue: { amountMinor: string; currencyCode: string };
  /** Derived segments (NEW or RETURNING, and VIP), for segment promotions. */
  segments: string[];
  tier: string;
  benefits: { pointsMultiplierPercent: number; freeStandardShipping: boolean };
}

/** The customer's checkout context (customer `checkoutContext`), in one call; null for an unknown customer. */
export async function fetchCustomerContext(runtime: SubgraphRuntime, customerId: string): Promise<CustomerContext | null> {
  const data = await runtime.client('customer').request<{ checkoutContext: CustomerContext | null }>(
    `query CheckoutContext($customerId: ID!) {
      checkoutContext(customerId: $customerId) {
        customerId email
        addresses { id fullName line1 line2 city region postalCode countryCode phone isDefaultShipping isDefaultBilling }
        paymentMethods { id providerToken brand last4 expiryMonth expiryYear }
        loyaltyPoints loyaltyValue { amountMinor currencyCode }
        segments tier benefits { pointsMultiplierPercent freeStandardShipping }
      }
    }`,
    { customerId },
  );
  return data.checkoutContext;
}
