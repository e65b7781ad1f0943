import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { CustomerSegment, LoyaltyTier, type Standing } from '../domain/standing.js';
import { standings } from '../services/standing.service.js';
import { assertSelfOrStaff } from './guards.js';
import { TierBenefits } from './standing.types.js';
import { Customer } from './types.js';

/** Per-request loader of customers' standing (one ledger query for a page of customers). */
export function standingLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, Standing>('standing', (ids) => standings(ctx.em, ids));
}

/** Segments and tier of a customer: readable by the customer and admins only. */
@Resolver(() => Customer)
export class StandingResolver {
  @FieldResolver(() => [CustomerSegment], {
    description: 'Derived segments (NEW or RETURNING, and VIP). Readable by the customer and admins.',
  })
  async segments(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<CustomerSegment[]> {
    assertSelfOrStaff(ctx.identity, customer.id);
    return (await standingLoader(ctx).load(customer.id)).segments;
  }

  @FieldResolver(() => LoyaltyTier, { description: 'Loyalty tier. Readable by the customer and admins.' })
  async tier(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<LoyaltyTier> {
    assertSelfOrStaff(ctx.identity, customer.id);
    return (await standingLoader(ctx).load(customer.id)).tier;
  }

  @FieldResolver(() => TierBenefits, { description: 'What the tier gives. Readable by the customer and admins.' })
  async tierBenefits(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<TierBenefits> {
    assertSelfOrStaff(ctx.identity, customer.id);
    return TierBenefits.from((await standingLoader(ctx).load(customer.id)).benefits);
  }
}
