import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type UserError, UserErrorCode, userError } from '@shopgraph/errors';
import { recordEvent } from '@shopgraph/events';
import { type FieldProblem, PRODUCT_MACHINE, VARIANT_MACHINE, productProblems, variantProblems } from '../domain/product-rules.js';
import { Category, Product, ProductStatus, ProductVariant, TaxCategory, VariantStatus } from '../entities/index.js';
import { type ProductChange, ProductUpdated } from '../events/catalog.events.js';
import { recordPriceChange } from './price-change.service.js';
import { type AdminResult, done, fail } from './pricing-admin.service.js';

/** The fields of a new variant. */
export interface NewVariant {
  sku: string;
  name: string;
  options?: Record<string, string> | null;
  basePriceMinor: bigint;
  weightGrams?: number | null;
}

/** The fields of a new product, with its first variants. */
export interface NewProduct {
  slug: string;
  name: string;
  description?: string | null;
  brand?: string | null;
  categoryId: string;
  taxCategory?: TaxCategory | null;
  status?: ProductStatus | null;
  variants?: NewVariant[] | null;
}

/** A product change: only the given fields change. */
export interface ProductUpdate {
  id: string;
  slug?: string | null;
  name?: string | null;
  description?: string | null;
  brand?: string | null;
  categoryId?: string | null;
  taxCategory?: TaxCategory | null;
  status?: ProductStatus | null;
}

/** A variant change: only the given fields change. */
export interface VariantUpdate {
  sku: string;
  name?: string | null;
  options?: Record<string, string> | null;
  basePriceMinor?: bigint | null;
  weightGrams?: number | null;
  status?: VariantStatus | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const given = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
const invalid = (problems: FieldProblem[], path: string[]): AdminResult<never> => ({
  ok: null,
  errors: problems.map((p) => userError(UserErrorCode.INVALID_INPUT, p.message, [...path, p.field])),
});

/** The user error for a unique violation that a concurrent writer caused after our checks passed. */
function conflict(error: UniqueConstraintViolationException): UserError {
  return error.message.includes('product_slug_unique')
    ? userError(UserErrorCode.SLUG_TAKEN, 'Slug already in use', ['input', 'slug'])
    : userError(UserErrorCode.SKU_TAKEN, 'SKU already in use', ['input', 'sku']);
}

/** Runs a use case in a transaction; a unique violation from a concurrent writer becomes a user error. */
async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<AdminResult<T>>): Promise<AdminResult<T>> {
  try {
    return await em.transactional(work);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return { ok: null, errors: [conflict(error)] };
    throw error;
  }
}

async function productEvent(tx: EntityManager, product: Product, change: ProductChange, skus: string[]): Promise<void> {
  await recordEvent(tx, ProductUpdated, {
    aggregateId: product.id,
    payload: { productId: product.id, slug: product.slug, status: product.status, change, skus },
  });
}

/** Whether the product would still have an active variant (needed to be ACTIVE). */
async function hasActiveVariant(tx: EntityManager, productId: string): Promise<boolean> {
  return (await tx.count(ProductVariant, { product: productId, status: VariantStatus.ACTIVE })) > 0;
}

