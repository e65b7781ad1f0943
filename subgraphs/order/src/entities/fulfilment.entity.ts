import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { FulfilmentState } from '../domain/fulfilment.js';
import { FulfilmentLine } from './fulfilment-line.entity.js';
import { Order } from './order.entity.js';

/** A parcel of order lines sent from one warehouse, with its carrier and tracking number. */
@Entity({ tableName: 'fulfilment' })
export class Fulfilment {
  [OptionalProps]?: 'state' | 'carrier' | 'trackingNumber' | 'shippedAt' | 'deliveredAt' | 'cancelledAt' | 'restocked' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'fulfilment_order_idx' })
  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  order!: Rel<Order>;

  @Enum({ items: () => FulfilmentState, nativeEnumName: 'fulfilment_state' })
  state: FulfilmentState = FulfilmentState.PENDING;

  /** The inventory warehouse the units leave from. */
  @Property({ type: 'uuid' })
  warehouseId!: string;

  @Property({ type: 'string', nullable: true })
  carrier?: string | null;

  @Property({ type: 'string', nullable: true })
  trackingNumber?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  shippedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt?: Date | null;

  /** Whether cancelling it asked for its units back on the shelf. */
  @Property({ default: false })
  restocked: boolean = false;

  @OneToMany(() => FulfilmentLine, (l) => l.fulfilment, { orderBy: { id: 'asc' } })
  lines = new Collection<FulfilmentLine>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
