import { describe, expect, it } from '@jest/globals';
import { allocate, type WarehouseStock } from '../../src/domain/allocation.js';

const stock: WarehouseStock[] = [
  { sku: 'A', warehouseId: 'w1', available: 3 },
  { sku: 'A', warehouseId: 'w2', available: 5 },
  { sku: 'B', warehouseId: 'w1', available: 0 },
  { sku: 'B', warehouseId: 'w2', available: 2 },
];

describe('allocate', () => {
  it('takes from the highest-priority warehouse first', () => {
    expect(allocate([{ sku: 'A', quantity: 2 }], stock)).toEqual({ ok: true, allocations: [{ sku: 'A', warehouseId: 'w1', quantity: 2 }] });
  });

  it('splits a line across warehouses in priority order', () => {
    expect(allocate([{ sku: 'A', quantity: 7 }], stock)).toEqual({
      ok: true,
      allocations: [
        { sku: 'A', warehouseId: 'w1', quantity: 3 },
        { sku: 'A', warehouseId: 'w2', quantity: 4 },
      ],
    });
  });

  it('skips warehouses without stock', () => {
    expect(allocate([{ sku: 'B', quantity: 2 }], stock)).toEqual({ ok: true, allocations: [{ sku: 'B', warehouseId: 'w2', quantity: 2 }] });
  });

  it('honours a named warehouse', () => {
    expect(allocate([{ sku: 'A', quantity: 4, warehouseId: 'w2' }], stock)).toEqual({
      ok: true,
      allocations: [{ sku: 'A', warehouseId: 'w2', quantity: 4 }],
    });
    expect(allocate([{ sku: 'A', quantity: 4, warehouseId: 'w1' }], stock)).toEqual({
      ok: false,
      shortLines: [{ sku: 'A', requested: 4, available: 3 }],
    });
  });

  it('is all or nothing and reports every short line with what is available', () => {
    const result = allocate(
      [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 3 },
        { sku: 'C', quantity: 1 },
      ],
      stock,
    );
    expect(result).toEqual({
      ok: false,
      shortLines: [
        { sku: 'B', requested: 3, available: 2 },
        { sku: 'C', requested: 1, available: 0 },
      ],
    });
  });

  it('lets repeated lines of one SKU share the same stock and merges their allocations', () => {
    expect(
      allocate(
        [
          { sku: 'A', quantity: 6 },
          { sku: 'A', quantity: 2 },
        ],
        stock,
      ),
    ).toEqual({
      ok: true,
      allocations: [
        { sku: 'A', warehouseId: 'w1', quantity: 3 },
        { sku: 'A', warehouseId: 'w2', quantity: 5 },
      ],
    });
    expect(
      allocate(
        [
          { sku: 'A', quantity: 6 },
          { sku: 'A', quantity: 3 },
        ],
        stock,
      ),
    ).toEqual({
      ok: false,
      shortLines: [{ sku: 'A', requested: 3, available: 2 }],
    });
  });

  it('does not change the stock it is given', () => {
    const copy = structuredClone(stock);
    allocate([{ sku: 'A', quantity: 8 }], stock);
    expect(stock).toEqual(copy);
  });
});
