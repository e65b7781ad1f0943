import { Review } from './review.entity.js';

/** Every entity of the review schema. */
export const entities = [Review];
export { Review };
export { ReviewStatus } from './review.entity.js';
