import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { availableOf } from '../domain/availability.js';
import type { LevelView, WarehouseView } from '../services/availability-store.js';

/** Stock changes an admin records by hand. */
export enum StockAdjustmentKind {
  RECEIPT = 'RECEIPT',
  ADJUSTMENT = 'ADJUSTMENT',
  RETURN = 'RETURN',
}
registerEnumType(StockAdjustmentKind, {
  name: 'StockAdjustmentKind',
  description: 'Why an admin changes stock: RECEIPT and RETURN add units, ADJUSTMENT adds or removes them (counts, damage).',
});

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

  /** Maps an entity (or a row read without the ORM) to its GraphQL shape. */
  static from(e: WarehouseView): Warehouse {
    return Object.assign(new Warehouse(), {
      id: e.id,
      code: e.code,
      name: e.name,
      country: e.country,
      priority: e.priority,
      active: e.active,
    });
  }
}

/** Stock of one SKU in one warehouse. */
@ObjectType({ description: 'Stock of one SKU in one warehouse.' })
export class StockLevel {
  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field(() => Warehouse, { description: 'The warehouse.' })
  warehouse!: Warehouse;

  @Field(() => Int, { description: 'Units physically in the warehouse.' })
  onHand!: number;

  @Field(() => Int, { description: 'Units held by active reservations.' })
  reserved!: number;

  @Field(() => Int, { description: 'Units kept back and never promised.' })
  safetyStock!: number;

  @Field(() => Int, { description: 'Units that can be promised: on hand − reserved − safety stock.' })
  available!: number;

  /** Maps an entity with its warehouse loaded (or a row read without the ORM) to its GraphQL shape. */
  static from(e: LevelView): StockLevel {
    return Object.assign(new StockLevel(), {
      sku: e.sku,
      warehouse: Warehouse.from(e.warehouse),
      onHand: e.onHand,
      reserved: e.reserved,
      safetyStock: e.safetyStock,
      available: availableOf(e),
    });
  }
}

/** Availability of a variant. */
@ObjectType({ description: 'How many units of a variant can be sold now.' })
export class Availability {
  @Field(() => Int, { description: 'Units available across active warehouses.' })
  available!: number;

  @Field({ description: 'Whether at least one unit is available.' })
  inStock!: boolean;

  @Field(() => [StockLevel], {
    nullable: true,
    description: 'Admin only: stock per active warehouse, by priority; null for other callers.',
  })
  warehouses!: StockLevel[] | null;
}

/** Input of `adjustStock`. */
@InputType({ description: 'A change of the units on hand of one SKU in one warehouse.' })
export class AdjustStockInput {
  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field(() => ID, { description: 'The warehouse.' })
  warehouseId!: string;

  @Field(() => Int, { description: 'Units added (positive) or removed (negative).' })
  quantityDelta!: number;

  @Field(() => StockAdjustmentKind, { defaultValue: StockAdjustmentKind.ADJUSTMENT, description: 'Why the stock changes.' })
  kind!: StockAdjustmentKind;

  @Field(() => String, { nullable: true, description: 'Free-text note kept with the stock movement.' })
  reason?: string;
}

/** Result of `adjustStock`. */
@ObjectType({ description: 'The stock level after an adjustment.' })
export class AdjustStockPayload {
  @Field(() => StockLevel, { nullable: true, description: 'The stock level, unless the adjustment failed.' })
  stockLevel!: StockLevel | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
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

/** The catalog's product, extended with whether any of its variants can be sold now. */
@Directive('@key(fields: "id")')
@ObjectType('Product', { description: 'A product of the catalog, sold as one of its variants.' })
export class ProductRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  /** Provided by the catalog with each representation (`@requires`). */
  @Directive('@external')
  @Field(() => [ProductVariantRef], { description: "The product's variants, by SKU." })
  variants!: ProductVariantRef[];

  @Directive('@requires(fields: "variants { sku }")')
  @Field({ description: 'Whether at least one unit of any variant can be sold now, across active warehouses.' })
  inStock!: boolean;
}
