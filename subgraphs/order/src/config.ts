import { loadConfig, z } from '@shopgraph/config';

/** Settings of the order subgraph beyond the common ones. */
export const orderEnv = z.object({
  /** How often checkout sessions past their time are expired (cart back to ACTIVE, stock released). */
  CHECKOUT_EXPIRY_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
});
/** Parsed order settings. */
export type OrderConfig = z.infer<typeof orderEnv>;

let cached: OrderConfig | undefined;

/** The order settings, read from the environment once. */
export function orderConfig(): OrderConfig {
  cached ??= loadConfig(orderEnv);
  return cached;
}
