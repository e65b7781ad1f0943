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

interface LoyaltyPayload {
  balance: number | null;
  entry: { points: number } | null;
  userErrors: { code: string; message: string }[];
}

async function loyaltyCall(
  runtime: SubgraphRuntime,
  field: 'earnPoints' | 'redeemPoints' | 'reversePoints',
  inputType: string,
  input: Record<string, unknown>,
): Promise<LoyaltyPayload> {
  const data = await runtime
    .client('customer')
    .request<Record<string, LoyaltyPayload>>(
      `mutation Loyalty($input: ${inputType}!) { ${field}(input: $input) { balance entry { points } userErrors { code message } } }`,
      { input },
    );
  return data[field]!;
}

/** Spends points on an order (customer `redeemPoints`, idempotent); the refusal, if the balance does not allow it. */
export async function redeemPoints(
  runtime: SubgraphRuntime,
  customerId: string,
  orderId: string,
  points: number,
): Promise<{ code: string; message: string } | null> {
  const result = await loyaltyCall(runtime, 'redeemPoints', 'OrderPointsInput', { customerId, orderId, points });
  return result.userErrors[0] ?? null;
}

/** Credits base points for an order (customer `earnPoints`, idempotent); the points credited after the tier multiplier. */
export async function earnPoints(
  runtime: SubgraphRuntime,
  customerId: string,
  orderId: string,
  points: number,
  orderAmountMinor: bigint | null,
): Promise<number> {
  const result = await loyaltyCall(runtime, 'earnPoints', 'OrderPointsInput', {
    customerId,
    orderId,
    points,
    ...(orderAmountMinor !== null ? { orderAmountMinor } : {}),
  });
  if (result.userErrors.length > 0)
    throw new Error(`earnPoints ${orderId}: ${result.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return result.entry?.points ?? points;
}

/** Undoes what an order earned and redeemed (customer `reversePoints`, idempotent). */
export async function reversePoints(runtime: SubgraphRuntime, customerId: string, orderId: string): Promise<void> {
  const result = await loyaltyCall(runtime, 'reversePoints', 'ReversePointsInput', { customerId, orderId });
  if (result.userErrors.length > 0)
    throw new Error(`reversePoints ${orderId}: ${result.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
}
