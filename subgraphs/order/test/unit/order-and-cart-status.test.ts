import { describe, expect, it } from '@jest/globals';
import { CART_MACHINE, CartStatus, OPEN_CART_STATUSES } from '../../src/domain/cart-status.js';
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
