import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** A shopper's account. */
@Entity({ tableName: 'customer' })
export class Customer {
  [OptionalProps]?:
    'createdAt' | 'defaultShippingAddressId' | 'defaultBillingAddressId' | 'marketingOptIn' | 'reviewRequestsOptIn' | 'deletedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stored lower-cased: emails are compared case-insensitively. */
  @Unique({ name: 'customer_email_unique' })
  @Property()
  email!: string;

  /** scrypt hash with its parameters and salt; never leaves this subgraph. */
  @Property({ hidden: true })
  passwordHash!: string;

  @Property()
  firstName!: string;

  @Property()
  lastName!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Address (of this customer) used for shipping unless the shopper picks another. */
  @Property({ type: 'uuid', nullable: true })
  defaultShippingAddressId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  defaultBillingAddressId: string | null = null;

  /** Consent to marketing email: off until the customer opts in. */
  @Property({ default: false })
  marketingOptIn: boolean = false;

  /** Whether we may ask for a review after delivery (transactional, so on by default). */
  @Property({ default: true })
  reviewRequestsOptIn: boolean = true;

  /** When the customer deleted the account: personal data is erased, the row stays for the orders and ledger that refer to it. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
