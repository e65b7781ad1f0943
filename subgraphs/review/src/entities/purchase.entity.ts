import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A delivered order line, recorded from `order.delivered`: what makes a review a verified purchase. */
@Entity({ tableName: 'purchase' })
@Index({ name: 'purchase_customer_product_idx', properties: ['customerId', 'productId'] })
export class Purchase {
  [OptionalProps]?: 'returnedQuantity';

  @PrimaryKey({ type: 'uuid' })
  orderId!: string;

  @PrimaryKey({ type: 'text' })
  sku!: string;

  /** Null for a guest's order. */
  @Property({ type: 'uuid', nullable: true })
  customerId?: string | null;

  @Property({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Units that came back (`order.return-received`); the line no longer verifies once all did. */
  @Property({ type: 'integer' })
  returnedQuantity = 0;

  @Property({ type: 'timestamptz' })
  deliveredAt!: Date;
}
