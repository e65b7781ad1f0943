import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql, type TxSql } from '@shopgraph/db';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import type { CurrencyCode } from '@shopgraph/money';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { MAX_CART_LINES, isSellable, mergeQuantity, quantityProblem } from '../domain/cart-rules.js';
import { CartStatus } from '../domain/cart-status.js';
import { type CartWarning, CartWarningCode } from '../domain/cart-warnings.js';
import * as carts from '../store/cart.sql.js';
import { createOpenCart, lockOpenCart, markCartMerged, openCartLines, writeCartLines } from '../store/cart.sql.js';
import type { CartLineView, CartView } from '../store/rows.js';
import type { LinePrice } from './catalog.client.js';
import { type PricedCart, type SkuFacts, cartFacts, priceCarts, skuFacts } from './cart-pricing.service.js';
import { isActiveWarehouse } from './inventory.client.js';

/** The owner's open cart (ACTIVE, or CHECKOUT while a session holds it) with its lines, if any, in one statement. */
export async function openCart(em: EntityManager, ownerKey: string): Promise<CartView | null> {
  return carts.openCart(await PreparedSql.of(em), ownerKey);
}

/** Carts by id, with lines, in one statement. */
export async function cartsByIds(em: EntityManager, ids: readonly string[]): Promise<CartView[]> {
  return carts.cartsByIds(await PreparedSql.of(em), ids);
}

/** Open carts of many owners, with lines, in one statement. */
export async function openCartsOf(em: EntityManager, ownerKeys: readonly string[]): Promise<CartView[]> {
  return carts.openCartsOf(await PreparedSql.of(em), ownerKeys);
}

/** Outcome of a cart mutation: the priced cart, or why nothing changed. */
export interface CartResult {
  cart: PricedCart | null;
  userErrors: UserError[];
  /** Notes about what the mutation did (e.g. a merge capped a quantity). */
  warnings?: CartWarning[];
}

const failed = (code: UserErrorCode, message: string, field: string[]): CartResult => ({
  cart: null,
  userErrors: [userError(code, message, field)],
});

/**
 * Runs `change` in a transaction on the owner's open cart, created if asked and row-locked for
 * the whole transaction so concurrent changes of one cart queue up instead of losing one another
 * (the store reads the lines after the lock). A cart in checkout is refused: the shopper abandons
 * the checkout to edit it (the held stock and the previewed totals would otherwise silently stop
 * matching the cart).
 */
async function withLockedCart(
  em: EntityManager,
  ownerKey: string,
  create: boolean,
  change: (tx: TxSql, cart: CartView) => Promise<CartResult>,
): Promise<CartResult> {
  return (await PreparedSql.of(em)).transaction(async (tx) => {
    if (create) await createOpenCart(tx, ownerKey);
    const cart = await lockOpenCart(tx, ownerKey);
    if (!cart) return failed(UserErrorCode.NOT_FOUND, 'You have no cart', ['input']);
    if (cart.status === CartStatus.CHECKOUT) {
      return failed(UserErrorCode.CART_NOT_ACTIVE, 'Your cart is in checkout: abandon the checkout to change it', ['input']);
    }
    return change(tx, cart);
  });
}

/**
 * Prices the cart after a change, records on the changed line the unit price the shopper now
 * sees, and writes the changed lines (and the removed ones) with the cart's `updatedAt`.
 */
async function priceAndWrite(
  tx: TxSql,
  runtime: SubgraphRuntime,
  cart: CartView,
  currency: CurrencyCode,
  facts: SkuFacts,
  changed: { lines: CartLineView[]; touched?: CartLineView; removedIds?: string[] },
  prices?: Map<string, LinePrice>,
): Promise<CartResult> {
  cart.updatedAt = new Date();
  const [priced] = await priceCarts(runtime, [cart], currency, { facts, ...(prices ? { prices } : {}) });
  const shown = changed.touched && priced!.lines.find((l) => l.line === changed.touched)?.unitPrice;
  if (shown) {
    changed.touched!.seenUnitPriceMinor = shown.amountMinor;
    changed.touched!.seenCurrency = currency;
  }
  await writeCartLines(tx, cart.id, changed.lines, cart.updatedAt, changed.removedIds);
  return { cart: priced!, userErrors: [] };
}

/** What to add. */
export interface AddItem {
  sku: string;
  quantity: number;
  productId?: string | null;
  warehouseId?: string | null;
}

/**
 * Adds units of a variant to the owner's open cart (created on first use). The variant must exist
 * and be for sale, and the line's new quantity must be within bounds and available; otherwise
 * nothing changes. One parallel round of two subgraph calls (catalog variants and prices together,
 * inventory availability) and a handful of queries whatever the cart holds.
 */
