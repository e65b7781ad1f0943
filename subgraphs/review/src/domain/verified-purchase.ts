/** A delivered order line of a customer, and how much of it came back. */
export interface PurchaseLine {
  quantity: number;
  returnedQuantity: number;
}

/** Verified purchase: the customer received the product in an order line not returned since (in full). */
export function isVerifiedPurchase(lines: readonly PurchaseLine[]): boolean {
  return lines.some((l) => l.quantity > l.returnedQuantity);
}
