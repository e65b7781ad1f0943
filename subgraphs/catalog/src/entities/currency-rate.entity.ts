import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** Units of `currency` per one unit of the base currency, from `effectiveFrom` on. */
@Entity({ tableName: 'currency_rate' })
@Unique({ name: 'currency_rate_currency_effective_unique', properties: ['currency', 'effectiveFrom'] })
export class CurrencyRate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'currency_rate_currency_idx' })
  @Property({ length: 3 })
  currency!: string;

  /** Exact decimal; read as a string and scaled to integers, never a float. */
  @Property({ type: 'decimal', precision: 30, scale: 12 })
  rate!: string;

  @Property({ type: 'timestamptz' })
  effectiveFrom!: Date;
}
