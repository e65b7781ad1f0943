/** Most units of one SKU a cart line may hold. */
export const MAX_LINE_QUANTITY = 99;
/** Most distinct lines a cart may hold. */
export const MAX_CART_LINES = 100;

/** Whether a variant is for sale: it and its product are both ACTIVE (an archived variant of an active product is not). */
export function isSellable(variant: { status: string; product: { status: string } } | null | undefined): boolean {
  return variant?.status === 'ACTIVE' && variant.product.status === 'ACTIVE';
}

/** Why a requested quantity is refused, or null when it is acceptable. */
export function quantityProblem(quantity: number): string | null {
  if (!Number.isInteger(quantity)) return 'Quantity must be a whole number';
  if (quantity < 1) return 'Quantity must be at least 1';
  if (quantity > MAX_LINE_QUANTITY) return `Quantity must be at most ${MAX_LINE_QUANTITY}`;
  return null;
}

/** One line of a merge: what each cart holds of a SKU and what is available. */
export interface MergeInput {
  sku: string;
  customerQuantity: number;
  guestQuantity: number;
  available: number;
}

/** The merged quantity of a SKU, and whether it was capped. */
export interface MergeOutcome {
  sku: string;
  quantity: number;
  capped: boolean;
}

/**
 * The guest→customer merge rule: quantities of the same SKU are summed, then capped by what is
 * available now and by the line maximum; but a line never drops below what the customer's cart
 * already held (the merge adds, it does not take away). A result of 0 means no line.
 */
export function mergeQuantity(m: MergeInput): MergeOutcome {
  const wanted = m.customerQuantity + m.guestQuantity;
  const cap = Math.max(m.customerQuantity, Math.min(wanted, m.available, MAX_LINE_QUANTITY));
  return { sku: m.sku, quantity: cap, capped: cap < wanted };
}
