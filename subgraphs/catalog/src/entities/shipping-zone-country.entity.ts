import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey } from '@mikro-orm/decorators/legacy';
import { ShippingZone } from './shipping-zone.entity.js';

/** A country the shop delivers to, in exactly one zone. */
@Entity({ tableName: 'shipping_zone_country' })
export class ShippingZoneCountry {
  /** ISO 3166-1 alpha-2, upper case. */
  @PrimaryKey({ length: 2 })
  countryCode!: string;

  @Index({ name: 'shipping_zone_country_zone_idx' })
  @ManyToOne(() => ShippingZone, { deleteRule: 'cascade' })
  zone!: Rel<ShippingZone>;
}
