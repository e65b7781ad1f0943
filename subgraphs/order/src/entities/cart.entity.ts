import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { CartLine } from './cart-line.entity.js';

/** Lifecycle of a cart. */
export enum CartStatus {
  ACTIVE = 'ACTIVE',
  ORDERED = 'ORDERED',
}

/** A shopper's cart; one active cart per owner. */
@Entity({ tableName: 'cart' })
@Index({ name: 'cart_one_active_per_owner', expression: `create unique index "cart_one_active_per_owner" on "order"."cart" ("owner_key") where "status" = 'ACTIVE'` })
export class Cart {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `customer:<id>` or `guest:<id>`: whose cart this is. */
  @Property()
  ownerKey!: string;

  @Enum({ items: () => CartStatus, nativeEnumName: 'cart_status' })
  status: CartStatus = CartStatus.ACTIVE;

  @OneToMany(() => CartLine, (l) => l.cart, { orderBy: { createdAt: 'asc' } })
  lines = new Collection<CartLine>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
