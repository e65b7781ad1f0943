import { randomUUID } from 'node:crypto';
import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Reservation } from './reservation.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Units of one SKU held in one warehouse by a reservation. */
@Entity({ tableName: 'reservation_line' })
export class ReservationLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'reservation_line_reservation_idx' })
  @ManyToOne(() => Reservation, { deleteRule: 'cascade' })
  reservation!: Rel<Reservation>;

  @Property()
  sku!: string;

  @ManyToOne(() => Warehouse, { deleteRule: 'restrict' })
  warehouse!: Rel<Warehouse>;

  @Property({ columnType: 'int' })
  quantity!: number;
}
