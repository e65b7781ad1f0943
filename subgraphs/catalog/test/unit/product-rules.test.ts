import { describe, expect, it } from '@jest/globals';
import { PRODUCT_MACHINE, VARIANT_MACHINE } from '../../src/domain/product-rules.js';

const sellable = { hasActiveVariant: true };
const empty = { hasActiveVariant: false };

describe('product lifecycle', () => {
  it('sells only with an active variant, and brings an archived product back only through DRAFT', () => {
    expect(PRODUCT_MACHINE.refusal('DRAFT', 'ACTIVE', undefined, sellable)).toBeNull();
    expect(PRODUCT_MACHINE.refusal('DRAFT', 'ACTIVE', undefined, empty)).toBe('A product needs an active variant to become ACTIVE');
    expect(PRODUCT_MACHINE.can('ACTIVE', 'ARCHIVED', undefined, empty)).toBe(true);
    expect(PRODUCT_MACHINE.refusal('ARCHIVED', 'ACTIVE', undefined, sellable)).toBe('The product is ARCHIVED: it cannot become ACTIVE');
    expect(PRODUCT_MACHINE.next('ARCHIVED')).toEqual(['DRAFT']);
  });
});

describe('variant lifecycle', () => {
  it('keeps the last active variant of an ACTIVE product', () => {
    const last = VARIANT_MACHINE.refusal('ACTIVE', 'ARCHIVED', undefined, { productStatus: 'ACTIVE', activeVariants: 1 });
    expect(last).toBe('The last active variant of an ACTIVE product cannot be archived');
    expect(VARIANT_MACHINE.can('ACTIVE', 'ARCHIVED', undefined, { productStatus: 'ACTIVE', activeVariants: 2 })).toBe(true);
    expect(VARIANT_MACHINE.can('ACTIVE', 'ARCHIVED', undefined, { productStatus: 'DRAFT', activeVariants: 1 })).toBe(true);
    expect(VARIANT_MACHINE.can('ARCHIVED', 'ACTIVE', undefined, { productStatus: 'ACTIVE', activeVariants: 0 })).toBe(true);
  });
});
