import { describe, expect, it } from '@jest/globals';
import { placeRestock } from '../../src/events/order-events.handler.js';

const line = (sku: string, quantity: number, warehouseId: string | null = null) => ({ sku, productId: `p-${sku}`, quantity, warehouseId });
const fallback = (sku: string) => `first-${sku}`;

describe('placeRestock', () => {
  it('puts a line naming a warehouse there', () => {
    expect(placeRestock([line('A', 2, 'w9')], [{ sku: 'A', warehouseId: 'w1', quantity: 5 }], fallback)).toEqual([
      { sku: 'A', warehouseId: 'w9', quantity: 2 },
    ]);
  });

  it('splits a line over the warehouses its reservation held, at most what each held, the rest to the fallback', () => {
    const held = [
      { sku: 'A', warehouseId: 'w1', quantity: 1 },
      { sku: 'A', warehouseId: 'w2', quantity: 2 },
      { sku: 'B', warehouseId: 'w2', quantity: 4 },
    ];
    expect(placeRestock([line('A', 2), line('A', 2), line('B', 1)], held, fallback)).toEqual([
      { sku: 'A', warehouseId: 'w1', quantity: 1 },
      { sku: 'A', warehouseId: 'w2', quantity: 2 },
      { sku: 'A', warehouseId: 'first-A', quantity: 1 },
      { sku: 'B', warehouseId: 'w2', quantity: 1 },
    ]);
  });

  it('uses the fallback without a reservation and skips empty lines', () => {
    expect(placeRestock([line('C', 3), line('D', 0)], [], fallback)).toEqual([{ sku: 'C', warehouseId: 'first-C', quantity: 3 }]);
  });
});
