import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar } from '@shopgraph/money';
import { ProductStatus, TaxCategory, VariantStatus } from '../entities/index.js';
import { Product, ProductVariant } from './types.js';

/** One option of a variant, as input. */
@InputType({ description: 'One option of a variant, such as size M.' })
export class VariantOptionInput {
  @Field({ description: 'Option name, e.g. "size".' })
  name!: string;

  @Field({ description: 'Option value, e.g. "M".' })
  value!: string;
}

/** A new variant. */
@InputType({ description: 'A new variant of a product.' })
export class NewVariantInput {
  @Field(() => ID, { description: 'Unique SKU: upper-case letters, digits, - or _ (at most 64).' })
  sku!: string;

  @Field({ description: 'Display name including the options.' })
  name!: string;

  @Field(() => [VariantOptionInput], { nullable: true, description: 'Options that distinguish it.' })
  options?: VariantOptionInput[] | null;

  @Field(() => BigIntScalar, { description: 'Base price in base-currency minor units (0 or more).' })
  basePriceMinor!: bigint;

  @Field(() => Int, { nullable: true, description: 'Shipping weight in grams; 0 when omitted.' })
  weightGrams?: number | null;
}

/** Input of createProduct. */
@InputType({ description: 'A new product with its first variants.' })
export class CreateProductInput {
  @Field({ description: 'Unique URL-safe name: lower-case words joined by hyphens.' })
  slug!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Long description (plain text).' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Brand or maker.' })
  brand?: string | null;

  @Field(() => ID, { description: 'Category to file it under.' })
  categoryId!: string;

  @Field(() => TaxCategory, { nullable: true, description: 'Tax category; STANDARD when omitted.' })
  taxCategory?: TaxCategory | null;

  @Field(() => ProductStatus, { nullable: true, description: 'DRAFT (default) or ACTIVE (needs a variant).' })
  status?: ProductStatus | null;

  @Field(() => [NewVariantInput], { nullable: true, description: 'Its first variants.' })
  variants?: NewVariantInput[] | null;
}

/** Input of updateProduct. */
@InputType({ description: 'Changes to a product; omitted fields stay as they are.' })
export class UpdateProductInput {
  @Field(() => ID, { description: 'The product.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New unique slug.' })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'New brand.' })
  brand?: string | null;

  @Field(() => ID, { nullable: true, description: 'New category.' })
  categoryId?: string | null;

  @Field(() => TaxCategory, { nullable: true, description: 'New tax category.' })
  taxCategory?: TaxCategory | null;

  @Field(() => ProductStatus, {
    nullable: true,
    description:
      'New status. Allowed: DRAFT → ACTIVE or ARCHIVED; ACTIVE → DRAFT or ARCHIVED; ARCHIVED → DRAFT. ACTIVE needs an active variant.',
  })
  status?: ProductStatus | null;
}

/** Input of archiveProduct. */
@InputType({ description: 'A product to archive.' })
export class ArchiveProductInput {
  @Field(() => ID, { description: 'The product.' })
  id!: string;
}

/** Input of createProductVariant. */
@InputType({ description: 'A new variant of an existing product.' })
export class CreateProductVariantInput extends NewVariantInput {
  @Field(() => ID, { description: 'The product it belongs to.' })
  productId!: string;
}

/** Input of updateProductVariant. */
@InputType({ description: 'Changes to a variant; omitted fields stay as they are.' })
export class UpdateProductVariantInput {
  @Field(() => ID, { description: 'SKU of the variant (never changes).' })
  sku!: string;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  name?: string | null;

  @Field(() => [VariantOptionInput], { nullable: true, description: 'New options (replace the old ones).' })
  options?: VariantOptionInput[] | null;

  @Field(() => BigIntScalar, { nullable: true, description: 'New base price in base-currency minor units (0 or more).' })
  basePriceMinor?: bigint | null;

  @Field(() => Int, { nullable: true, description: 'New weight in grams.' })
  weightGrams?: number | null;

  @Field(() => VariantStatus, {
    nullable: true,
    description: 'New status: ACTIVE ↔ ARCHIVED; the last active variant of an ACTIVE product cannot be archived.',
  })
  status?: VariantStatus | null;
}

/** Input of archiveProductVariant. */
@InputType({ description: 'A variant to archive.' })
export class ArchiveProductVariantInput {
  @Field(() => ID, { description: 'SKU of the variant.' })
  sku!: string;
}

/** Result of a product mutation. */
@ObjectType({ description: 'Result of createProduct, updateProduct or archiveProduct.' })
export class ProductPayload {
  @Field(() => Product, { nullable: true, description: 'The product; null on failure.' })
  product!: Product | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Result of a variant mutation. */
@ObjectType({ description: 'Result of createProductVariant, updateProductVariant or archiveProductVariant.' })
export class ProductVariantPayload {
  @Field(() => ProductVariant, { nullable: true, description: 'The variant; null on failure.' })
  variant!: ProductVariant | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** Options as stored: name → value. */
export function optionsRecord(options: VariantOptionInput[] | null | undefined): Record<string, string> | null {
  return options ? Object.fromEntries(options.map((o) => [o.name, o.value])) : null;
}
