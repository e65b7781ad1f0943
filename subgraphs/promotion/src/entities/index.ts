import { Campaign } from './campaign.entity.js';

/** Every entity of the promotion schema. */
export const entities = [Campaign];
export { Campaign };
export { DiscountType } from './campaign.entity.js';
