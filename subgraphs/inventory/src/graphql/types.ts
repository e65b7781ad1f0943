import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Warehouse as WarehouseEntity } from '../entities/index.js';

/** A warehouse. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A place stock is kept and shipped from.' })
export class Warehouse {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Short unique code, e.g. VN-HCM-01.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  country!: string;

  @Field(() => Int, { description: 'Allocation order when no warehouse is named: lower first.' })
  priority!: number;

  @Field({ description: 'Whether the warehouse ships.' })
  active!: boolean;

  /** Maps an entity to its GraphQL shape. */
  static from(e: WarehouseEntity): Warehouse {
    return Object.assign(new Warehouse(), { id: e.id, code: e.code, name: e.name, country: e.country, priority: e.priority, active: e.active });
  }
}

/** Availability of a variant. */
@ObjectType({ description: 'How many units of a variant can be sold now.' })
export class Availability {
  @Field(() => Int, { description: 'Units available across active warehouses.' })
  available!: number;

  @Field({ description: 'Whether at least one unit is available.' })
  inStock!: boolean;
}

/** Availability of a SKU for a service caller. */
@Directive('@inaccessible')
@ObjectType('InternalSkuAvailability', { description: 'Internal: availability of one SKU.' })
export class SkuAvailabilityType {
  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field(() => Int, { description: 'Units available across active warehouses.' })
  available!: number;
}

/** The catalog's variant, extended with availability. */
@Directive('@key(fields: "sku")')
@ObjectType('ProductVariant', { description: 'A sellable variant of a product, identified by its SKU.' })
export class ProductVariantRef {
  @Field(() => ID, { description: 'Stock keeping unit.' })
  sku!: string;
}
