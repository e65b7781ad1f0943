import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { type CurrencyCode, CurrencyCodeEnum, MoneyType } from '@shopgraph/money';
import { CartStatus } from '../domain/cart-status.js';
import { type CartWarning as CartWarningData, CartWarningCode } from '../domain/cart-warnings.js';
import type { CartView, PricedCartLine } from '../services/cart-pricing.service.js';
import { ProductRef, VariantRef } from './types.js';

registerEnumType(CartStatus, {
  name: 'CartStatus',
  description:
    'Lifecycle of a cart: ACTIVE (editable), CHECKOUT (held by a checkout session, read-only), ORDERED, MERGED (a guest cart moved into a customer cart).',
});
registerEnumType(CartWarningCode, { name: 'CartWarningCode', description: "Why a cart line deserves the shopper's attention." });

/** A warning about a cart line. */
@ObjectType({ description: 'Something about a cart line that changed since it was added, or that a merge did.' })
export class CartWarning {
  @Field(() => CartWarningCode, { description: 'What happened.' })
  code!: CartWarningCode;

  @Field(() => ID, { description: 'The SKU concerned.' })
  sku!: string;

  @Field({ description: 'Human-readable explanation.' })
  message!: string;

  /** Maps a domain warning. */
  static from(w: CartWarningData): CartWarning {
    return Object.assign(new CartWarning(), w);
  }
}

/** A cart line at current prices. */
@ObjectType({ description: 'One SKU in a cart, priced now by the catalog (a cart never stores a price as truth).' })
export class CartLine {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field({ description: 'Display name of the variant; the SKU when the catalog no longer knows it.' })
  name!: string;

  @Field(() => Int, { description: 'Units wanted.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'Warehouse the line ships from, for its markup; null for any.' })
  warehouseId!: string | null;

  @Field(() => MoneyType, {
    nullable: true,
    description: 'Current price of one unit (tiers and markup included); null when the variant can no longer be priced.',
  })
  unitPrice!: MoneyType | null;

  @Field(() => MoneyType, { nullable: true, description: 'Current unit price × quantity; null when not priced.' })
  lineTotal!: MoneyType | null;

  @Field(() => Int, { description: 'Units available now across warehouses.' })
  available!: number;

  @Field(() => [CartWarning], { description: 'Changes since the line was added: price, availability, sellability.' })
  warnings!: CartWarning[];

  @Field({ description: 'When the line was first added.' })
  addedAt!: Date;

  @Field(() => VariantRef, { description: 'The variant (served by catalog and inventory).' })
  variant!: VariantRef;

  @Field(() => ProductRef, { description: 'The product (served by catalog).' })
  product!: ProductRef;

  /** Maps a priced line. */
  static from(p: PricedCartLine): CartLine {
    return Object.assign(new CartLine(), {
      id: p.line.id,
      sku: p.line.sku,
      name: p.variant?.name ?? p.line.sku,
      quantity: p.line.quantity,
      warehouseId: p.line.warehouseId ?? null,
      unitPrice: p.unitPrice ? MoneyType.from(p.unitPrice) : null,
      lineTotal: p.lineTotal ? MoneyType.from(p.lineTotal) : null,
      available: p.available,
      warnings: p.warnings.map(CartWarning.from),
      addedAt: p.line.createdAt,
      variant: Object.assign(new VariantRef(), { sku: p.line.sku }),
      product: Object.assign(new ProductRef(), { id: p.line.productId }),
    });
  }
}

/** A shopper's cart; priced fields are resolved lazily (one batch per request). */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A shopper's cart, priced at the catalog's current prices in `currency`." })
export class Cart {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field(() => CartStatus, { description: 'Lifecycle status.' })
  status!: CartStatus;

  @Field(() => CurrencyCodeEnum, { description: "Currency the cart is priced in: the one asked for, else the shop's base currency." })
  currency!: CurrencyCode;

  @Field(() => Int, { description: 'Total units across lines.' })
  itemCount!: number;

  @Field({ description: 'When the cart last changed.' })
  updatedAt!: Date;

  ownerKey!: string;
  entity!: CartView;

  /** Maps a cart (a store view), to be priced in `currency`. */
  static from(e: CartView, currency: CurrencyCode): Cart {
    return Object.assign(new Cart(), {
      id: e.id,
      status: e.status,
      currency,
      itemCount: e.lines.reduce((n, l) => n + l.quantity, 0),
      updatedAt: e.updatedAt,
      ownerKey: e.ownerKey,
      entity: e,
    });
  }
}

/** Input of `addCartItem`. */
@InputType({ description: 'What to add to the cart.' })
export class AddCartItemInput {
  @Field(() => ID, { description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => Int, { description: 'Units to add; the line may hold 1 to 99.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'The product the SKU belongs to; when given it must match.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Warehouse to ship from (its markup applies); any warehouse when omitted.' })
  warehouseId?: string | null;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: 'Currency to price the returned cart in; the base currency when omitted.' })
  currency?: CurrencyCode | null;
}

/** Input of `updateCartItem`. */
@InputType({ description: 'A new quantity for a cart line.' })
export class UpdateCartItemInput {
  @Field(() => ID, { description: 'The line, from `Cart.lines.id`.' })
  lineId!: string;

  @Field(() => Int, { description: 'New units, 0 to 99; 0 removes the line.' })
  quantity!: number;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: 'Currency to price the returned cart in; the base currency when omitted.' })
  currency?: CurrencyCode | null;
}

/** Input of `removeCartItem`. */
@InputType({ description: 'A cart line to remove.' })
export class RemoveCartItemInput {
  @Field(() => ID, { description: 'The line, from `Cart.lines.id`.' })
  lineId!: string;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: 'Currency to price the returned cart in; the base currency when omitted.' })
  currency?: CurrencyCode | null;
}

/** Input of `mergeGuestCart`. */
@InputType({ description: 'The guest token the shopper used before signing in.' })
export class MergeGuestCartInput {
  @Field({ description: "The guest access token (from startGuestSession) whose cart moves into the signed-in customer's cart." })
  guestToken!: string;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: 'Currency to price the returned cart in; the base currency when omitted.' })
  currency?: CurrencyCode | null;
}

/** Result of a cart mutation. */
@ObjectType({ description: 'Result of a cart mutation.' })
export class CartPayload {
  @Field(() => Cart, { nullable: true, description: 'The cart after the change; null if nothing changed.' })
  cart!: Cart | null;

  @Field(() => [CartWarning], { description: 'What the mutation had to adjust (e.g. a merge capped by availability).' })
  warnings!: CartWarning[];

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** A customer, extended with the cart. */
@Directive('@key(fields: "id")')
@ObjectType('Customer', { description: 'A customer account.' })
export class CustomerRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}
