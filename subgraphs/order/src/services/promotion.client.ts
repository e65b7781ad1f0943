import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';

/** A cart line as the promotion engine reads it. */
export interface PromotionLine {
  lineId: string;
  productId: string;
  categoryIds: string[];
  quantity: number;
  unitPriceMinor: bigint;
}

/** The promotion subgraph's evaluation of a cart. */
export interface PromotionOutcome {
  applied: {
    promotionId: string;
    code: string | null;
    amount: { amountMinor: string };
    lines: { lineId: string; amount: { amountMinor: string } }[];
    shippingAmount: { amountMinor: string };
  }[];
  rejected: { promotionId: string; reason: string }[];
  unknownCodes: string[];
}

/** A cart as the promotion engine evaluates (and later redeems) it. */
export interface PromotionInput {
  currency: CurrencyCode;
  lines: PromotionLine[];
  shippingAmountMinor: bigint;
  codes: string[];
  customerId: string | null;
  segments: string[];
}

/** Evaluates the best promotions for a cart (promotion `evaluatePromotions`), in one call. */
export async function evaluatePromotions(runtime: SubgraphRuntime, input: PromotionInput): Promise<PromotionOutcome> {
  const data = await runtime.client('promotion').request<{ evaluatePromotions: PromotionOutcome }>(
    `query EvaluatePromotions($input: EvaluatePromotionsInput!) {
      evaluatePromotions(input: $input) {
        applied { promotionId code amount { amountMinor } lines { lineId amount { amountMinor } } shippingAmount { amountMinor } }
        rejected { promotionId reason }
        unknownCodes
      }
    }`,
    {
      input: {
        cart: { currencyCode: input.currency, lines: input.lines, shippingAmountMinor: input.shippingAmountMinor, codes: input.codes },
        customerId: input.customerId,
        segments: input.segments,
      },
    },
  );
  return data.evaluatePromotions;
}

/** A promotion an order redeemed. */
export interface Redemption {
  promotionId: string;
  amountMinor: string;
}

/**
 * Redeems the best promotions for an order (promotion `redeemPromotions`): idempotent by order id,
 * so a retry returns the first redemption. Unknown codes redeem nothing.
 */
export async function redeemPromotions(
  runtime: SubgraphRuntime,
  orderId: string,
  buyerId: string,
  input: Omit<PromotionInput, 'customerId'>,
): Promise<Redemption[]> {
  const data = await runtime.client('promotion').request<{
    redeemPromotions: { redemptions: (Redemption & { redeemed: boolean })[]; userErrors: { code: string; message: string }[] };
  }>(
    `mutation RedeemPromotions($input: RedeemPromotionsInput!) {
      redeemPromotions(input: $input) { redemptions { promotionId amountMinor redeemed } userErrors { code message } }
    }`,
    {
      input: {
        orderId,
        customerId: buyerId,
        segments: input.segments,
        cart: { currencyCode: input.currency, lines: input.lines, shippingAmountMinor: input.shippingAmountMinor, codes: input.codes },
      },
    },
  );
  const { redemptions, userErrors } = data.redeemPromotions;
  // A code that vanished since the preview redeems nothing: the caller sees the difference.
  if (userErrors.some((e) => e.code !== 'INVALID_PROMOTION_CODE'))
    throw new Error(`redeemPromotions for ${orderId}: ${userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return redemptions.filter((r) => r.redeemed).map(({ promotionId, amountMinor }) => ({ promotionId, amountMinor: String(amountMinor) }));
}

/** Gives an order's redemptions back (promotion `reversePromotions`, idempotent). */
export async function reversePromotions(runtime: SubgraphRuntime, orderId: string): Promise<void> {
  const data = await runtime
    .client('promotion')
    .request<{ reversePromotions: { userErrors: { code: string; message: string }[] } }>(
      `mutation ReversePromotions($input: ReversePromotionsInput!) { reversePromotions(input: $input) { userErrors { code message } } }`,
      { input: { orderId } },
    );
  const errors = data.reversePromotions.userErrors;
  if (errors.length > 0) throw new Error(`reversePromotions for ${orderId}: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
}
