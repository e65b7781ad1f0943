import type { CurrencyCode, Money } from '@shopgraph/money';

/** Where a campaign applies: the whole cart, each catalog item, or a customer group. */
export enum CampaignType {
  CART = 'CART',
  CATALOG = 'CATALOG',
  CUSTOMER = 'CUSTOMER',
}

/** How a campaign discounts. */
export enum DiscountType {
  PERCENTAGE = 'PERCENTAGE',
  FIXED_AMOUNT = 'FIXED_AMOUNT',
  BUY_X_GET_Y = 'BUY_X_GET_Y',
  FREE_SHIPPING = 'FREE_SHIPPING',
}

/** Why a campaign did not apply to a cart. */
export enum RejectionReason {
  INACTIVE = 'INACTIVE',
  NOT_STARTED = 'NOT_STARTED',
  EXPIRED = 'EXPIRED',
  CODE_REQUIRED = 'CODE_REQUIRED',
  SEGMENT_NOT_ELIGIBLE = 'SEGMENT_NOT_ELIGIBLE',
  USAGE_LIMIT_REACHED = 'USAGE_LIMIT_REACHED',
  CUSTOMER_LIMIT_REACHED = 'CUSTOMER_LIMIT_REACHED',
  BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED',
  MINIMUM_NOT_MET = 'MINIMUM_NOT_MET',
  NO_ELIGIBLE_ITEMS = 'NO_ELIGIBLE_ITEMS',
  NOT_COMBINABLE = 'NOT_COMBINABLE',
}

/** One line of the cart being priced. */
export interface CartLine {
  lineId: string;
  productId: string;
  categoryIds: readonly string[];
  quantity: number;
  unitPrice: Money;
}

/** The cart a set of campaigns is evaluated against. */
export interface PromotionCart {
  lines: readonly CartLine[];
  /** Null for a guest. */
  customerId: string | null;
  segments: readonly string[];
  currency: CurrencyCode;
  shippingAmount: Money;
}

/**
 * A campaign's rules plus its current usage. Amounts are minor units of `currency`; a campaign
 * in another currency than the cart's never applies (NO_ELIGIBLE_ITEMS).
 */
export interface CampaignRule {
  id: string;
  campaignType: CampaignType;
  discountType: DiscountType;
  currency: CurrencyCode;
  /** PERCENTAGE: share off; BUY_X_GET_Y: share off each free unit (10000 = free). */
  percentageBasisPoints: number | null;
  /** FIXED_AMOUNT: off the eligible subtotal (CART, CUSTOMER) or off each eligible unit (CATALOG). */
  fixedAmountMinor: bigint | null;
  /** BUY_X_GET_Y: buy this many… */
  buyQuantity: number | null;
  /** …and get this many more discounted, repeated for every full group. */
  getQuantity: number | null;
  /** Compared with the whole cart's subtotal before any discount. */
  minimumOrderAmountMinor: bigint | null;
  maximumDiscountAmountMinor: bigint | null;
  /** Empty means every product (resp. category). */
  productIds: readonly string[];
  categoryIds: readonly string[];
  excludedProductIds: readonly string[];
  excludedCategoryIds: readonly string[];
  /** Empty means every shopper, guests included. */
  customerSegments: readonly string[];
  usageLimit: number | null;
  perCustomerLimit: number | null;
  budgetMinor: bigint | null;
  usageCount: number;
  /** Redemptions by the cart's customer. */
  customerUsageCount: number;
  budgetUsedMinor: bigint;
  startsAt: Date;
  endsAt: Date | null;
  active: boolean;
  requiresCode: boolean;
  /** Codes that unlock the campaign (any case). */
  codes: readonly string[];
  /** An exclusive campaign is never combined with another. */
  exclusive: boolean;
  /** Higher goes first when combining; also breaks ties between equal totals. */
  priority: number;
}

/** The part of a discount that falls on one cart line. */
export interface LineAllocation {
  lineId: string;
  amount: Money;
}

/** A campaign that applies, with what it takes off and where. */
export interface AppliedPromotion {
  campaignId: string;
  /** The entered code that unlocked it, lower-cased; null when none was needed. */
  code: string | null;
  amount: Money;
  /** Parts on lines (sums exactly to `amount` minus `shippingAmount`). */
  lines: LineAllocation[];
  shippingAmount: Money;
}

/** A campaign that does not apply, and why. */
export interface RejectedPromotion {
  campaignId: string;
  reason: RejectionReason;
}

/** The outcome of evaluating campaigns against a cart. */
export interface PromotionResult {
  applied: AppliedPromotion[];
  rejected: RejectedPromotion[];
  totalDiscount: Money;
  /** Entered codes (lower-cased) that unlock no campaign at all. */
  unknownCodes: string[];
}
