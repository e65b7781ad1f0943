import { loadConfig, z } from '@shopgraph/config';

/** Settings of the order subgraph beyond the common ones. */
export const orderEnv = z.object({
  /** How often checkout sessions past their time are expired (cart back to ACTIVE, stock released). */
  CHECKOUT_EXPIRY_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  /** How long `confirmCheckout` drives the saga inline before answering with the state so far. */
  CONFIRM_BUDGET_MS: z.coerce.number().int().min(100).max(30000).default(5000),
  /** How long the stock stays held once confirmation starts. */
  CONFIRM_HOLD_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  /** Time budget of one payment provider call; when it runs out the outcome is unknown and retried with the same key. */
  PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(5000),
  /** How long a payment may wait for 3-D Secure or an asynchronous capture before the run gives up and compensates. */
  PAYMENT_ACTION_DEADLINE_SECONDS: z.coerce.number().int().positive().default(900),
  /** A saga run's lease: another instance takes over a run whose owner stopped renewing it for this long. */
  SAGA_LEASE_SECONDS: z.coerce.number().positive().max(600).default(30),
  /** How often each instance looks for saga runs to take over or resume. */
  SAGA_SWEEP_INTERVAL_SECONDS: z.coerce.number().positive().max(600).default(30),
  /** Minor units of the base currency paid (after discounts, before shipping and tax) per loyalty point earned. */
  LOYALTY_EARN_MINOR_PER_POINT: z.coerce.number().int().positive().default(1000),
  /** Days after delivery during which the shopper may ask to return delivered lines. */
  RETURN_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** How often delivered orders whose return window closed are completed. */
  ORDER_COMPLETION_INTERVAL_SECONDS: z.coerce.number().positive().max(86400).default(300),
});
/** Parsed order settings. */
export type OrderConfig = z.infer<typeof orderEnv>;

let cached: OrderConfig | undefined;

/** The order settings, read from the environment once. */
export function orderConfig(): OrderConfig {
  cached ??= loadConfig(orderEnv);
  return cached;
}