/** Creates a product (DRAFT unless told ACTIVE) with its first variants; emits ProductUpdated (CREATED). */
export async function createProduct(em: EntityManager, input: NewProduct): Promise<AdminResult<Product>> {
  const variants = input.variants ?? [];
  const problems = productProblems(input);
  if (problems.length) return invalid(problems, ['input']);
  for (const [i, v] of variants.entries()) {
    const vp = variantProblems({ ...v, weightGrams: given(v.weightGrams) });
    if (vp.length) return invalid(vp, ['input', 'variants', String(i)]);
  }
  const skus = variants.map((v) => v.sku);
  if (new Set(skus).size !== skus.length) return fail(UserErrorCode.SKU_TAKEN, 'The same SKU is given twice', ['input', 'variants']);
  // A new product starts as a DRAFT and moves at once to the status asked for, if the table allows.
  const status = input.status ?? ProductStatus.DRAFT;
  const facts = { hasActiveVariant: variants.length > 0 };
  const refused = status === ProductStatus.DRAFT ? null : PRODUCT_MACHINE.refusal(ProductStatus.DRAFT, status, undefined, facts);
  if (refused) return fail(UserErrorCode.INVALID_STATUS_TRANSITION, refused, ['input', 'status']);
  if (!UUID.test(input.categoryId)) return fail(UserErrorCode.NOT_FOUND, 'No such category', ['input', 'categoryId']);
  return inTransaction(em, async (tx) => {
    const category = await tx.findOne(Category, { id: input.categoryId });
    if (!category) return fail(UserErrorCode.NOT_FOUND, 'No such category', ['input', 'categoryId']);
    if (await tx.count(Product, { slug: input.slug }))
      return fail(UserErrorCode.SLUG_TAKEN, `Slug ${input.slug} is already used`, ['input', 'slug']);
    const taken = skus.length ? await tx.find(ProductVariant, { sku: { $in: skus } }, { fields: ['sku'] }) : [];
    if (taken.length)
      return fail(UserErrorCode.SKU_TAKEN, `SKU already used: ${taken.map((v) => v.sku).join(', ')}`, ['input', 'variants']);
    const product = tx.create(Product, {
      slug: input.slug,
      name: input.name.trim(),
      description: input.description ?? '',
      brand: input.brand ?? '',
      category,
      taxCategory: input.taxCategory ?? TaxCategory.STANDARD,
      status,
    });
    for (const v of variants) {
      tx.create(ProductVariant, {
        sku: v.sku,
        product,
        name: v.name.trim(),
        options: v.options ?? {},
        basePriceMinor: v.basePriceMinor,
        weightGrams: v.weightGrams ?? 0,
      });
    }
    await tx.flush();
    await productEvent(tx, product, 'CREATED', skus);
    return done(product);
  });
}

/** Changes a product's given fields; status changes follow PRODUCT_MACHINE. Emits ProductUpdated. */
export async function updateProduct(em: EntityManager, input: ProductUpdate): Promise<AdminResult<Product>> {
  const problems = productProblems({ slug: given(input.slug), name: given(input.name) });
  if (problems.length) return invalid(problems, ['input']);
  if (!UUID.test(input.id)) return fail(UserErrorCode.NOT_FOUND, 'No such product', ['input', 'id']);
  if (input.categoryId && !UUID.test(input.categoryId)) return fail(UserErrorCode.NOT_FOUND, 'No such category', ['input', 'categoryId']);
  return inTransaction(em, async (tx) => {
    const product = await tx.findOne(Product, { id: input.id });
    if (!product) return fail(UserErrorCode.NOT_FOUND, 'No such product', ['input', 'id']);
    const from = product.status;
    if (input.status && input.status !== from) {
      const refused = PRODUCT_MACHINE.refusal(from, input.status, undefined, { hasActiveVariant: await hasActiveVariant(tx, product.id) });
      if (refused) return fail(UserErrorCode.INVALID_STATUS_TRANSITION, refused, ['input', 'status']);
    }
    if (input.slug && input.slug !== product.slug && (await tx.count(Product, { slug: input.slug }))) {
      return fail(UserErrorCode.SLUG_TAKEN, `Slug ${input.slug} is already used`, ['input', 'slug']);
    }
    if (input.categoryId) {
      const category = await tx.findOne(Category, { id: input.categoryId });
      if (!category) return fail(UserErrorCode.NOT_FOUND, 'No such category', ['input', 'categoryId']);
      product.category = category;
    }
    if (input.slug) product.slug = input.slug;
    if (input.name) product.name = input.name.trim();
    if (input.description !== undefined && input.description !== null) product.description = input.description;
    if (input.brand !== undefined && input.brand !== null) product.brand = input.brand;
    if (input.taxCategory) product.taxCategory = input.taxCategory;
    if (input.status) product.status = input.status;
    await tx.flush();
    await productEvent(
      tx,
      product,
      product.status === ProductStatus.ARCHIVED && from !== ProductStatus.ARCHIVED ? 'ARCHIVED' : 'UPDATED',
      [],
    );
    return done(product);
  });
}

