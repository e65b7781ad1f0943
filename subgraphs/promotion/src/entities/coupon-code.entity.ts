import { OptionalProps, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Campaign } from './campaign.entity.js';

/** A code that unlocks a campaign; stored lower-cased so lookups are case-insensitive. */
@Entity({ tableName: 'coupon_code' })
export class CouponCode {
  [OptionalProps]?: 'singleUse' | 'usageCount';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Unique({ name: 'coupon_code_code_unique' })
  @Property()
  code!: string;

  @Index({ name: 'coupon_code_campaign_idx' })
  @ManyToOne(() => Campaign, { deleteRule: 'cascade' })
  campaign!: Rel<Campaign>;

  /** A single-use code is spent by its first redemption; a shared one only by the campaign's limits. */
  @Property({ default: false })
  singleUse = false;

  @Property({ columnType: 'int', default: 0 })
  usageCount = 0;
}
