import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { CheckoutStatus } from '../domain/checkout-status.js';
import type { CheckoutAddress, CheckoutPayment } from '../domain/checkout-state.js';

/**
 * A checkout in progress (quote pattern: no order row exists until confirmation). It holds the
 * cart's stock through an inventory reservation and the shopper's choices; totals are never
 * stored, they are recomputed from current prices on every read.
 */
@Entity({ tableName: 'checkout_session' })
@Index({
  name: 'checkout_one_open_per_cart',
  expression: `create unique index "checkout_one_open_per_cart" on "order"."checkout_session" ("cart_id") where "status" = 'OPEN'`,
})
@Index({
  name: 'checkout_open_expiry_idx',
  expression: `create index "checkout_open_expiry_idx" on "order"."checkout_session" ("expires_at") where "status" = 'OPEN'`,
})
export class CheckoutSession {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt' | 'promotionCodes' | 'loyaltyPoints';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  cartId!: string;

  @Property()
  ownerKey!: string;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string | null;

  @Enum({ items: () => CheckoutStatus, nativeEnumName: 'checkout_status' })
  status: CheckoutStatus = CheckoutStatus.OPEN;

  @Property({ length: 3 })
  currency!: string;

  /** The inventory reservation holding the cart's stock. */
  @Property({ type: 'uuid' })
  reservationId!: string;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'jsonb', nullable: true })
  shippingAddress?: CheckoutAddress | null;

  @Property({ type: 'jsonb', nullable: true })
  billingAddress?: CheckoutAddress | null;

  @Property({ nullable: true })
  shippingMethodCode?: string | null;

  /** The payment method; holds the provider token, which is never returned to the shopper. */
  @Property({ type: 'jsonb', nullable: true })
  payment?: CheckoutPayment | null;

  @Property({ type: 'jsonb' })
  promotionCodes: string[] = [];

  @Property({ columnType: 'int' })
  loyaltyPoints = 0;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  /** Contact email given at checkout (guests must give one); null uses the customer's account email. */
  @Property({ length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
