import { Collection } from '@mikro-orm/core';
import { Entity, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ShippingZoneCountry } from './shipping-zone-country.entity.js';

/** A set of destination countries that share shipping rates. */
@Entity({ tableName: 'shipping_zone' })
export class ShippingZone {
  @PrimaryKey({ length: 32 })
  code!: string;

  @Property()
  name!: string;

  @OneToMany(() => ShippingZoneCountry, (c) => c.zone, { orderBy: { countryCode: 'asc' } })
  countries = new Collection<ShippingZoneCountry>(this);
}
