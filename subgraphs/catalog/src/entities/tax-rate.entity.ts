import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TaxCategory } from './product.entity.js';

/** A tax rate for a country (region '' = country-wide) and tax category. */
@Entity({ tableName: 'tax_rate' })
@Unique({ name: 'tax_rate_country_region_category_unique', properties: ['countryCode', 'region', 'category'] })
export class TaxRate {
  [OptionalProps]?: 'region';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'tax_rate_country_idx' })
  @Property({ length: 2 })
  countryCode!: string;

  /** Upper-case region code (e.g. a US state); '' for the country-wide rate, so the unique key holds. */
  @Property({ length: 64 })
  region = '';

  @Enum({ items: () => TaxCategory, nativeEnumName: 'tax_category' })
  category!: TaxCategory;

  /** Exact percentage, at most four decimals. */
  @Property({ type: 'decimal', precision: 7, scale: 4 })
  ratePercent!: string;

  /** Whether amounts already include this tax. */
  @Property()
  inclusive!: boolean;
}
