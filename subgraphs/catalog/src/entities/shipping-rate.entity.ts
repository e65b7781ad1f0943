import { randomUUID } from 'node:crypto';
import { BigIntType, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ShippingMethod } from './shipping-method.entity.js';
import { ShippingZone } from './shipping-zone.entity.js';

/** The price of a method to a zone for parcels from `minWeightGrams` up to (not including) `maxWeightGrams`. */
@Entity({ tableName: 'shipping_rate' })
@Unique({ name: 'shipping_rate_method_zone_min_unique', properties: ['method', 'zone', 'minWeightGrams'] })
export class ShippingRate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ShippingMethod, { deleteRule: 'cascade' })
  method!: Rel<ShippingMethod>;

  @Index({ name: 'shipping_rate_zone_idx' })
  @ManyToOne(() => ShippingZone, { deleteRule: 'cascade' })
  zone!: Rel<ShippingZone>;

  @Property({ columnType: 'int' })
  minWeightGrams!: number;

  /** Exclusive; null for no upper bound. */
  @Property({ columnType: 'int', nullable: true })
  maxWeightGrams: number | null = null;

  /** Base-currency minor units. */
  @Property({ type: new BigIntType('bigint') })
  priceMinor!: bigint;
}
