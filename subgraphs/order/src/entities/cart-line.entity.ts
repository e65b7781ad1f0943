import { randomUUID } from 'node:crypto';
import { BigIntType, type Rel, OptionalProps } from '@mikro-orm/core';
import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Cart } from './cart.entity.js';

/**
 * One SKU in a cart. Prices always come from the catalog: the unit price seen when the line was
 * last added to is kept only to warn the shopper that it changed since, never to charge it.
 */
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

  /** Warehouse the shopper asked to ship from, for its markup; any warehouse when null. */
  @Property({ type: 'uuid', nullable: true })
  warehouseId?: string | null;

  /** Unit price shown when the line was last added to (comparison only, never truth). */
  @Property({ type: new BigIntType('bigint'), nullable: true })
  seenUnitPriceMinor?: bigint | null;

  /** Currency of `seenUnitPriceMinor`. */
  @Property({ length: 3, nullable: true })
  seenCurrency?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
