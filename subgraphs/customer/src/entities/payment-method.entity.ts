import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { CardBrand } from '@shopgraph/contracts/payment-method';

/** A card saved with the payment provider: only its token and display details live here. */
@Entity({ tableName: 'payment_method' })
@Index({ name: 'payment_method_customer_idx', properties: ['customerId', 'createdAt'] })
@Unique({ name: 'payment_method_customer_token_unique', properties: ['customerId', 'providerToken'] })
export class PaymentMethod {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId!: string;

  /** The payment provider's reference to the card; only services see it. */
  @Property({ hidden: true })
  providerToken!: string;

  @Enum({ items: () => CardBrand, nativeEnumName: 'card_brand' })
  brand!: CardBrand;

  @Property({ type: 'string', length: 4 })
  last4!: string;

  @Property({ type: 'smallint' })
  expiryMonth!: number;

  @Property({ type: 'smallint' })
  expiryYear!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
