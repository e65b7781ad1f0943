import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireKind, shopperKey } from '@shopgraph/auth';
import { UserErrorCode, userError } from '@shopgraph/errors';
import { type CurrencyCode, CurrencyCodeEnum, MoneyType } from '@shopgraph/money';
import type { RequestContext } from '@shopgraph/subgraph';
import { type CartResult, addCartItem, mergeGuestCart, openCart, updateCartItem } from '../services/cart.service.js';
import { assertOwnerOrStaff } from './access.js';
import {
  AddCartItemInput,
  Cart,
  CartLine,
  CartPayload,
  CartWarning,
  CustomerRef,
  MergeGuestCartInput,
  RemoveCartItemInput,
  UpdateCartItemInput,
} from './cart.types.js';
import { orderLoaders } from './loaders.js';

/** The currency asked for, else the shop's base currency. */
export function currencyOf(ctx: RequestContext, asked?: CurrencyCode | null): CurrencyCode {
  return asked ?? ctx.runtime.config.BASE_CURRENCY;
}

/** Maps a service result, priming the request's priced-cart loader with the cart it priced. */
function payload(ctx: RequestContext, result: CartResult): CartPayload {
  let cart: Cart | null = null;
  if (result.cart) {
    cart = Cart.from(result.cart.cart, result.cart.currency);
    orderLoaders(ctx).pricedCart.prime(cart, result.cart);
  }
  return { cart, warnings: (result.warnings ?? []).map(CartWarning.from), userErrors: result.userErrors };
}

/** The shopper's cart. */
@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, {
    nullable: true,
    description: "The caller's current cart (ACTIVE, or CHECKOUT while a checkout holds it); null before the first item is added.",
  })
  async cart(
    @Ctx() ctx: RequestContext,
    @Arg('currency', () => CurrencyCodeEnum, {
      nullable: true,
      description: "Currency to price the cart in; the shop's base currency when omitted.",
    })
    currency?: CurrencyCode | null,
  ): Promise<Cart | null> {
    const cart = await openCart(ctx.em, shopperKey(ctx.identity));
    return cart ? Cart.from(cart, currencyOf(ctx, currency)) : null;
  }

  @Mutation(() => CartPayload, {
    description: "Adds units of a variant to the caller's cart, creating the cart if needed. Refused while the cart is in checkout.",
  })
  async addCartItem(@Arg('input', () => AddCartItemInput) input: AddCartItemInput, @Ctx() ctx: RequestContext): Promise<CartPayload> {
    const item = {
      sku: input.sku,
      quantity: input.quantity,
      productId: input.productId ?? null,
      ...(input.warehouseId !== undefined ? { warehouseId: input.warehouseId } : {}),
    };
    return payload(ctx, await addCartItem(ctx.em, ctx.runtime, shopperKey(ctx.identity), item, currencyOf(ctx, input.currency)));
  }

  @Mutation(() => CartPayload, {
    description: "Sets the quantity of a line of the caller's cart; 0 removes it. Refused while the cart is in checkout.",
  })
  async updateCartItem(
    @Arg('input', () => UpdateCartItemInput) input: UpdateCartItemInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return payload(
      ctx,
      await updateCartItem(ctx.em, ctx.runtime, shopperKey(ctx.identity), input.lineId, input.quantity, currencyOf(ctx, input.currency)),
    );
  }

  @Mutation(() => CartPayload, { description: "Removes a line from the caller's cart. Refused while the cart is in checkout." })
  async removeCartItem(
    @Arg('input', () => RemoveCartItemInput) input: RemoveCartItemInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return payload(
      ctx,
      await updateCartItem(ctx.em, ctx.runtime, shopperKey(ctx.identity), input.lineId, 0, currencyOf(ctx, input.currency)),
    );
  }

  @Mutation(() => CartPayload, {
    description:
      "Signed-in customer, right after login: moves the cart of the guest token into the customer's cart. Quantities of the same SKU are summed, then capped by what is available now and by 99 per line (never below what the customer's cart already held), with a QUANTITY_REDUCED warning per capped line. The guest cart ends MERGED; repeating the call changes nothing more.",
  })
  async mergeGuestCart(
    @Arg('input', () => MergeGuestCartInput) input: MergeGuestCartInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    const customer = requireKind(ctx.identity, 'customer');
    const guest = await ctx.runtime.verifier.verify(input.guestToken).catch(() => null);
    if (guest?.kind !== 'guest') {
      return {
        cart: null,
        warnings: [],
        userErrors: [userError(UserErrorCode.INVALID_INPUT, 'Not a valid guest token', ['input', 'guestToken'])],
      };
    }
    return payload(
      ctx,
      await mergeGuestCart(ctx.em, ctx.runtime, shopperKey(customer), shopperKey(guest), currencyOf(ctx, input.currency)),
    );
  }

  @FieldResolver(() => [CartLine], { description: 'Lines in the order they were added, at current prices.' })
  async lines(@Root() cart: Cart, @Ctx() ctx: RequestContext): Promise<CartLine[]> {
    return (await orderLoaders(ctx).pricedCart.load(cart)).lines.map(CartLine.from);
  }

  @FieldResolver(() => MoneyType, { description: 'Sum of the priced line totals, before discounts, shipping and tax.' })
  async subtotal(@Root() cart: Cart, @Ctx() ctx: RequestContext): Promise<MoneyType> {
    return MoneyType.from((await orderLoaders(ctx).pricedCart.load(cart)).subtotal);
  }

  @FieldResolver(() => [CartWarning], { description: 'Every line warning: price changed, out of or short of stock, no longer for sale.' })
  async warnings(@Root() cart: Cart, @Ctx() ctx: RequestContext): Promise<CartWarning[]> {
    return (await orderLoaders(ctx).pricedCart.load(cart)).warnings.map(CartWarning.from);
  }
}

/** `Customer.cart`: the customer's current cart, for the customer themself or an admin. */
@Resolver(() => CustomerRef)
export class CustomerCartResolver {
  @FieldResolver(() => Cart, {
    nullable: true,
    description: "The customer's current cart; readable by the customer themself and admins only.",
  })
  async cart(
    @Root() customer: CustomerRef,
    @Ctx() ctx: RequestContext,
    @Arg('currency', () => CurrencyCodeEnum, {
      nullable: true,
      description: "Currency to price the cart in; the shop's base currency when omitted.",
    })
    currency?: CurrencyCode | null,
  ): Promise<Cart | null> {
    const ownerKey = `customer:${customer.id}`;
    assertOwnerOrStaff(ctx.identity, ownerKey);
    const cart = await orderLoaders(ctx).openCartOf.load(ownerKey);
    return cart ? Cart.from(cart, currencyOf(ctx, currency)) : null;
  }
}
