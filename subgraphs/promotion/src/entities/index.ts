import { Campaign } from './campaign.entity.js';
import { CouponCode } from './coupon-code.entity.js';
import { Redemption } from './redemption.entity.js';

/** Every entity of the promotion schema. */
export const entities = [Campaign, CouponCode, Redemption];
export { Campaign, CouponCode, Redemption };
export { CampaignType, DiscountType } from './campaign.entity.js';
export { RedemptionStatus } from './redemption.entity.js';
