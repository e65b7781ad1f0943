import { RequiresPermission } from '@shopgraph/subgraph';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { userError, UserErrorCode } from '@shopgraph/errors';
import type { RequestContext } from '@shopgraph/subgraph';
import {
  type AdminResult,
  createCampaign,
  deactivateCampaign,
  type FieldProblem,
  generateCouponCodes,
  updateCampaign,
  usageReport,
} from '../services/campaign-admin.service.js';
import type { Campaign } from '../entities/index.js';
import {
  CreateCampaignInput,
  DeactivateCampaignInput,
  GenerateCouponCodesInput,
  GenerateCouponCodesPayload,
  CampaignPayload,
  PromotionUsageReport,
  UpdateCampaignInput,
} from './admin.types.js';
import { Promotion } from './types.js';

const errorsOf = (problems: FieldProblem[]) =>
  problems.map((p) => userError(p.notFound ? UserErrorCode.NOT_FOUND : UserErrorCode.INVALID_INPUT, p.message, ['input', p.field]));

const payload = (result: AdminResult<Campaign>): CampaignPayload =>
  result.ok ? { promotion: Promotion.from(result.value), userErrors: [] } : { promotion: null, userErrors: errorsOf(result.problems) };

/** Campaign administration (admin credential). */
@Resolver()
export class PromotionAdminResolver {
  @Mutation(() => CampaignPayload, { description: 'Creates a promotion campaign (admin).' })
  @RequiresPermission('promotions:write')
  async createCampaign(
    @Arg('input', () => CreateCampaignInput) input: CreateCampaignInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignPayload> {
    return payload(await createCampaign(ctx.em, { ...input }));
  }

  @Mutation(() => CampaignPayload, { description: 'Changes the rules of a promotion campaign (admin).' })
  @RequiresPermission('promotions:write')
  async updateCampaign(
    @Arg('input', () => UpdateCampaignInput) input: UpdateCampaignInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignPayload> {
    const { id, ...changes } = input;
    return payload(await updateCampaign(ctx.em, id, changes));
  }

  @Mutation(() => CampaignPayload, { description: 'Switches a promotion campaign off for good (archive); its ledger stays (admin).' })
  @RequiresPermission('promotions:write')
  async deactivateCampaign(
    @Arg('input', () => DeactivateCampaignInput) input: DeactivateCampaignInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignPayload> {
    return payload(await deactivateCampaign(ctx.em, input.id));
  }

  @Mutation(() => GenerateCouponCodesPayload, { description: 'Generates random unique coupon codes for a campaign (admin).' })
  @RequiresPermission('promotions:write')
  async generateCouponCodes(
    @Arg('input', () => GenerateCouponCodesInput) input: GenerateCouponCodesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<GenerateCouponCodesPayload> {
    const result = await generateCouponCodes(ctx.em, input);
    return result.ok ? { codes: result.value, userErrors: [] } : { codes: [], userErrors: errorsOf(result.problems) };
  }

  @Query(() => PromotionUsageReport, { nullable: true, description: 'Usage of a promotion campaign; null if unknown (admin).' })
  @RequiresPermission('promotions:read')
  async promotionUsageReport(
    @Arg('campaignId', () => ID) campaignId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<PromotionUsageReport | null> {
    const report = await usageReport(ctx.em, campaignId);
    return report ? PromotionUsageReport.from(report) : null;
  }
}
