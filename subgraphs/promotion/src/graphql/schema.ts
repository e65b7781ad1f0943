import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { PromotionAdminResolver } from './admin.resolver.js';
import { EvaluationResolver } from './evaluation.resolver.js';
import { ProductPromotionsResolver, PromotionResolver, promotionLoaders } from './promotion.resolver.js';
import { ProductRef } from './types.js';

/** The promotion subgraph schema. */
export function promotionSchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: [
      'Query.promotionUsageReport.campaignId',
      'UpdateCampaignInput.id',
      'DeactivateCampaignInput.id',
      'GenerateCouponCodesInput.campaignId',
    ],
    resolvers: [PromotionResolver, ProductPromotionsResolver, EvaluationResolver, PromotionAdminResolver],
    orphanedTypes: [ProductRef],
    references: {
      Product: { __resolveReference: (ref: { id: string }) => Object.assign(new ProductRef(), { id: ref.id }) },
      Promotion: { __resolveReference: (ref: { id: string }, ctx: RequestContext) => promotionLoaders(ctx).promotion.load(ref.id) },
    },
  });
}
