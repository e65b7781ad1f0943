import { loadConfigOrExit, z } from '@shopgraph/config';
import { mailEnv } from '@shopgraph/mail';
import type { RateLimit } from './domain/rate-limit.js';

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/** Settings of the review subgraph beyond the common ones. */
export const reviewEnv = z
  .object({
    /** Only customers who received the product may review it (otherwise unverified reviews are allowed and shown as such). */
    REVIEW_REQUIRE_VERIFIED_PURCHASE: flag,
    /** Seconds between an order's (last) delivery and its review request mail: 7 days by default. */
    REVIEW_REQUEST_DELAY_SECONDS: z.coerce
      .number()
      .positive()
      .default(7 * 24 * 3600),
    /** How often (once across instances) review requests missed by their job are decided. */
    REVIEW_REQUEST_SWEEP_SECONDS: z.coerce.number().int().positive().default(3600),
    /** The frontend page a review request links to, once per product, with `?productId=…&orderId=…` added. */
    REVIEW_WRITE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000/write-review'),
    /** Reviews a customer may write or edit within the window. */
    REVIEW_WRITE_LIMIT: z.coerce.number().int().positive().default(10),
    /** Reviews a customer may report within the window. */
    REVIEW_REPORT_LIMIT: z.coerce.number().int().positive().default(20),
    /** Length of the writing and reporting windows, in seconds. */
    REVIEW_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(3600),
    /** Reports by different customers that hide an approved review until staff look at it again. */
    REVIEW_REPORT_HIDE_THRESHOLD: z.coerce.number().int().positive().default(3),
  })
  .extend(mailEnv.shape);

/** Parsed review settings. */
export type ReviewConfig = z.infer<typeof reviewEnv>;

let loaded: ReviewConfig | undefined;

/** The review settings, read from the environment once. */
export function reviewConfig(): ReviewConfig {
  loaded ??= loadConfigOrExit(reviewEnv);
  return loaded;
}

/** The rules of writing and reporting that the services apply. */
export interface ReviewPolicy {
  requireVerifiedPurchase: boolean;
  write: RateLimit;
  report: RateLimit;
  /** Reports that hide an approved review until staff look again. */
  reportHideThreshold: number;
}

/** The policy of the settings. */
export function reviewPolicy(config: ReviewConfig): ReviewPolicy {
  const windowSeconds = config.REVIEW_RATE_WINDOW_SECONDS;
  return {
    requireVerifiedPurchase: config.REVIEW_REQUIRE_VERIFIED_PURCHASE,
    write: { max: config.REVIEW_WRITE_LIMIT, windowSeconds },
    report: { max: config.REVIEW_REPORT_LIMIT, windowSeconds },
    reportHideThreshold: config.REVIEW_REPORT_HIDE_THRESHOLD,
  };
}
