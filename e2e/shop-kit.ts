import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { TestStack } from '@shopgraph/testing';
import {
  AdminAdjustStockDocument,
  AdminCreateCampaignDocument,
  AdminGenerateCouponCodesDocument,
  AdminSetVariantPriceDocument,
  AdminStockOfDocument,
  RegisterDocument,
  StartGuestSessionDocument,
} from './generated/graphql.js';

/** A small fluent kit for the shopping e2e tests: shoppers, an admin, stock and prices set exactly. */
export function shopKit(stack: TestStack) {
  let adminToken: string | undefined;
  const admin = async () =>
    (adminToken ??= (await stack.subgraphs.customer.runtime.signer!.sign(randomUUID(), { role: 'staff', staffRole: 'OWNER' }, 3600)).token);

  return {
    admin,
    /** A fresh guest token. */
    async guest(): Promise<string> {
      return (await stack.client.data(StartGuestSessionDocument)).startGuestSession.token.accessToken;
    },
    /** A fresh registered customer. */
    async customer(label: string): Promise<{ id: string; token: string; email: string }> {
      const email = `${label}.${randomUUID().slice(0, 8)}@example.com`;
      const data = await stack.client.data(RegisterDocument, {
        input: { email, password: 'checkout-pass-42', firstName: 'Check', lastName: 'Out' },
      });
      expect(data.register.userErrors).toEqual([]);
      return { id: data.register.customer!.id, token: data.register.token!.accessToken, email };
    },
    /** Units of a SKU available now. */
    async available(sku: string): Promise<number> {
      const data = await stack.client.data(AdminStockOfDocument, { sku }, { token: await admin() });
      return data.productVariant!.availability.available;
    },
    /** Makes exactly `units` of a SKU available, all in the first warehouse by priority. */
    async setAvailable(sku: string, units: number): Promise<void> {
      const token = await admin();
      const stock = (await stack.client.data(AdminStockOfDocument, { sku }, { token })).productVariant!.availability.warehouses!;
      for (const level of stock) {
        const delta = (level === stock[0] ? units : 0) - level.available;
        if (delta === 0) continue;
        const adjusted = await stack.client.data(
          AdminAdjustStockDocument,
          { input: { sku, warehouseId: level.warehouse.id, quantityDelta: delta, kind: 'ADJUSTMENT' } },
          { token },
        );
        expect(adjusted.adjustStock.userErrors).toEqual([]);
      }
      expect(await this.available(sku)).toBe(units);
    },
    /** A percentage campaign unlocked by one reusable code (VND), optionally limited in uses: its id and its code. */
    async coupon(
      name: string,
      percentageBasisPoints: number,
      prefix: string,
      usageLimit?: number,
    ): Promise<{ campaignId: string; code: string }> {
      const token = await admin();
      const input = {
        name,
        discountType: 'PERCENTAGE' as const,
        percentageBasisPoints,
        currency: 'VND',
        requiresCode: true,
        ...(usageLimit ? { usageLimit } : {}),
      };
      const created = await stack.client.data(AdminCreateCampaignDocument, { input }, { token });
      expect(created.createCampaign.userErrors).toEqual([]);
      const campaignId = created.createCampaign.promotion!.id;
      const codes = await stack.client.data(
        AdminGenerateCouponCodesDocument,
        { input: { campaignId, count: 1, prefix, singleUse: false } },
        { token },
      );
      expect(codes.generateCouponCodes.userErrors).toEqual([]);
      return { campaignId, code: codes.generateCouponCodes.codes[0]! };
    },
    /** Sets a variant's base price (VND minor units = dong). */
    async setPrice(sku: string, amountMinor: bigint): Promise<void> {
      const data = await stack.client.data(
        AdminSetVariantPriceDocument,
        { input: { sku, currency: 'VND', amountMinor: String(amountMinor) } },
        { token: await admin() },
      );
      expect(data.setVariantPrice.userErrors).toEqual([]);
    },
  };
}
