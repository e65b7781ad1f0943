/**
 * Address rules shared by the customer address book and the order checkout, so both accept exactly
 * the same addresses.
 */

/** A postal address as entered, before it is stored. */
export interface AddressFields {
  fullName: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  countryCode: string;
  phone?: string | null;
}

/** A problem of one address field; `field` names the property at fault. */
export interface AddressProblem {
  field: keyof AddressFields;
  message: string;
}

/** What an address in one country needs. */
export interface CountryRules {
  name: string;
  regionRequired: boolean;
  /** The postal code's format, with valid examples (shown in the error, and checked by the tests). */
  postalCode?: { pattern: RegExp; examples: readonly string[]; required: boolean };
}

/**
 * Countries we ship to (ISO 3166-1 alpha-2) and what their addresses need: every country of every
 * shipping zone must be here, or its shoppers cannot enter an address (a test checks the seeded zones).
 */
export const COUNTRY_RULES: Readonly<Record<string, CountryRules>> = {
  US: {
    name: 'United States',
    regionRequired: true,
    postalCode: { pattern: /^\d{5}(-\d{4})?$/, examples: ['94105', '94105-1234'], required: true },
  },
  CA: {
    name: 'Canada',
    regionRequired: true,
    // Forward sortation area and local delivery unit; D, F, I, O, Q and U are never used, W and Z never first.
    postalCode: {
      pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i,
      examples: ['K1A 0B1', 'M5V3L9'],
      required: true,
    },
  },
  GB: {
    name: 'United Kingdom',
    regionRequired: false,
    postalCode: { pattern: /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i, examples: ['SW1A 1AA'], required: true },
  },
  DE: { name: 'Germany', regionRequired: false, postalCode: { pattern: /^\d{5}$/, examples: ['10115'], required: true } },
  VN: { name: 'Viet Nam', regionRequired: true, postalCode: { pattern: /^\d{6}$/, examples: ['700000'], required: false } },
  FR: { name: 'France', regionRequired: false, postalCode: { pattern: /^\d{5}$/, examples: ['75001'], required: true } },
  SG: { name: 'Singapore', regionRequired: false, postalCode: { pattern: /^\d{6}$/, examples: ['018956'], required: true } },
  JP: { name: 'Japan', regionRequired: true, postalCode: { pattern: /^\d{3}-?\d{4}$/, examples: ['100-0001'], required: true } },
};

/** Longest free-text address field accepted. */
export const MAX_FIELD_LENGTH = 200;

/** Supported country codes. */
export const SUPPORTED_COUNTRIES = Object.keys(COUNTRY_RULES);

const blank = (value: string | null | undefined) => !value || !value.trim();

/** Trims every field, upper-cases the country code and empties optional blanks to null. */
export function normalizeAddress(input: AddressFields): AddressFields {
  const optional = (value: string | null | undefined) => (blank(value) ? null : value!.trim());
  return {
    fullName: input.fullName.trim(),
    line1: input.line1.trim(),
    line2: optional(input.line2),
    city: input.city.trim(),
    region: optional(input.region),
    postalCode: optional(input.postalCode)?.toUpperCase() ?? null,
    countryCode: input.countryCode.trim().toUpperCase(),
    phone: optional(input.phone),
  };
}

/** Every problem of a normalized address; empty when it can be stored. */
export function addressProblems(address: AddressFields): AddressProblem[] {
  const problems: AddressProblem[] = [];
  for (const field of ['fullName', 'line1', 'city'] as const) {
    if (blank(address[field])) problems.push({ field, message: `${field} is required` });
  }
  for (const field of ['fullName', 'line1', 'line2', 'city', 'region'] as const) {
    if ((address[field]?.length ?? 0) > MAX_FIELD_LENGTH)
      problems.push({ field, message: `${field} must have at most ${MAX_FIELD_LENGTH} characters` });
  }
  const rules = COUNTRY_RULES[address.countryCode];
  if (!rules) {
    problems.push({ field: 'countryCode', message: `Country must be one of ${SUPPORTED_COUNTRIES.join(', ')} (ISO 3166-1 alpha-2)` });
    return problems;
  }
  if (rules.regionRequired && blank(address.region)) problems.push({ field: 'region', message: `Region is required for ${rules.name}` });
  const postal = rules.postalCode;
  if (postal) {
    if (blank(address.postalCode)) {
      if (postal.required) problems.push({ field: 'postalCode', message: `Postal code is required for ${rules.name}` });
    } else if (address.postalCode!.length > 16 || !postal.pattern.test(address.postalCode!)) {
      problems.push({ field: 'postalCode', message: `Postal code is not valid for ${rules.name} (e.g. ${postal.examples.join(' or ')})` });
    }
  }
  if (address.phone && !/^\+?[0-9 ()-]{6,20}$/.test(address.phone)) problems.push({ field: 'phone', message: 'Phone number is not valid' });
  return problems;
}
