import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import { DiscountType } from '../domain/promotion-rules.js';

export { DiscountType };

/** A promotion campaign. */
@Entity({ tableName: 'campaign' })
@Index({ name: 'campaign_active_window_idx', properties: ['active', 'startsAt', 'endsAt'] })
export class Campaign {
  [OptionalProps]?: 'description' | 'active' | 'startsAt' | 'productIds';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property()
  name!: string;

  @Property({ type: 'text' })
  description = '';

  @Enum({ items: () => DiscountType, nativeEnumName: 'discount_type' })
  discountType!: DiscountType;

  /** Percentage in basis points (1000 = 10%) for PERCENTAGE campaigns. */
  @Property({ columnType: 'int', nullable: true })
  percentageBasisPoints?: number;

  @Property()
  active = true;

  @Property({ type: 'timestamptz' })
  startsAt: Date = new Date(0);

  @Property({ type: 'timestamptz', nullable: true })
  endsAt?: Date;

  /** Product ids the campaign is limited to; empty means every product. */
  @Property({ type: 'jsonb' })
  productIds: string[] = [];
}
