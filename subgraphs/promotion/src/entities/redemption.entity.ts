import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Campaign } from './campaign.entity.js';

/** Whether a redemption still counts. */
export enum RedemptionStatus {
  REDEEMED = 'REDEEMED',
  REVERSED = 'REVERSED',
}

/** One campaign applied to one order: the ledger the usage counters are kept from. */
@Entity({ tableName: 'redemption' })
@Unique({ name: 'redemption_campaign_order_unique', properties: ['campaign', 'orderId'] })
@Index({ name: 'redemption_campaign_customer_idx', properties: ['campaign', 'customerId'] })
export class Redemption {
  [OptionalProps]?: 'status' | 'createdAt' | 'code';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Campaign, { deleteRule: 'restrict' })
  campaign!: Rel<Campaign>;

  /** The lower-cased code used, if any. */
  @Property({ nullable: true })
  code?: string;

  @Index({ name: 'redemption_order_idx' })
  @Property()
  orderId!: string;

  @Property()
  customerId!: string;

  @Property({ type: new BigIntType('bigint') })
  amountMinor!: bigint;

  @Enum({ items: () => RedemptionStatus, nativeEnumName: 'redemption_status', default: RedemptionStatus.REDEEMED })
  status: RedemptionStatus = RedemptionStatus.REDEEMED;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
