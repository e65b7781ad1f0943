import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A way of shipping (STANDARD, EXPRESS…): delivery estimate and free-shipping threshold. */
@Entity({ tableName: 'shipping_method' })
export class ShippingMethod {
  [OptionalProps]?: 'description' | 'active' | 'freeShippingThresholdMinor';

  @PrimaryKey({ length: 32 })
  code!: string;

  @Property()
  name!: string;

  @Property({ type: 'text' })
  description = '';

  @Property({ columnType: 'int' })
  estimatedDaysMin!: number;

  @Property({ columnType: 'int' })
  estimatedDaysMax!: number;

  /** Order amount from which shipping is free, base-currency minor units; null for none. */
  @Property({ type: new BigIntType('bigint'), nullable: true })
  freeShippingThresholdMinor: bigint | null = null;

  /** Inactive methods are never offered. */
  @Property()
  active = true;
}
