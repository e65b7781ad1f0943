import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_WAREHOUSES, demoProducts, demoStock } from '@shopgraph/demo-data';
import { StockLevel, StockMovement, StockMovementKind, Warehouse } from './entities/index.js';

/** Seeds demo warehouses and stock once; a database with warehouses is left alone. */
export async function seedInventory(em: EntityManager): Promise<void> {
  if ((await em.count(Warehouse)) > 0) return;
  await em.transactional(async (tx) => {
    const warehouses = DEMO_WAREHOUSES.map((w) => tx.create(Warehouse, { ...w }));
    for (const product of demoProducts()) {
      for (const variant of product.variants) {
        for (const warehouse of warehouses) {
          const onHand = demoStock(variant.sku, warehouse.code);
          tx.create(StockLevel, { sku: variant.sku, warehouse, onHand });
          tx.create(StockMovement, {
            sku: variant.sku,
            warehouse,
            kind: StockMovementKind.RECEIPT,
            onHandDelta: onHand,
            reason: 'demo data',
          });
        }
      }
    }
  });
  // Statistics now, not when autovacuum gets round to it: without them the planner takes the freshly
  // loaded levels for a few rows and the hot paths' prepared statements scan them all.
  await em.execute('analyze "inventory"."warehouse", "inventory"."stock_level"');
}
