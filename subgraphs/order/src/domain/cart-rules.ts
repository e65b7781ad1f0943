/** Most units of one SKU a cart line may hold. */
export const MAX_LINE_QUANTITY = 99;
/** Most distinct lines a cart may hold. */
export const MAX_CART_LINES = 100;

/** Why a requested quantity is refused, or null when it is acceptable. */
export function quantityProblem(quantity: number): string | null {
  if (!Number.isInteger(quantity)) return 'Quantity must be a whole number';
  if (quantity < 1) return 'Quantity must be at least 1';
  if (quantity > MAX_LINE_QUANTITY) return `Quantity must be at most ${MAX_LINE_QUANTITY}`;
  return null;
}
