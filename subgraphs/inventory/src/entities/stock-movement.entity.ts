import { randomUUID } from 'node:crypto';
import { type Rel, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Warehouse } from './warehouse.entity.js';

/** Why a stock level changed. */
export enum StockMovementKind {
  RECEIPT = 'RECEIPT',
  ADJUSTMENT = 'ADJUSTMENT',
  RESERVATION = 'RESERVATION',
  RELEASE = 'RELEASE',
  CONFIRMATION = 'CONFIRMATION',
  RETURN = 'RETURN',
}

/** One change of one stock level; summing a level's movements rebuilds its on-hand and reserved counts. */
@Entity({ tableName: 'stock_movement' })
@Index({ name: 'stock_movement_sku_warehouse_idx', properties: ['sku', 'warehouse'] })
export class StockMovement {
  [OptionalProps]?: 'onHandDelta' | 'reservedDelta' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property()
  sku!: string;

  @ManyToOne(() => Warehouse, { deleteRule: 'restrict' })
  warehouse!: Rel<Warehouse>;

  @Enum({ items: () => StockMovementKind, nativeEnumName: 'stock_movement_kind' })
  kind!: StockMovementKind;

  @Property({ columnType: 'int' })
  onHandDelta = 0;

  @Property({ columnType: 'int' })
  reservedDelta = 0;

  @Property({ type: 'text', nullable: true })
  reason?: string;

  @Index({ name: 'stock_movement_reservation_idx' })
  @Property({ type: 'uuid', nullable: true })
  reservationId?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
