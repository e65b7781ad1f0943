import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { shopperKey } from '@shopgraph/auth';
import type { RequestContext } from '@shopgraph/subgraph';
import { activeCart, addCartItem } from '../services/cart.service.js';
import { AddCartItemInput, Cart, CartPayload } from './types.js';

/** The shopper's cart. */
@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, { nullable: true, description: 'The caller\'s active cart; null before the first item is added.' })
  async cart(@Ctx() ctx: RequestContext): Promise<Cart | null> {
    const cart = await activeCart(ctx.em, shopperKey(ctx.identity));
    return cart ? Cart.from(cart) : null;
  }

  @Mutation(() => CartPayload, { description: 'Adds units of a variant to the caller\'s cart, creating the cart if needed.' })
  async addCartItem(@Arg('input', () => AddCartItemInput) input: AddCartItemInput, @Ctx() ctx: RequestContext): Promise<CartPayload> {
    const result = await addCartItem(ctx.em, ctx.runtime, shopperKey(ctx.identity), input.sku, input.quantity);
    return { cart: result.cart ? Cart.from(result.cart) : null, userErrors: result.userErrors };
  }
}
