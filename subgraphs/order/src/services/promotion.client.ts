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

/** Evaluates the best promotions for a cart (promotion `evaluatePromotions`), in one call. */
export async function evaluatePromotions(
  runtime: SubgraphRuntime,
  input: { currency: CurrencyCode; lines: PromotionLine[]; shippingAmountMinor: bigint; codes: string[]; customerId: string | null; segments: string[] },
): Promise<PromotionOutcome> {
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
