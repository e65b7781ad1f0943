import { randomUUID } from 'node:crypto';
import { type Rel, OptionalProps } from '@mikro-orm/core';
import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Cart } from './cart.entity.js';

/** One SKU in a cart. The cart stores no price: prices always come from the catalog. */
@Entity({ tableName: 'cart_line' })
@Unique({ name: 'cart_line_cart_sku_unique', properties: ['cart', 'sku'] })
@Check({ name: 'cart_line_quantity_positive', expression: 'quantity > 0' })
export class CartLine {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Cart, { deleteRule: 'cascade' })
  cart!: Rel<Cart>;

  @Property()
  sku!: string;

  @Property({ type: 'uuid' })
  productId!: string;

  @Property({ columnType: 'int' })
  quantity!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
