/**
 * Lifecycles of products and variants as data: `from → allowed targets`. Staying in the same status
 * is always allowed (an update that does not touch the status). A product is sold only while ACTIVE;
 * an archived product can come back only through DRAFT, so it is reviewed before it sells again.
 */

/** Statuses of a product. */
export type ProductStatusCode = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
/** Statuses of a variant. */
export type VariantStatusCode = 'ACTIVE' | 'ARCHIVED';

/** Allowed product status changes. */
export const PRODUCT_TRANSITIONS: Readonly<Record<ProductStatusCode, readonly ProductStatusCode[]>> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['DRAFT', 'ARCHIVED'],
  ARCHIVED: ['DRAFT'],
};

/** Allowed variant status changes. */
export const VARIANT_TRANSITIONS: Readonly<Record<VariantStatusCode, readonly VariantStatusCode[]>> = {
  ACTIVE: ['ARCHIVED'],
  ARCHIVED: ['ACTIVE'],
};

/** Whether `table` allows going from `from` to `to` (the same status always is). */
export function canTransition<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return from === to || table[from].includes(to);
}

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
  if (p.slug !== undefined && (p.slug.length > 120 || !SLUG.test(p.slug))) problems.push({ field: 'slug', message: 'Slug must be lower-case words of letters and digits joined by hyphens (at most 120)' });
  if (p.name !== undefined && (!p.name.trim() || p.name.length > 200)) problems.push({ field: 'name', message: 'Name is required (at most 200 characters)' });
  return problems;
}

/** Checks the fields of a variant that are given (undefined = not changed). */
export function variantProblems(v: { sku?: string | undefined; name?: string | undefined; basePriceMinor?: bigint | undefined; weightGrams?: number | undefined }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (v.sku !== undefined && !SKU.test(v.sku)) problems.push({ field: 'sku', message: 'SKU must be upper-case letters, digits, - or _ (at most 64)' });
  if (v.name !== undefined && (!v.name.trim() || v.name.length > 200)) problems.push({ field: 'name', message: 'Name is required (at most 200 characters)' });
  if (v.basePriceMinor !== undefined && v.basePriceMinor < 0n) problems.push({ field: 'basePriceMinor', message: 'Price must not be negative' });
  if (v.weightGrams !== undefined && (!Number.isInteger(v.weightGrams) || v.weightGrams < 0)) problems.push({ field: 'weightGrams', message: 'Weight must be a whole number of grams, 0 or more' });
  return problems;
}
