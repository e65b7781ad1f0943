import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CustomerSegment, LoyaltyTier, type TierBenefits as TierBenefitsData } from '../domain/standing.js';

registerEnumType(CustomerSegment, {
  name: 'CustomerSegment',
  description: 'Derived segment: NEW (fewer than 2 orders), RETURNING (2 or more), VIP (lifetime spend at or above the VIP threshold).',
});
registerEnumType(LoyaltyTier, {
  name: 'LoyaltyTier',
  description: 'Loyalty tier, from base points earned in the last 12 months (thresholds configurable).',
});

/** What a loyalty tier gives. */
@ObjectType({ description: 'What a loyalty tier gives.' })
export class TierBenefits {
  @Field(() => Int, { description: 'Points credited per 100 base points of an order (100 = no bonus).' })
  pointsMultiplierPercent!: number;

  @Field({ description: 'Whether standard shipping is free.' })
  freeStandardShipping!: boolean;

  /** Maps domain benefits to their GraphQL shape. */
  static from(b: TierBenefitsData): TierBenefits {
    return Object.assign(new TierBenefits(), {
      pointsMultiplierPercent: b.pointsMultiplierPercent,
      freeStandardShipping: b.freeStandardShipping,
    });
  }
}