/** Adds a variant to a product; emits ProductUpdated (VARIANT_CREATED). */
export async function createProductVariant(
  em: EntityManager,
  input: NewVariant & { productId: string },
): Promise<AdminResult<ProductVariant>> {
  const problems = variantProblems({ ...input, weightGrams: given(input.weightGrams) });
  if (problems.length) return invalid(problems, ['input']);
  if (!UUID.test(input.productId)) return fail(UserErrorCode.NOT_FOUND, 'No such product', ['input', 'productId']);
  return inTransaction(em, async (tx) => {
    const product = await tx.findOne(Product, { id: input.productId });
    if (!product) return fail(UserErrorCode.NOT_FOUND, 'No such product', ['input', 'productId']);
    if (await tx.count(ProductVariant, { sku: input.sku }))
      return fail(UserErrorCode.SKU_TAKEN, `SKU ${input.sku} is already used`, ['input', 'sku']);
    const variant = tx.create(ProductVariant, {
      sku: input.sku,
      product,
      name: input.name.trim(),
      options: input.options ?? {},
      basePriceMinor: input.basePriceMinor,
      weightGrams: input.weightGrams ?? 0,
    });
    await tx.flush();
    await productEvent(tx, product, 'VARIANT_CREATED', [variant.sku]);
    return done(variant);
  });
}

/**
 * Changes a variant's given fields; status changes follow VARIANT_MACHINE (the last active variant
 * of an ACTIVE product cannot be archived). Emits ProductUpdated, and PriceUpdated when the base
 * price changes.
 */
export async function updateProductVariant(em: EntityManager, input: VariantUpdate): Promise<AdminResult<ProductVariant>> {
  const problems = variantProblems({
    name: given(input.name),
    basePriceMinor: given(input.basePriceMinor),
    weightGrams: given(input.weightGrams),
  });
  if (problems.length) return invalid(problems, ['input']);
  return em.transactional(async (tx) => {
    const variant = await tx.findOne(ProductVariant, { sku: input.sku }, { populate: ['product'] });
    if (!variant) return fail(UserErrorCode.NOT_FOUND, `No variant ${input.sku}`, ['input', 'sku']);
    const from = variant.status;
    if (input.status && input.status !== from) {
      const activeVariants = await tx.count(ProductVariant, { product: variant.product, status: VariantStatus.ACTIVE });
      const refused = VARIANT_MACHINE.refusal(from, input.status, undefined, { productStatus: variant.product.status, activeVariants });
      if (refused) return fail(UserErrorCode.INVALID_STATUS_TRANSITION, refused, ['input', 'status']);
    }
    const archiving = input.status === VariantStatus.ARCHIVED && from !== VariantStatus.ARCHIVED;
    const priceChanged =
      input.basePriceMinor !== undefined && input.basePriceMinor !== null && input.basePriceMinor !== variant.basePriceMinor;
    if (input.name) variant.name = input.name.trim();
    if (input.options) variant.options = input.options;
    if (input.weightGrams !== undefined && input.weightGrams !== null) variant.weightGrams = input.weightGrams;
    if (input.basePriceMinor !== undefined && input.basePriceMinor !== null) variant.basePriceMinor = input.basePriceMinor;
    if (input.status) variant.status = input.status;
    await tx.flush();
    await productEvent(tx, variant.product, archiving ? 'VARIANT_ARCHIVED' : 'VARIANT_UPDATED', [variant.sku]);
    if (priceChanged) await recordPriceChange(tx, { change: 'BASE_PRICE', sku: variant.sku });
    return done(variant);
  });
}
