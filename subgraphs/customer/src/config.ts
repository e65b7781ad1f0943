import { loadConfigOrExit, z } from '@shopgraph/config';

/** Settings of the customer subgraph beyond the common ones. */
export const customerEnv = z.object({
  /** What one loyalty point is worth, in minor units of BASE_CURRENCY. */
  LOYALTY_POINT_VALUE_MINOR: z.coerce.number().int().positive().default(10),
});

/** Parsed customer settings. */
export type CustomerConfig = z.infer<typeof customerEnv>;

let loaded: CustomerConfig | undefined;

/** The customer settings, read from the environment once. */
export function customerConfig(): CustomerConfig {
  loaded ??= loadConfigOrExit(customerEnv);
  return loaded;
}
