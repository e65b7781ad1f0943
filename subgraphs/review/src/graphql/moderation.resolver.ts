import { Arg, Args, ArgsType, Ctx, Field, Mutation, Query, Resolver } from 'type-graphql';
import { requirePermission } from '@shopgraph/auth';
import { ConnectionArgs, type RequestContext, RequiresPermission, pageSize } from '@shopgraph/subgraph';
import { ReviewStatus } from '../domain/moderation.js';
import { moderateReview, replyToReview } from '../services/moderation.service.js';
import { reviewPage } from './product-reviews.reference.js';
import { reviewPayload } from './review.resolver.js';
import { ModerateReviewInput, ReplyToReviewInput, ReviewPayload } from './review-input.types.js';
import { ReviewConnection } from './review.types.js';

/** Arguments of the moderation queue. */
@ArgsType()
class ModerationQueueArgs extends ConnectionArgs {
  @Field(() => ReviewStatus, { nullable: true, description: 'Only reviews in this state (default PENDING and FLAGGED).' })
  status?: ReviewStatus | null;
}

/** The staff's moderation of reviews. */
@Resolver()
export class ModerationResolver {
  @Query(() => ReviewConnection, { description: 'Reviews waiting for staff (PENDING and FLAGGED), oldest first (staff).' })
  @RequiresPermission('catalog:read')
  reviewModerationQueue(@Args(() => ModerationQueueArgs) args: ModerationQueueArgs, @Ctx() ctx: RequestContext) {
    return reviewPage(ctx, null, '', {
      sort: 'OLDEST',
      first: pageSize(args.first),
      after: args.after ?? undefined,
      statuses: args.status ? [args.status] : [ReviewStatus.PENDING, ReviewStatus.FLAGGED],
    });
  }

  @Mutation(() => ReviewPayload, {
    description: 'Approves or rejects a review, for a reason about its content, never its rating (staff); the rating moves at once.',
  })
  @RequiresPermission('catalog:write')
  async moderateReview(
    @Arg('input', () => ModerateReviewInput) input: ModerateReviewInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReviewPayload> {
    const staff = requirePermission(ctx.identity, 'catalog:write');
    return reviewPayload(
      await moderateReview(ctx.em, staff.staffId, {
        id: input.id,
        decision: input.decision,
        reason: input.reason ?? undefined,
        note: input.note ?? undefined,
      }),
    );
  }

  @Mutation(() => ReviewPayload, { description: "Sets the merchant's public reply under a review, replacing an earlier one (staff)." })
  @RequiresPermission('catalog:write')
  async replyToReview(
    @Arg('input', () => ReplyToReviewInput) input: ReplyToReviewInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReviewPayload> {
    const staff = requirePermission(ctx.identity, 'catalog:write');
    return reviewPayload(await replyToReview(ctx.em, staff.staffId, { id: input.id, body: input.body }));
  }
}
