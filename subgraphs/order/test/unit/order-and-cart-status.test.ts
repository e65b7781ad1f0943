import { describe, expect, it } from '@jest/globals';
import { TransitionError } from '@shopgraph/fsm';
import { CART_MACHINE, CartStatus, OPEN_CART_STATUSES } from '../../src/domain/cart-status.js';
import { type Actor, ORDER_MACHINE, OrderStatus } from '../../src/domain/order-status.js';

const { PENDING, CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED } = OrderStatus;

describe('order lifecycle', () => {
  it.each<[OrderStatus, OrderStatus, Actor, boolean]>([
    [PENDING, CONFIRMED, 'system', true],
    [PENDING, CONFIRMED, 'shopper', false],
    [PENDING, CANCELLED, 'shopper', true],
    [CONFIRMED, PROCESSING, 'system', true],
    [CONFIRMED, CANCELLED, 'shopper', true],
    [PROCESSING, CANCELLED, 'shopper', false],
    [PROCESSING, CANCELLED, 'admin', true],
    [PROCESSING, SHIPPED, 'system', false],
    [SHIPPED, DELIVERED, 'system', true],
    [SHIPPED, CANCELLED, 'admin', false],
    [PENDING, SHIPPED, 'admin', false],
  ])('%s → %s by %s: %s', (from, to, actor, allowed) => {
    expect(ORDER_MACHINE.can(from, to, actor)).toBe(allowed);
  });

  it('ends at DELIVERED or CANCELLED, and says who may make a refused move', () => {
    expect(Object.values(OrderStatus).filter((s) => ORDER_MACHINE.isTerminal(s))).toEqual([DELIVERED, CANCELLED]);
    const refused = new TransitionError(PROCESSING, CANCELLED, 'The order is PROCESSING: only admin may make it CANCELLED');
    expect(() => ORDER_MACHINE.assert(PROCESSING, CANCELLED, 'shopper')).toThrow(refused);
  });
});

describe('cart lifecycle', () => {
  it('holds a cart in checkout, back to ACTIVE or on to ORDERED; ORDERED and MERGED are final', () => {
    expect(CART_MACHINE.next(CartStatus.ACTIVE)).toEqual([CartStatus.CHECKOUT, CartStatus.ORDERED, CartStatus.MERGED]);
    expect(CART_MACHINE.next(CartStatus.CHECKOUT)).toEqual([CartStatus.ACTIVE, CartStatus.ORDERED]);
    expect(CART_MACHINE.can(CartStatus.CHECKOUT, CartStatus.MERGED)).toBe(false);
    expect(CART_MACHINE.can(CartStatus.MERGED, CartStatus.ACTIVE)).toBe(false);
  });

  it('counts as open exactly the statuses a cart can still leave', () => {
    expect(OPEN_CART_STATUSES).toEqual([CartStatus.ACTIVE, CartStatus.CHECKOUT]);
  });
});
