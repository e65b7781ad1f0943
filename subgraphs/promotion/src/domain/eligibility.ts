/** The parts of a campaign that decide whether it runs at a moment for a product. */
export interface CampaignWindow {
  active: boolean;
  startsAt: Date;
  endsAt?: Date | undefined;
  productIds: readonly string[];
}

/** Whether a campaign is running at `now`. */
export function isRunning(c: CampaignWindow, now: Date): boolean {
  return c.active && c.startsAt <= now && (!c.endsAt || now < c.endsAt);
}

/** Whether a running campaign covers a product (an empty list covers every product). */
export function coversProduct(c: CampaignWindow, productId: string): boolean {
  return c.productIds.length === 0 || c.productIds.includes(productId);
}
