import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { quantityProblem } from '../domain/cart-rules.js';
import { Cart, CartLine, CartStatus } from '../entities/index.js';
import { fetchAvailability, fetchVariants } from './catalog.client.js';

/** Outcome of a cart mutation: the cart, or why nothing changed. */
export interface CartResult {
  cart: Cart | null;
  userErrors: UserError[];
}

/** The owner's active cart, if any. */
export function activeCart(em: EntityManager, ownerKey: string): Promise<Cart | null> {
  return em.findOne(Cart, { ownerKey, status: CartStatus.ACTIVE }, { populate: ['lines'] });
}

/**
 * Adds `quantity` of `sku` to the owner's active cart (created on first use). The variant must
 * exist and be sellable and the new line quantity must be available; otherwise nothing changes.
 * The cart row is locked for the update so concurrent adds never lose one another.
 */
export async function addCartItem(
  em: EntityManager,
  runtime: SubgraphRuntime,
  ownerKey: string,
  sku: string,
  quantity: number,
): Promise<CartResult> {
  const badQuantity = quantityProblem(quantity);
  if (badQuantity) return { cart: null, userErrors: [userError(UserErrorCode.INVALID_QUANTITY, badQuantity, ['input', 'quantity'])] };
  const [variants, availability] = await Promise.all([fetchVariants(runtime, [sku]), fetchAvailability(runtime, [sku])]);
  const variant = variants.get(sku);
  if (!variant) return { cart: null, userErrors: [userError(UserErrorCode.NOT_FOUND, `No variant with SKU ${sku}`, ['input', 'sku'])] };
  if (variant.product.status !== 'ACTIVE') {
    return { cart: null, userErrors: [userError(UserErrorCode.NOT_SELLABLE, `${variant.name} is not for sale`, ['input', 'sku'])] };
  }
  const available = availability.get(sku) ?? 0;

  return em.transactional(async (tx) => {
    await tx.getConnection().execute(
      `insert into "order"."cart" (id, owner_key, status, created_at, updated_at) values (gen_random_uuid(), ?, 'ACTIVE', now(), now()) on conflict do nothing`,
      [ownerKey],
      'run',
      tx.getTransactionContext(),
    );
    const cart = await tx.findOneOrFail(Cart, { ownerKey, status: CartStatus.ACTIVE }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const line = await tx.findOne(CartLine, { cart, sku });
    const wanted = (line?.quantity ?? 0) + quantity;
    const tooMany = quantityProblem(wanted);
    if (tooMany) return { cart: null, userErrors: [userError(UserErrorCode.INVALID_QUANTITY, tooMany, ['input', 'quantity'])] };
    if (available === 0) {
      return { cart: null, userErrors: [userError(UserErrorCode.OUT_OF_STOCK, `${variant.name} is out of stock`, ['input', 'sku'])] };
    }
    if (wanted > available) {
      return {
        cart: null,
        userErrors: [userError(UserErrorCode.INSUFFICIENT_STOCK, `Only ${available} of ${variant.name} available`, ['input', 'quantity'])],
      };
    }
    if (line) line.quantity = wanted;
    else tx.create(CartLine, { cart, sku, productId: variant.product.id, quantity });
    cart.updatedAt = new Date();
    await tx.flush();
    await tx.populate(cart, ['lines'], { refresh: true });
    return { cart, userErrors: [] };
  });
}

/** Carts by id, with lines, in one query. */
export function cartsByIds(em: EntityManager, ids: readonly string[]): Promise<Cart[]> {
  return em.find(Cart, { id: { $in: [...ids] } }, { populate: ['lines'] });
}
