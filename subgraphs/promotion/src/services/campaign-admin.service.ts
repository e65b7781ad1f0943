import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { CURRENCIES, isCurrencyCode } from '@shopgraph/money';
import { Campaign, CampaignType, CouponCode, DiscountType, Redemption, RedemptionStatus } from '../entities/index.js';

/** The rule fields an admin sets on a campaign. */
export interface CampaignFields {
  name: string;
  description: string;
  campaignType: CampaignType;
  discountType: DiscountType;
  currency: string;
  percentageBasisPoints: number | null;
  fixedAmountMinor: bigint | null;
  buyQuantity: number | null;
  getQuantity: number | null;
  minimumOrderAmountMinor: bigint | null;
  maximumDiscountAmountMinor: bigint | null;
  startsAt: Date;
  endsAt: Date | null;
  productIds: string[];
  categoryIds: string[];
  excludedProductIds: string[];
  excludedCategoryIds: string[];
  customerSegments: string[];
  usageLimit: number | null;
  perCustomerLimit: number | null;
  budgetMinor: bigint | null;
  requiresCode: boolean;
  exclusive: boolean;
  priority: number;
  active: boolean;
}

/** A problem with admin input: the field at fault (under `input`) and why. */
export interface FieldProblem {
  field: string;
  message: string;
  notFound?: boolean;
}

/** Outcome of an admin change: the campaign, or the problems that stopped it (nothing changed). */
export type AdminResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const MAX_BASIS_POINTS = 10_000;

/** Checks a campaign's complete set of rule fields; empty means valid. */
export function validateCampaign(f: CampaignFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) problems.push({ field, message });
  };
  need(f.name.trim().length > 0, 'name', 'A name is required.');
  need(isCurrencyCode(f.currency), 'currency', `Currency must be one the shop prices in: ${Object.keys(CURRENCIES).join(', ')}.`);
  if (f.endsAt) need(f.endsAt.getTime() > f.startsAt.getTime(), 'endsAt', 'endsAt must be after startsAt.');
  switch (f.discountType) {
    case DiscountType.PERCENTAGE:
      need(f.percentageBasisPoints != null, 'percentageBasisPoints', 'A PERCENTAGE campaign needs percentageBasisPoints.');
      break;
    case DiscountType.FIXED_AMOUNT:
      need(f.fixedAmountMinor != null, 'fixedAmountMinor', 'A FIXED_AMOUNT campaign needs fixedAmountMinor.');
      break;
    case DiscountType.BUY_X_GET_Y:
      need(f.buyQuantity != null, 'buyQuantity', 'A BUY_X_GET_Y campaign needs buyQuantity.');
      need(f.getQuantity != null, 'getQuantity', 'A BUY_X_GET_Y campaign needs getQuantity.');
      break;
    case DiscountType.FREE_SHIPPING:
      break;
  }
  if (f.percentageBasisPoints != null) {
    need(
      Number.isInteger(f.percentageBasisPoints) && f.percentageBasisPoints > 0 && f.percentageBasisPoints <= MAX_BASIS_POINTS,
      'percentageBasisPoints',
      'Percentage must be between 1 and 10000 basis points.',
    );
  }
  if (f.fixedAmountMinor != null) need(f.fixedAmountMinor > 0n, 'fixedAmountMinor', 'fixedAmountMinor must be positive.');
  if (f.buyQuantity != null) need(f.buyQuantity >= 1, 'buyQuantity', 'buyQuantity must be at least 1.');
  if (f.getQuantity != null) need(f.getQuantity >= 1, 'getQuantity', 'getQuantity must be at least 1.');
  if (f.minimumOrderAmountMinor != null)
    need(f.minimumOrderAmountMinor >= 0n, 'minimumOrderAmountMinor', 'minimumOrderAmountMinor must not be negative.');
  if (f.maximumDiscountAmountMinor != null)
    need(f.maximumDiscountAmountMinor > 0n, 'maximumDiscountAmountMinor', 'maximumDiscountAmountMinor must be positive.');
  if (f.usageLimit != null) need(f.usageLimit >= 1, 'usageLimit', 'usageLimit must be at least 1.');
  if (f.perCustomerLimit != null) need(f.perCustomerLimit >= 1, 'perCustomerLimit', 'perCustomerLimit must be at least 1.');
  if (f.budgetMinor != null) need(f.budgetMinor > 0n, 'budgetMinor', 'budgetMinor must be positive.');
  return problems;
}

