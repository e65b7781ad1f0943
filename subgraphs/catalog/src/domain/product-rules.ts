import { defineMachine } from '@shopgraph/fsm';

/**
 * Lifecycles of products and variants as data. A product is sold only while ACTIVE, and only with
 * a variant to sell; an archived product can come back only through DRAFT, so it is reviewed before
 * it sells again. Staying in the same status is not a move: callers skip the check then.
 */

/** Statuses of a product. */
export type ProductStatusCode = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
/** Statuses of a variant. */
export type VariantStatusCode = 'ACTIVE' | 'ARCHIVED';

/** What the product guards read. */
export interface ProductFacts {
  /** Whether the product has (or, when created, is given) a variant that can be sold. */
  hasActiveVariant: boolean;
}

/** What the variant guards read. */
export interface VariantFacts {
  productStatus: ProductStatusCode;
  /** Active variants of the product, this one included. */
  activeVariants: number;
}

const sellable = (facts: ProductFacts) => (facts.hasActiveVariant ? null : 'A product needs an active variant to become ACTIVE');
const notLastSold = (facts: VariantFacts) =>
  facts.productStatus === 'ACTIVE' && facts.activeVariants <= 1 ? 'The last active variant of an ACTIVE product cannot be archived' : null;

/** Allowed product status changes. */
export const PRODUCT_MACHINE = defineMachine<ProductStatusCode, never, ProductFacts>(
  {
    DRAFT: [{ to: 'ACTIVE', guard: sellable }, { to: 'ARCHIVED' }],
    ACTIVE: [{ to: 'DRAFT' }, { to: 'ARCHIVED' }],
    ARCHIVED: [{ to: 'DRAFT' }],
  },
  { name: 'product' },
);

/** Allowed variant status changes. */
export const VARIANT_MACHINE = defineMachine<VariantStatusCode, never, VariantFacts>(
  {
    ACTIVE: [{ to: 'ARCHIVED', guard: notLastSold }],
    ARCHIVED: [{ to: 'ACTIVE' }],
  },
  { name: 'variant' },
);

/** URL-safe slug: lower-case words of letters and digits joined by single hyphens, at most 120 characters. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** SKU: upper-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters. */
export const SKU = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

/** A problem with a product or variant field: the field's name and why. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Checks the fields of a product that are given (undefined = not changed). */
export function productProblems(p: { slug?: string | undefined; name?: string | undefined }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (p.slug !== undefined && (p.slug.length > 120 || !SLUG.test(p.slug)))
    problems.push({ field: 'slug', message: 'Slug must be lower-case words of letters and digits joined by hyphens (at most 120)' });
  if (p.name !== undefined && (!p.name.trim() || p.name.length > 200))
    problems.push({ field: 'name', message: 'Name is required (at most 200 characters)' });
  return problems;
}

/** Checks the fields of a variant that are given (undefined = not changed). */
export function variantProblems(v: {
  sku?: string | undefined;
  name?: string | undefined;
  basePriceMinor?: bigint | undefined;
  weightGrams?: number | undefined;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (v.sku !== undefined && !SKU.test(v.sku))
    problems.push({ field: 'sku', message: 'SKU must be upper-case letters, digits, - or _ (at most 64)' });
  if (v.name !== undefined && (!v.name.trim() || v.name.length > 200))
    problems.push({ field: 'name', message: 'Name is required (at most 200 characters)' });
  if (v.basePriceMinor !== undefined && v.basePriceMinor < 0n)
    problems.push({ field: 'basePriceMinor', message: 'Price must not be negative' });
  if (v.weightGrams !== undefined && (!Number.isInteger(v.weightGrams) || v.weightGrams < 0))
    problems.push({ field: 'weightGrams', message: 'Weight must be a whole number of grams, 0 or more' });
  return problems;
}
