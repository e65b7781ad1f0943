import type { EntityManager } from '@mikro-orm/postgresql';
import { type MikroORM, openDatabase } from '@shopgraph/db';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { StockMovementKind, Warehouse } from '../../src/entities/index.js';
import { adjustStock } from '../../src/services/stock.service.js';

/** An inventory database of its own with two warehouses, w1 shipping before w2. */
export interface InventoryDb {
  orm: MikroORM;
  w1: Warehouse;
  w2: Warehouse;
  em(): EntityManager;
  /** Receives `quantity` units through the service, so a movement records them. */
  receive(sku: string, warehouse: Warehouse, quantity: number): Promise<void>;
  /** Per warehouse: on hand, reserved, and the sums of the level's movements. */
  ledger(
    sku: string,
  ): Promise<{ warehouseId: string; onHand: number; reserved: number; movedOnHand: number; movedReserved: number; heldByActive: number }[]>;
  close(): Promise<void>;
}

/** Opens a fresh database migrated to the inventory schema. */
export async function openInventoryDb(): Promise<InventoryDb> {
  const database: TestDatabase = await freshDatabase('inventory');
  const orm = await openDatabase({
    url: database.url,
    schema: 'inventory',
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 20,
  });
  const em = orm.em.fork();
  const w1 = em.create(Warehouse, { code: 'W1', name: 'First', country: 'VN', priority: 1 });
  const w2 = em.create(Warehouse, { code: 'W2', name: 'Second', country: 'VN', priority: 2 });
  await em.flush();
  return {
    orm,
    w1,
    w2,
    em: () => orm.em.fork(),
    async receive(sku, warehouse, quantity) {
      const result = await adjustStock(orm.em.fork(), {
        sku,
        warehouseId: warehouse.id,
        quantityDelta: quantity,
        kind: StockMovementKind.RECEIPT,
      });
      if (result.userErrors.length) throw new Error(JSON.stringify(result.userErrors));
    },
    async ledger(sku) {
      const rows = await orm.em
        .fork()
        .execute<
          { warehouse_id: string; on_hand: number; reserved: number; moved_on_hand: string; moved_reserved: string; held: string }[]
        >(
          `select l.warehouse_id, l.on_hand, l.reserved,
           (select coalesce(sum(m.on_hand_delta), 0) from inventory.stock_movement m where m.sku = l.sku and m.warehouse_id = l.warehouse_id) as moved_on_hand,
           (select coalesce(sum(m.reserved_delta), 0) from inventory.stock_movement m where m.sku = l.sku and m.warehouse_id = l.warehouse_id) as moved_reserved,
           (select coalesce(sum(rl.quantity), 0) from inventory.reservation_line rl join inventory.reservation r on r.id = rl.reservation_id
              where r.status = 'ACTIVE' and rl.sku = l.sku and rl.warehouse_id = l.warehouse_id) as held
         from inventory.stock_level l where l.sku = ? order by l.warehouse_id`,
          [sku],
        );
      return rows.map((r) => ({
        warehouseId: r.warehouse_id,
        onHand: r.on_hand,
        reserved: r.reserved,
        movedOnHand: Number(r.moved_on_hand),
        movedReserved: Number(r.moved_reserved),
        heldByActive: Number(r.held),
      }));
    },
    async close() {
      await orm.close();
      await database.drop();
    },
  };
}
