import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { OperationLabels, codeLabel, readOperationNames, userErrorCodes } from '../src/index.js';

describe('operation labels', () => {
  const labels = new OperationLabels(['ProductListing', 'AddCartItem']);

  it.each([
    ['ProductListing', false, 'ProductListing'],
    ['ProductListing__catalog__0', false, 'ProductListing'],
    ['AddCartItem__order__3', false, 'AddCartItem'],
    ['MyOwnInventedName', false, 'other'],
    ['MyOwnInventedName__catalog__0', false, 'other'],
    [`Random${'x'.repeat(30)}`, false, 'other'],
    [undefined, false, 'anonymous'],
    ['', false, 'anonymous'],
    ['CheckoutContext', true, 'internal:CheckoutContext'],
    ['has spaces; drop table', true, 'other'],
  ] as const)('labels %s (trusted: %s) as %s', (name, trusted, expected) => {
    expect(labels.label(name, trusted)).toBe(expected);
  });

  it('reads the names of the shipped operations from schema/operations', () => {
    const names = readOperationNames();
    expect(names.has('ProductListing')).toBe(true);
    expect(names.size).toBeGreaterThan(20);
  });

  it('reads every named operation of every file of a folder, and nothing from a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-'));
    try {
      await writeFile(join(dir, 'a.graphql'), 'query One { a } mutation Two { b } fragment F on Q { a }');
      await writeFile(join(dir, 'b.graphql'), 'subscription Three { c }');
      await writeFile(join(dir, 'notes.txt'), 'query Ignored { x }');
      expect([...readOperationNames(dir)].sort()).toEqual(['One', 'Three', 'Two']);
      expect(readOperationNames(join(dir, 'missing')).size).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('business outcome codes', () => {
  it('finds the code of every userError in a payload, at any of the first levels', () => {
    const data = {
      addCartItem: { cart: null, userErrors: [{ code: 'INSUFFICIENT_STOCK', message: 'x' }] },
      nested: { deeper: { userErrors: [{ code: 'CART_NOT_ACTIVE' }, { code: 'weird code!' }] } },
      list: [{ userErrors: [{ code: 'NOT_FOUND' }] }],
      fine: { userErrors: [] },
    };
    expect(userErrorCodes(data).sort()).toEqual(['CART_NOT_ACTIVE', 'INSUFFICIENT_STOCK', 'NOT_FOUND', 'OTHER']);
    expect(userErrorCodes(null)).toEqual([]);
  });

  it('keeps codes to a closed shape', () => {
    expect(codeLabel('BAD_USER_INPUT')).toBe('BAD_USER_INPUT');
    expect(codeLabel('bad')).toBe('OTHER');
    expect(codeLabel(42)).toBe('OTHER');
    expect(codeLabel(`A${'B'.repeat(80)}`)).toBe('OTHER');
  });
});
