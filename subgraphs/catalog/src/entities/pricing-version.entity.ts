import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One row counting committed pricing changes: every change to a price, rate, markup or tier bumps it
 * in its own transaction, so a reader that sees version N has seen every change up to N.
 */
@Entity({ tableName: 'pricing_version' })
export class PricingVersion {
  @PrimaryKey({ columnType: 'int', autoincrement: false })
  id = 1;

  @Property({ type: new BigIntType('bigint') })
  version!: bigint;
}
