import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { CartStatus } from '../domain/cart-status.js';
import { CartLine } from './cart-line.entity.js';

/**
 * A shopper's cart. An owner has at most one open cart (ACTIVE, or CHECKOUT while a checkout
 * session holds it), so adding during checkout can never open a second cart beside it.
 */
@Entity({ tableName: 'cart' })
@Index({
  name: 'cart_one_open_per_owner',
  expression: `create unique index "cart_one_open_per_owner" on "order"."cart" ("owner_key") where "status" in ('ACTIVE', 'CHECKOUT')`,
})
export class Cart {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `customer:<id>` or `guest:<id>`: whose cart this is. */
  @Property()
  ownerKey!: string;

  @Enum({ items: () => CartStatus, nativeEnumName: 'cart_status' })
  status: CartStatus = CartStatus.ACTIVE;

  /** For a MERGED guest cart: the customer cart it was merged into (makes the merge idempotent). */
  @Property({ type: 'uuid', nullable: true })
  mergedIntoId?: string;

  @OneToMany(() => CartLine, (l) => l.cart, { orderBy: { createdAt: 'asc', sku: 'asc' } })
  lines = new Collection<CartLine>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