export async function addCartItem(
  em: EntityManager,
  runtime: SubgraphRuntime,
  ownerKey: string,
  item: AddItem,
  currency: CurrencyCode,
): Promise<CartResult> {
  const badQuantity = quantityProblem(item.quantity);
  if (badQuantity) return failed(UserErrorCode.INVALID_QUANTITY, badQuantity, ['input', 'quantity']);
  // A line must not keep a warehouse that does not exist: it would be priced and reserved against nothing.
  if (item.warehouseId && !(await isActiveWarehouse(runtime, item.warehouseId)))
    return failed(UserErrorCode.NOT_FOUND, 'No active warehouse with that id', ['input', 'warehouseId']);
  // Variants, availability and the prices the cart will have are fetched in one parallel round
  // before the cart row is locked, so the lock is held for no remote call at all; only what a
  // concurrent change made different is fetched under the lock.
  const predicted = await openCartLines(await PreparedSql.of(em), ownerKey);
  const existing = predicted.find((l) => l.sku === item.sku);
  if (existing)
    Object.assign(existing, {
      quantity: existing.quantity + item.quantity,
      ...(item.warehouseId !== undefined ? { warehouseId: item.warehouseId } : {}),
    });
  else predicted.push({ sku: item.sku, quantity: item.quantity, warehouseId: item.warehouseId ?? null });
  const fetched = await cartFacts(
    runtime,
    currency,
    predicted,
    predicted.every((l) => !quantityProblem(l.quantity)),
  );
  const prices = fetched.prices;
  let facts = fetched.facts;
  return withLockedCart(em, ownerKey, true, async (tx, cart) => {
    const lines = cart.lines;
    const late = lines.map((l) => l.sku).filter((sku) => !facts.availability.has(sku));
    if (late.length) {
      const more = await skuFacts(runtime, late);
      facts = {
        variants: new Map([...facts.variants, ...more.variants]),
        availability: new Map([...facts.availability, ...more.availability]),
      };
    }
    const variant = facts.variants.get(item.sku);
    if (!variant || (item.productId && item.productId !== variant.product.id)) {
      return failed(UserErrorCode.NOT_FOUND, `No variant with SKU ${item.sku}${item.productId ? ' in that product' : ''}`, [
        'input',
        'sku',
      ]);
    }
    if (!isSellable(variant)) return failed(UserErrorCode.NOT_SELLABLE, `${variant.name} is not for sale`, ['input', 'sku']);
    const existing = lines.find((l) => l.sku === item.sku);
    if (!existing && lines.length >= MAX_CART_LINES)
      return failed(UserErrorCode.INVALID_QUANTITY, `A cart holds at most ${MAX_CART_LINES} lines`, ['input', 'sku']);
    const wanted = (existing?.quantity ?? 0) + item.quantity;
    const tooMany = quantityProblem(wanted);
    if (tooMany)
      return failed(UserErrorCode.INVALID_QUANTITY, `${tooMany} per line (the cart already holds ${existing?.quantity ?? 0})`, [
        'input',
        'quantity',
      ]);
    const available = facts.availability.get(item.sku) ?? 0;
    if (available === 0) return failed(UserErrorCode.OUT_OF_STOCK, `${variant.name} is out of stock (0 available)`, ['input', 'sku']);
    if (wanted > available)
      return failed(UserErrorCode.INSUFFICIENT_STOCK, `Only ${available} of ${variant.name} available`, ['input', 'quantity']);
    const line: CartLineView = existing
      ? Object.assign(existing, { quantity: wanted, ...(item.warehouseId !== undefined ? { warehouseId: item.warehouseId } : {}) })
      : {
          id: randomUUID(),
          sku: item.sku,
          productId: variant.product.id,
          quantity: wanted,
          warehouseId: item.warehouseId ?? null,
          seenUnitPriceMinor: null,
          seenCurrency: null,
          createdAt: new Date(),
        };
    if (!existing) lines.push(line);
    return priceAndWrite(tx, runtime, cart, currency, facts, { lines: [line], touched: line }, prices);
  });
}

/**
 * Sets a line's quantity (0 removes it). Raising it checks availability like adding; lowering
 * always succeeds. A line id of another cart is NOT_FOUND.
 */