function fieldsOf(c: Campaign): CampaignFields {
  return {
    name: c.name,
    description: c.description,
    campaignType: c.campaignType,
    discountType: c.discountType,
    currency: c.currency,
    percentageBasisPoints: c.percentageBasisPoints ?? null,
    fixedAmountMinor: c.fixedAmountMinor != null ? BigInt(c.fixedAmountMinor) : null,
    buyQuantity: c.buyQuantity ?? null,
    getQuantity: c.getQuantity ?? null,
    minimumOrderAmountMinor: c.minimumOrderAmountMinor != null ? BigInt(c.minimumOrderAmountMinor) : null,
    maximumDiscountAmountMinor: c.maximumDiscountAmountMinor != null ? BigInt(c.maximumDiscountAmountMinor) : null,
    startsAt: c.startsAt,
    endsAt: c.endsAt ?? null,
    productIds: c.productIds,
    categoryIds: c.categoryIds,
    excludedProductIds: c.excludedProductIds,
    excludedCategoryIds: c.excludedCategoryIds,
    customerSegments: c.customerSegments,
    usageLimit: c.usageLimit ?? null,
    perCustomerLimit: c.perCustomerLimit ?? null,
    budgetMinor: c.budgetMinor != null ? BigInt(c.budgetMinor) : null,
    requiresCode: c.requiresCode,
    exclusive: c.exclusive,
    priority: c.priority,
    active: c.active,
  };
}

const DEFAULTS: Omit<CampaignFields, 'name' | 'discountType'> = {
  description: '',
  campaignType: CampaignType.CART,
  currency: 'USD',
  percentageBasisPoints: null,
  fixedAmountMinor: null,
  buyQuantity: null,
  getQuantity: null,
  minimumOrderAmountMinor: null,
  maximumDiscountAmountMinor: null,
  startsAt: new Date(0),
  endsAt: null,
  productIds: [],
  categoryIds: [],
  excludedProductIds: [],
  excludedCategoryIds: [],
  customerSegments: [],
  usageLimit: null,
  perCustomerLimit: null,
  budgetMinor: null,
  requiresCode: false,
  exclusive: false,
  priority: 0,
  active: true,
};

/** Input values that are set (undefined means "leave as is"). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function apply(c: Campaign, f: CampaignFields): void {
  Object.assign(c, {
    ...f,
    percentageBasisPoints: f.percentageBasisPoints ?? undefined,
    fixedAmountMinor: f.fixedAmountMinor ?? undefined,
    buyQuantity: f.buyQuantity ?? undefined,
    getQuantity: f.getQuantity ?? undefined,
    minimumOrderAmountMinor: f.minimumOrderAmountMinor ?? undefined,
    maximumDiscountAmountMinor: f.maximumDiscountAmountMinor ?? undefined,
    endsAt: f.endsAt ?? undefined,
    usageLimit: f.usageLimit ?? undefined,
    perCustomerLimit: f.perCustomerLimit ?? undefined,
    budgetMinor: f.budgetMinor ?? undefined,
  });
  // Explicit nulls clear a column; MikroORM writes null for undefined scalar values on update.
  for (const key of [
    'percentageBasisPoints',
    'fixedAmountMinor',
    'buyQuantity',
    'getQuantity',
    'minimumOrderAmountMinor',
    'maximumDiscountAmountMinor',
    'endsAt',
    'usageLimit',
    'perCustomerLimit',
    'budgetMinor',
  ] as const) {
    if (f[key] === null) (c as unknown as Record<string, unknown>)[key] = null;
  }
}

/** Creates a campaign after validating it. */
export async function createCampaign(
  em: EntityManager,
  input: Partial<CampaignFields> & { name: string; discountType: DiscountType },
): Promise<AdminResult<Campaign>> {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));
  const fields = { ...DEFAULTS, ...given } as CampaignFields;
  const problems = validateCampaign(fields);
  if (problems.length > 0) return { ok: false, problems };
  const campaign = em.create(Campaign, { name: fields.name, discountType: fields.discountType });
  apply(campaign, fields);
  await em.flush();
  return { ok: true, value: campaign };
}

