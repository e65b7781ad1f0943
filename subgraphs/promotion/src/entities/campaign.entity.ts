import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { CampaignType, DiscountType } from '../domain/promotion-rules.js';

export { CampaignType, DiscountType };

// A fresh options object per property: MikroORM writes the field name into it.
const nullableMinor = () => ({ type: new BigIntType('bigint'), nullable: true });

/** A promotion campaign: its rules and its running usage counters. */
@Entity({ tableName: 'campaign' })
@Index({ name: 'campaign_active_window_idx', properties: ['active', 'startsAt', 'endsAt'] })
export class Campaign {
  [OptionalProps]?:
    | 'description'
    | 'active'
    | 'startsAt'
    | 'productIds'
    | 'campaignType'
    | 'currency'
    | 'categoryIds'
    | 'excludedProductIds'
    | 'excludedCategoryIds'
    | 'customerSegments'
    | 'usageCount'
    | 'budgetUsedMinor'
    | 'requiresCode'
    | 'exclusive'
    | 'priority';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property()
  name!: string;

  @Property({ type: 'text' })
  description = '';

  @Enum({ items: () => CampaignType, nativeEnumName: 'campaign_type', default: CampaignType.CART })
  campaignType: CampaignType = CampaignType.CART;

  @Enum({ items: () => DiscountType, nativeEnumName: 'discount_type' })
  discountType!: DiscountType;

  /** Currency of every amount of the campaign. */
  @Property({ length: 3, default: 'USD' })
  currency: string = 'USD';

  /** Percentage in basis points (1000 = 10%) for PERCENTAGE campaigns, or off each free unit for BUY_X_GET_Y. */
  @Property({ columnType: 'int', nullable: true })
  percentageBasisPoints?: number;

  @Property(nullableMinor())
  fixedAmountMinor?: bigint;

  @Property({ columnType: 'int', nullable: true })
  buyQuantity?: number;

  @Property({ columnType: 'int', nullable: true })
  getQuantity?: number;

  @Property(nullableMinor())
  minimumOrderAmountMinor?: bigint;

  @Property(nullableMinor())
  maximumDiscountAmountMinor?: bigint;

  @Property()
  active = true;

  @Property({ type: 'timestamptz' })
  startsAt: Date = new Date(0);

  @Property({ type: 'timestamptz', nullable: true })
  endsAt?: Date;

  /** Product ids the campaign is limited to; empty means every product. */
  @Property({ type: 'jsonb' })
  productIds: string[] = [];

  @Property({ type: 'jsonb', default: '[]' })
  categoryIds: string[] = [];

  @Property({ type: 'jsonb', default: '[]' })
  excludedProductIds: string[] = [];

  @Property({ type: 'jsonb', default: '[]' })
  excludedCategoryIds: string[] = [];

  /** Segments the campaign is limited to; empty means every shopper. */
  @Property({ type: 'jsonb', default: '[]' })
  customerSegments: string[] = [];

  @Property({ columnType: 'int', nullable: true })
  usageLimit?: number;

  @Property({ columnType: 'int', nullable: true })
  perCustomerLimit?: number;

  @Property(nullableMinor())
  budgetMinor?: bigint;

  /** Redemptions not reversed; kept in step with the ledger under a row lock. */
  @Property({ columnType: 'int', default: 0 })
  usageCount = 0;

  @Property({ type: new BigIntType('bigint'), default: 0 })
  budgetUsedMinor: bigint = 0n;

  @Property({ default: false })
  requiresCode = false;

  @Property({ default: false })
  exclusive = false;

  @Property({ columnType: 'int', default: 0 })
  priority = 0;
}
