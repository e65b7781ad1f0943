/** The pure promotion engine and its rule types, for tools outside the subgraph (the benchmark). */
export { evaluatePromotions, type EvaluationInput } from './promotion-engine.js';
export { type CampaignRule, CampaignType, type CartLine, DiscountType, type PromotionCart } from './promotion-rules.js';
