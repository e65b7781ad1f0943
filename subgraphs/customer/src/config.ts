import { loadConfigOrExit, z } from '@shopgraph/config';
import { mailEnv } from '@shopgraph/mail';

/** Settings of the customer subgraph beyond the common ones. */
export const customerEnv = z
  .object({
    /** What one loyalty point is worth, in minor units of BASE_CURRENCY. */
    LOYALTY_POINT_VALUE_MINOR: z.coerce.number().int().positive().default(10),
    /** Months after which earned points expire (FIFO against what was spent). */
    LOYALTY_POINTS_EXPIRE_MONTHS: z.coerce.number().int().positive().max(120).default(12),
    /** How often the points-expiry job runs, once across all customer instances. */
    LOYALTY_EXPIRY_INTERVAL_SECONDS: z.coerce.number().positive().default(3600),
    /** Qualifying points (earned in the last 12 months, before multipliers) for the SILVER tier. */
    LOYALTY_TIER_SILVER_POINTS: z.coerce.number().int().positive().default(1000),
    /** Qualifying points for the GOLD tier; must exceed the SILVER threshold. */
    LOYALTY_TIER_GOLD_POINTS: z.coerce.number().int().positive().default(5000),
    /** Lifetime spend, in minor units of BASE_CURRENCY, that makes a customer VIP. */
    LOYALTY_VIP_SPEND_MINOR: z.coerce.number().int().positive().default(20_000_000),
    /** Failed sign-ins of one email within the window before it is refused until the window ends. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
    /** Failed sign-ins from one IP address, across all emails, within the window (credential stuffing). */
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
    /** Length of the failed sign-in window, in seconds. */
    LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    /** How long a password reset link works. */
    PASSWORD_RESET_TTL_MINUTES: z.coerce
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .default(30),
    /** Reset mails sent per account within an hour; further requests get the same answer and send nothing. */
    PASSWORD_RESET_MAX_PER_HOUR: z.coerce.number().int().positive().default(3),
    /** The frontend page that takes the reset token (appended as `?token=`). */
    PASSWORD_RESET_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000/reset-password'),
  })
  .extend(mailEnv.shape)
  .refine((c) => c.LOYALTY_TIER_GOLD_POINTS > c.LOYALTY_TIER_SILVER_POINTS, {
    message: 'LOYALTY_TIER_GOLD_POINTS must be greater than LOYALTY_TIER_SILVER_POINTS',
    path: ['LOYALTY_TIER_GOLD_POINTS'],
  });

/** Parsed customer settings. */
export type CustomerConfig = z.infer<typeof customerEnv>;

let loaded: CustomerConfig | undefined;

/** The customer settings, read from the environment once. */
export function customerConfig(): CustomerConfig {
  loaded ??= loadConfigOrExit(customerEnv);
  return loaded;
}

/** The password reset rules of the settings. */
export function passwordResetRules(config: CustomerConfig) {
  return {
    ttlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
    maxPerHour: config.PASSWORD_RESET_MAX_PER_HOUR,
    pageUrl: config.PASSWORD_RESET_URL,
  };
}
