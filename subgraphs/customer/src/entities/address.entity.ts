import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** An entry of a customer's address book. */
@Entity({ tableName: 'address' })
@Index({ name: 'address_customer_idx', properties: ['customerId', 'createdAt'] })
export class Address {
  [OptionalProps]?: 'createdAt' | 'line2' | 'region' | 'postalCode' | 'phone';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property()
  fullName!: string;

  @Property()
  line1!: string;

  @Property({ type: 'string', nullable: true })
  line2: string | null = null;

  @Property()
  city!: string;

  @Property({ type: 'string', nullable: true })
  region: string | null = null;

  @Property({ type: 'string', nullable: true })
  postalCode: string | null = null;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'string', length: 2 })
  countryCode!: string;

  @Property({ type: 'string', nullable: true })
  phone: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
