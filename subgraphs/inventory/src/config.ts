import { loadConfig, z } from '@shopgraph/config';

/** Settings of the inventory subgraph beyond the common ones. */
export const inventoryEnv = z.object({
  /** How long a reservation holds stock unless extended. */
  INVENTORY_RESERVATION_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  /** How often expired reservations are released. */
  INVENTORY_EXPIRY_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
});
/** Parsed inventory settings. */
export type InventoryConfig = z.infer<typeof inventoryEnv>;

let cached: InventoryConfig | undefined;

/** The inventory settings, read from the environment once. */
export function inventoryConfig(): InventoryConfig {
  cached ??= loadConfig(inventoryEnv);
  return cached;
}
