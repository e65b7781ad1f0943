import type { UserError } from '@shopgraph/errors';
import type { SubgraphRuntime } from '@shopgraph/subgraph';

/** Units available per SKU from the inventory's internal field, in one call. */
export async function fetchAvailability(runtime: SubgraphRuntime, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const data = await runtime
    .client('inventory')
    .request<{ internalAvailability: { sku: string; available: number }[] }>(
      `query InternalAvailability($skus: [ID!]!) { internalAvailability(skus: $skus) { sku available } }`,
      { skus: [...new Set(skus)] },
    );
  return new Map(data.internalAvailability.map((a) => [a.sku, a.available]));
}

/** Outcome of a reservation request: the reservation, or the lines that could not be held. */
export interface ReserveOutcome {
  reservation: { id: string; expiresAt: string } | null;
  shortLines: { sku: string; requested: number; available: number }[];
  userErrors: UserError[];
}

/** Holds every line or nothing (inventory `reserveStock`); repeating `idempotencyKey` returns the same reservation. */
export async function reserveStock(
  runtime: SubgraphRuntime,
  input: {
    owner: string;
    idempotencyKey: string;
    ttlSeconds: number;
    lines: { sku: string; quantity: number; warehouseId?: string | null }[];
  },
): Promise<ReserveOutcome> {
  const data = await runtime.client('inventory').request<{ reserveStock: ReserveOutcome }>(
    `mutation ReserveStock($input: ReserveStockInput!) {
      reserveStock(input: $input) { reservation { id expiresAt } shortLines { sku requested available } userErrors { code field message } }
    }`,
    { input: { ...input, lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? null })) } },
  );
  return data.reserveStock;
}

/** Gives a reservation's units back (inventory `releaseReservation`, idempotent). */
export async function releaseReservation(runtime: SubgraphRuntime, reservationId: string): Promise<void> {
  await runtime
    .client('inventory')
    .request(
      `mutation ReleaseReservation($input: SettleReservationInput!) { releaseReservation(input: $input) { reservation { id } userErrors { code } } }`,
      { input: { reservationId } },
    );
}

/** Keeps a reservation at least `seconds` more (inventory `extendReservation`); false once it holds nothing. */
export async function extendReservation(runtime: SubgraphRuntime, reservationId: string, seconds: number): Promise<boolean> {
  const data = await runtime
    .client('inventory')
    .request<{ extendReservation: { reservation: { status: string } | null; userErrors: UserError[] } }>(
      `mutation ExtendReservation($input: ExtendReservationInput!) { extendReservation(input: $input) { reservation { status } userErrors { code message } } }`,
      { input: { reservationId, seconds } },
    );
  return data.extendReservation.reservation?.status === 'ACTIVE';
}

/** Ships a reservation's held units (inventory `confirmReservation`, idempotent). */
export async function confirmReservation(runtime: SubgraphRuntime, reservationId: string): Promise<void> {
  const data = await runtime
    .client('inventory')
    .request<{ confirmReservation: { reservation: { status: string } | null; userErrors: UserError[] } }>(
      `mutation ConfirmReservation($input: SettleReservationInput!) { confirmReservation(input: $input) { reservation { status } userErrors { code message } } }`,
      { input: { reservationId } },
    );
  const { reservation, userErrors } = data.confirmReservation;
  if (reservation?.status !== 'CONFIRMED') {
    throw new Error(
      `confirmReservation ${reservationId}: ${reservation?.status ?? 'missing'} ${userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`,
    );
  }
}

/** Whether `warehouseId` names an active warehouse (a shopper may pick one to ship from). */
export async function isActiveWarehouse(runtime: SubgraphRuntime, warehouseId: string): Promise<boolean> {
  const data = await runtime
    .client('inventory')
    .request<{ warehouses: { id: string; active: boolean }[] }>(`query Warehouses { warehouses { id active } }`);
  return data.warehouses.some((w) => w.id === warehouseId && w.active);
}