/** Changes the given rule fields of a campaign; null clears an optional one. Nothing changes if the result is invalid. */
export async function updateCampaign(
  em: EntityManager,
  id: string,
  changes: Partial<{ [K in keyof CampaignFields]: CampaignFields[K] | null }>,
): Promise<AdminResult<Campaign>> {
  return em.transactional(async (tx) => {
    const campaign = await tx.findOne(Campaign, id);
    if (!campaign) return { ok: false, problems: [{ field: 'id', message: 'No such campaign.', notFound: true }] };
    const fields = { ...fieldsOf(campaign), ...defined(changes) } as CampaignFields;
    // Required fields cannot be cleared.
    const problems: FieldProblem[] = [];
    for (const key of [
      'name',
      'discountType',
      'campaignType',
      'currency',
      'startsAt',
      'description',
      'requiresCode',
      'exclusive',
      'priority',
      'active',
    ] as const) {
      if (changes[key] === null) problems.push({ field: key, message: `${key} cannot be cleared.` });
    }
    for (const key of ['productIds', 'categoryIds', 'excludedProductIds', 'excludedCategoryIds', 'customerSegments'] as const) {
      if (changes[key] === null) fields[key] = [];
    }
    problems.push(...(problems.length ? [] : validateCampaign(fields)));
    if (problems.length > 0) return { ok: false, problems };
    apply(campaign, fields);
    await tx.flush();
    return { ok: true, value: campaign };
  });
}

/** Switches a campaign off (archived campaigns keep their ledger); repeating it changes nothing. */
export async function deactivateCampaign(em: EntityManager, id: string): Promise<AdminResult<Campaign>> {
  const campaign = await em.findOne(Campaign, id);
  if (!campaign) return { ok: false, problems: [{ field: 'id', message: 'No such campaign.', notFound: true }] };
  campaign.active = false;
  await em.flush();
  return { ok: true, value: campaign };
}

/** Letters and digits without look-alikes (no 0/o, 1/l/i). */
export const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;
export const MAX_CODES_PER_CALL = 10_000;

function randomCode(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** Input of coupon code generation. */
export interface GenerateCodesInput {
  campaignId: string;
  count: number;
  prefix: string;
  singleUse: boolean;
}

/** Generates random, unambiguous, unique codes for a campaign, stored lower-cased; all or none are created. */
export async function generateCouponCodes(em: EntityManager, input: GenerateCodesInput): Promise<AdminResult<string[]>> {
  const problems: FieldProblem[] = [];
  const prefix = input.prefix.trim().toLowerCase();
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_CODES_PER_CALL)
    problems.push({ field: 'count', message: `count must be between 1 and ${MAX_CODES_PER_CALL}.` });
  if (!/^[a-z0-9-]{0,20}$/.test(prefix)) problems.push({ field: 'prefix', message: 'prefix may hold up to 20 letters, digits or dashes.' });
  const campaign = await em.findOne(Campaign, input.campaignId);
  if (!campaign) problems.push({ field: 'campaignId', message: 'No such campaign.', notFound: true });
  if (problems.length > 0 || !campaign) return { ok: false, problems };
  for (let attempt = 0; attempt < 5; attempt++) {
    const codes = new Set<string>();
    while (codes.size < input.count) codes.add(randomCode(prefix));
    const wanted = [...codes];
    const taken = new Set((await em.find(CouponCode, { code: { $in: wanted } }, { fields: ['code'] })).map((c) => c.code));
    const fresh = wanted.filter((c) => !taken.has(c));
    if (fresh.length < wanted.length) continue;
    try {
      await em.transactional(async (tx) => {
        for (const code of fresh)
          tx.create(CouponCode, { code, campaign: tx.getReference(Campaign, campaign.id), singleUse: input.singleUse });
        await tx.flush();
      });
      return { ok: true, value: fresh };
    } catch (e) {
      // A concurrent generator took one of the codes between the check and the insert: draw again.
      if (e instanceof UniqueConstraintViolationException) {
        em.clear();
        continue;
      }
      throw e;
    }
  }
  throw new Error('could not generate unique coupon codes');
}

/** Usage numbers of a campaign. */
export interface UsageReport {
  campaignId: string;
  usageCount: number;
  usageLimit: number | null;
  budgetUsedMinor: bigint;
  budgetMinor: bigint | null;
  currency: string;
  redemptionsCount: number;
  reversedCount: number;
}

/** A campaign's counters and ledger totals; null for an unknown campaign. */
export async function usageReport(em: EntityManager, campaignId: string): Promise<UsageReport | null> {
  const campaign = await em.findOne(Campaign, campaignId);
  if (!campaign) return null;
  const redemptionsCount = await em.count(Redemption, { campaign: campaignId, status: RedemptionStatus.REDEEMED });
  const reversedCount = await em.count(Redemption, { campaign: campaignId, status: RedemptionStatus.REVERSED });
  return {
    campaignId,
    usageCount: campaign.usageCount,
    usageLimit: campaign.usageLimit ?? null,
    budgetUsedMinor: BigInt(campaign.budgetUsedMinor),
    budgetMinor: campaign.budgetMinor != null ? BigInt(campaign.budgetMinor) : null,
    currency: campaign.currency,
    redemptionsCount,
    reversedCount,
  };
}
