import { randomUUID } from 'node:crypto';
import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Fulfilment } from './fulfilment.entity.js';
import { OrderItem } from './order-item.entity.js';

/** Units of one order line in one fulfilment. */
@Entity({ tableName: 'fulfilment_line' })
export class FulfilmentLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'fulfilment_line_fulfilment_idx' })
  @ManyToOne(() => Fulfilment, { deleteRule: 'cascade' })
  fulfilment!: Rel<Fulfilment>;

  @Index({ name: 'fulfilment_line_order_item_idx' })
  @ManyToOne(() => OrderItem, { deleteRule: 'cascade' })
  orderItem!: Rel<OrderItem>;

  @Property({ columnType: 'int' })
  quantity!: number;
}