export async function updateCartItem(
  em: EntityManager,
  runtime: SubgraphRuntime,
  ownerKey: string,
  lineId: string,
  quantity: number,
  currency: CurrencyCode,
): Promise<CartResult> {
  if (quantity !== 0) {
    const bad = quantityProblem(quantity);
    if (bad) return failed(UserErrorCode.INVALID_QUANTITY, `${bad} (0 removes the line)`, ['input', 'quantity']);
  }
  return withLockedCart(em, ownerKey, false, async (tx, cart) => {
    const line = cart.lines.find((l) => l.id === lineId);
    if (!line) return failed(UserErrorCode.NOT_FOUND, 'No such line in your cart', ['input', 'lineId']);
    if (quantity === 0) {
      cart.lines.splice(cart.lines.indexOf(line), 1);
      const after = await cartFacts(runtime, currency, cart.lines);
      return priceAndWrite(tx, runtime, cart, currency, after.facts, { lines: [], removedIds: [line.id] }, after.prices);
    }
    // Facts and the prices the cart will have if the change is allowed, in one round.
    const { facts, prices } = await cartFacts(
      runtime,
      currency,
      cart.lines.map((l) => ({ sku: l.sku, quantity: l === line ? quantity : l.quantity, warehouseId: l.warehouseId })),
    );
    const available = facts.availability.get(line.sku) ?? 0;
    if (quantity > line.quantity && quantity > available) {
      const name = facts.variants.get(line.sku)?.name ?? line.sku;
      return available === 0
        ? failed(UserErrorCode.OUT_OF_STOCK, `${name} is out of stock (0 available)`, ['input', 'quantity'])
        : failed(UserErrorCode.INSUFFICIENT_STOCK, `Only ${available} of ${name} available`, ['input', 'quantity']);
    }
    line.quantity = quantity;
    return priceAndWrite(tx, runtime, cart, currency, facts, { lines: [line], touched: line }, prices);
  });
}

/** Removes a line from the owner's cart. */
export function removeCartItem(
  em: EntityManager,
  runtime: SubgraphRuntime,
  ownerKey: string,
  lineId: string,
  currency: CurrencyCode,
): Promise<CartResult> {
  return updateCartItem(em, runtime, ownerKey, lineId, 0, currency);
}

/**
 * Merges a guest's open cart into the customer's (created if needed), once: the rule is
 * `mergeQuantity` (sum, capped by availability and the line maximum, never below what the
 * customer already had), with a QUANTITY_REDUCED warning per capped line. The guest cart ends
 * MERGED and remembers where it went, so repeating the call changes nothing more. Both carts
 * are row-locked, customer's first, then guest's.
 */
export async function mergeGuestCart(
  em: EntityManager,
  runtime: SubgraphRuntime,
  customerKey: string,
  guestKey: string,
  currency: CurrencyCode,
): Promise<CartResult> {
  return withLockedCart(em, customerKey, true, async (tx, cart) => {
    const guest = await lockOpenCart(tx, guestKey);
    const mine = cart.lines;
    if (!guest)
      return priceAndWrite(
        tx,
        runtime,
        cart,
        currency,
        await skuFacts(
          runtime,
          mine.map((l) => l.sku),
        ),
        { lines: [] },
      );
    if (guest.status === CartStatus.CHECKOUT) {
      return failed(UserErrorCode.CART_NOT_ACTIVE, 'The guest cart is in checkout: abandon that checkout first', ['input', 'guestToken']);
    }
    const theirs = guest.lines;
    const facts = await skuFacts(
      runtime,
      [...mine, ...theirs].map((l) => l.sku),
    );
    const warnings: CartWarning[] = [];
    const changed: CartLineView[] = [];
    for (const g of theirs) {
      const existing = mine.find((l) => l.sku === g.sku);
      const outcome = mergeQuantity({
        sku: g.sku,
        customerQuantity: existing?.quantity ?? 0,
        guestQuantity: g.quantity,
        available: facts.availability.get(g.sku) ?? 0,
      });
      if (outcome.capped) {
        const name = facts.variants.get(g.sku)?.name ?? g.sku;
        warnings.push({
          code: CartWarningCode.QUANTITY_REDUCED,
          sku: g.sku,
          message: `${name}: kept ${outcome.quantity} of the ${(existing?.quantity ?? 0) + g.quantity} wanted (availability)`,
        });
      }
      if (existing) {
        existing.quantity = outcome.quantity;
        changed.push(existing);
      } else if (outcome.quantity > 0 && mine.length < MAX_CART_LINES) {
        const line: CartLineView = { ...g, id: randomUUID(), quantity: outcome.quantity, createdAt: new Date() };
        mine.push(line);
        changed.push(line);
      }
    }
    await markCartMerged(tx, guest.id, cart.id);
    const result = await priceAndWrite(tx, runtime, cart, currency, facts, { lines: changed });
    return { ...result, warnings };
  });
}
