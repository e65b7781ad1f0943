import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { PaymentSnapshotBody } from '@shopgraph/paysim';
import { waitFor } from '@shopgraph/saga';
import type { TestStack } from '@shopgraph/testing';
import {
  AddToCartDocument,
  AdminStockLevelsDocument,
  ConfirmCheckoutDocument,
  type ConfirmCheckoutMutation,
  StartCheckoutDocument,
  UpdateCheckoutStateDocument,
  type UpdateCheckoutStateInput,
  type UpdateCheckoutStateMutation,
} from './generated/graphql.js';

/** A Vietnamese address in the seeded DOMESTIC zone. */
export const HANOI = {
  fullName: 'Ana Nguyen',
  line1: '1 Trang Tien',
  city: 'Hoan Kiem',
  region: 'Ha Noi',
  postalCode: '100000',
  countryCode: 'VN',
};

/** The preview a shopper agreed to. */
export type Preview = NonNullable<UpdateCheckoutStateMutation['updateCheckoutState']['checkoutSession']>;
/** The answer of confirmCheckout. */
export type Confirmation = ConfirmCheckoutMutation['confirmCheckout'];

/** What a ready checkout needs besides its lines. */
export interface ReadyOptions {
  card?: string;
  email?: string;
  codes?: string[];
  points?: number;
  shippingMethodCode?: string;
}

/** The simulator's record of one payment (GET /paysim/payments). */
export type SimPayment = PaymentSnapshotBody;

/**
 * Drives the confirmation path through the gateway: a cart, a started checkout with address,
 * shipping, card and contact, the preview the shopper saw, and `confirmCheckout` with a fresh key.
 */
export function checkoutKit(stack: TestStack, admin: () => Promise<string>) {
  const kit = {
    /** Adds lines, starts checkout and sets everything a confirmation needs; the last preview. */
    async ready(token: string, lines: { sku: string; quantity: number }[], options: ReadyOptions = {}): Promise<Preview> {
      for (const line of lines) {
        const added = (await stack.client.data(AddToCartDocument, { input: line }, { token })).addCartItem;
        expect(added.userErrors).toEqual([]);
      }
      const started = (await stack.client.data(StartCheckoutDocument, {}, { token })).startCheckout;
      expect(started.userErrors).toEqual([]);
      const session = started.checkoutSession!;
      const card = options.card ?? 'tok_visa';
      const input: UpdateCheckoutStateInput = {
        checkoutSessionId: session.id,
        shippingAddress: { address: HANOI },
        shippingMethodCode: options.shippingMethodCode ?? 'STANDARD',
        payment: {
          card: { providerToken: card, brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 },
        },
        ...(options.email ? { email: options.email } : {}),
        ...(options.codes ? { promotionCodes: options.codes } : {}),
        ...(options.points ? { loyaltyPoints: options.points } : {}),
      };
      const updated = (await stack.client.data(UpdateCheckoutStateDocument, { input }, { token })).updateCheckoutState;
      expect(updated.userErrors).toEqual([]);
      return updated.checkoutSession!;
    },
    /** Changes an open session; the new preview. */
    async update(token: string, input: UpdateCheckoutStateInput): Promise<Preview> {
      const updated = (await stack.client.data(UpdateCheckoutStateDocument, { input }, { token })).updateCheckoutState;
      expect(updated.userErrors).toEqual([]);
      return updated.checkoutSession!;
    },
    /** Switches the session's card to another test token; the new preview. */
    async useCard(token: string, sessionId: string, card: string): Promise<Preview> {
      return kit.update(token, {
        checkoutSessionId: sessionId,
        payment: {
          card: { providerToken: card, brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 },
        },
      });
    },
    /** One `confirmCheckout` call with the preview's total (or `total`) and a fresh key unless one is given. */
    async confirmOnce(
      token: string,
      preview: { id: string; totals: { total: Preview['totals']['total'] } },
      key: string = randomUUID(),
      total = preview.totals.total,
    ): Promise<Confirmation> {
      const input = {
        checkoutSessionId: preview.id,
        idempotencyKey: key,
        expectedTotal: { amountMinor: String(total.amountMinor), currencyCode: total.currencyCode },
      };
      return (await stack.client.data(ConfirmCheckoutDocument, { input }, { token })).confirmCheckout;
    },
    /**
     * Confirms and, while the answer is PROCESSING (a busy machine ran the saga past its inline
     * budget), asks again with the same key until it settles, as a storefront would.
     */
    async confirm(
      token: string,
      preview: { id: string; totals: { total: Preview['totals']['total'] } },
      key: string = randomUUID(),
      total = preview.totals.total,
    ): Promise<Confirmation> {
      let answer = await kit.confirmOnce(token, preview, key, total);
      if (answer.state === 'PROCESSING') {
        await waitFor(async () => {
          answer = await kit.confirmOnce(token, preview, key, total);
          return answer.state !== 'PROCESSING';
        }, 120_000);
      }
      return answer;
    },
    /** On-hand and reserved units of a SKU across warehouses. */
    async stock(sku: string): Promise<{ onHand: number; reserved: number; available: number }> {
      const levels = (await stack.client.data(AdminStockLevelsDocument, { sku }, { token: await admin() })).productVariant!.availability
        .warehouses!;
      return levels.reduce(
        (t, l) => ({ onHand: t.onHand + l.onHand, reserved: t.reserved + l.reserved, available: t.available + l.available }),
        { onHand: 0, reserved: 0, available: 0 },
      );
    },
    /** What the payment simulator holds for one of our payments. */
    async simPayments(paymentReference: string): Promise<SimPayment[]> {
      const response = await fetch(`${stack.paysim.url}/paysim/payments?reference=${encodeURIComponent(paymentReference)}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: SimPayment[] }).data;
    },
    /** Completes (or fails) a 3-D Secure challenge at the simulator. */
    async threeDSecure(pspReference: string, outcome: 'approve' | 'fail'): Promise<void> {
      const response = await fetch(`${stack.paysim.url}/paysim/3ds/${pspReference}/${outcome}`, { method: 'POST' });
      expect(response.status).toBe(200);
    },
  };
  return kit;
}

/** Ids of the payments the order subgraph opened for a checkout session, oldest first. */
export async function paymentIdsOf(stack: TestStack, sessionId: string): Promise<string[]> {
  const rows = await stack.subgraphs.order.runtime.orm.em
    .fork()
    .execute<{ id: string }[]>(`select "id" from "order"."payment" where "checkout_session_id" = ? order by "created_at", "id"`, [
      sessionId,
    ]);
  return rows.map((r) => r.id);
}
