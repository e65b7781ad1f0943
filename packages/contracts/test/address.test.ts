import { describe, expect, it } from '@jest/globals';
import { DEMO_SHIPPING_ZONES } from '@shopgraph/demo-data';
import { type AddressFields, COUNTRY_RULES, addressProblems, normalizeAddress } from '../src/address.js';

const base: AddressFields = {
  fullName: 'Ana Nguyen',
  line1: '1 Main St',
  city: 'Springfield',
  countryCode: 'US',
  region: 'CA',
  postalCode: '94105',
};
const problems = (overrides: Partial<AddressFields>) => addressProblems(normalizeAddress({ ...base, ...overrides }));
const fields = (overrides: Partial<AddressFields>) => problems(overrides).map((p) => p.field);

describe('address validation', () => {
  it('accepts valid addresses of each postal-code country', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ postalCode: '94105-1234' })).toEqual([]);
    expect(problems({ countryCode: 'gb', region: null, postalCode: 'sw1a 1aa' })).toEqual([]);
    expect(problems({ countryCode: 'GB', region: null, postalCode: 'M1 1AE' })).toEqual([]);
    expect(problems({ countryCode: 'DE', region: null, postalCode: '10115' })).toEqual([]);
    expect(problems({ countryCode: 'VN', region: 'Ho Chi Minh City', postalCode: '700000' })).toEqual([]);
    expect(problems({ countryCode: 'VN', region: 'Ha Noi', postalCode: null })).toEqual([]);
  });

  it('accepts a valid address in every country of every seeded shipping zone', () => {
    const zoneCountries = DEMO_SHIPPING_ZONES.flatMap((zone) => zone.countries.map((countryCode) => ({ zone: zone.code, countryCode })));
    expect(zoneCountries.map((c) => c.countryCode)).toContain('CA');
    for (const { zone, countryCode } of zoneCountries) {
      const rules = COUNTRY_RULES[countryCode];
      expect({ zone, countryCode, rules: rules !== undefined }).toEqual({ zone, countryCode, rules: true });
      const postalCodes = rules!.postalCode?.examples ?? [null];
      for (const postalCode of postalCodes) {
        const address = { ...base, countryCode: countryCode.toLowerCase(), region: rules!.regionRequired ? 'Region' : null, postalCode };
        expect({ zone, countryCode, postalCode, problems: problems(address) }).toEqual({ zone, countryCode, postalCode, problems: [] });
      }
    }
  });

  it('checks Canadian postal codes and provinces', () => {
    const canada = { countryCode: 'CA', region: 'ON', postalCode: 'k1a 0b1' };
    expect(problems(canada)).toEqual([]);
    expect(fields({ ...canada, postalCode: '12345' })).toEqual(['postalCode']);
    expect(fields({ ...canada, postalCode: 'D1A 0B1' })).toEqual(['postalCode']);
    expect(fields({ ...canada, postalCode: null })).toEqual(['postalCode']);
    expect(fields({ ...canada, region: null })).toEqual(['region']);
  });

  it('rejects unsupported or malformed country codes', () => {
    expect(fields({ countryCode: 'XX' })).toEqual(['countryCode']);
    expect(fields({ countryCode: 'USA' })).toEqual(['countryCode']);
    expect(fields({ countryCode: '' })).toEqual(['countryCode']);
  });

  it('rejects postal codes in the wrong format per country', () => {
    expect(fields({ postalCode: '9410' })).toEqual(['postalCode']);
    expect(fields({ postalCode: 'ABCDE' })).toEqual(['postalCode']);
    expect(fields({ countryCode: 'GB', postalCode: '12345' })).toEqual(['postalCode']);
    expect(fields({ countryCode: 'DE', postalCode: '1011' })).toEqual(['postalCode']);
    expect(fields({ countryCode: 'VN', postalCode: '70000' })).toEqual(['postalCode']);
  });

  it('requires the fields each country needs', () => {
    expect(fields({ region: ' ' })).toEqual(['region']);
    expect(fields({ postalCode: null })).toEqual(['postalCode']);
    expect(fields({ countryCode: 'DE', region: null, postalCode: '' })).toEqual(['postalCode']);
    expect(fields({ countryCode: 'VN', region: null, postalCode: null })).toEqual(['region']);
    expect(fields({ fullName: '', line1: ' ', city: '' })).toEqual(['fullName', 'line1', 'city']);
  });

  it('bounds the length of free-text fields', () => {
    expect(fields({ line2: 'x'.repeat(201), region: 'y'.repeat(201) })).toEqual(['line2', 'region']);
    expect(fields({ line1: 'z'.repeat(200) })).toEqual([]);
  });

  it('normalizes whitespace, case and empty optionals', () => {
    expect(normalizeAddress({ ...base, countryCode: ' us ', line2: '  ', postalCode: ' 94105 ', phone: '' })).toEqual({
      ...base,
      line2: null,
      phone: null,
    });
  });
});
