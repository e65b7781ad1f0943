import { hkdfSync } from 'node:crypto';
import { ConfigError, commonEnv, loadConfig, loadConfigOrExit, subgraphEnv, z } from '@shopgraph/config';
import { DEMO_OWNER } from '@shopgraph/demo-data';
import { mailEnv } from '@shopgraph/mail';
import { passwordProblems } from './domain/credentials.js';

/** The development device-token secret: used only without LOGIN_DEVICE_SECRET and JWT_PRIVATE_KEY, which production never is. */
export const DEV_LOGIN_DEVICE_SECRET = 'dev-login-device-secret-change-me-0001';

/** Shortest owner password a production start accepts. */
export const PRODUCTION_OWNER_PASSWORD_MIN_LENGTH = 12;

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
    /**
     * Secret that signs device tokens (a device that signed in keeps its own failed sign-in budget);
     * unset, one is derived from JWT_PRIVATE_KEY, which production requires (see deviceTokenSecret).
     */
    LOGIN_DEVICE_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
    JWT_PRIVATE_KEY: commonEnv.shape.JWT_PRIVATE_KEY,
    /** The shop's currency: lifetime value and VIP spend count orders paid in it. */
    BASE_CURRENCY: commonEnv.shape.BASE_CURRENCY,
    /** The shop owner created on a start that finds no staff member (with STAFF_OWNER_PASSWORD). */
    STAFF_OWNER_EMAIL: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
    STAFF_OWNER_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    STAFF_OWNER_NAME: z.string().min(1).max(100).default('Owner'),
    /** How long a staff invitation works. */
    STAFF_INVITE_TTL_HOURS: z.coerce
      .number()
      .int()
      .positive()
      .max(30 * 24)
      .default(72),
    /** The back-office page that takes the invitation token (appended as `?token=`). */
    STAFF_INVITE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000/staff/accept-invite'),
    NODE_ENV: commonEnv.shape.NODE_ENV,
    SEED_DEMO_DATA: commonEnv.shape.SEED_DEMO_DATA,
  })
  .extend(mailEnv.shape)
  .refine((c) => c.LOYALTY_TIER_GOLD_POINTS > c.LOYALTY_TIER_SILVER_POINTS, {
    message: 'LOYALTY_TIER_GOLD_POINTS must be greater than LOYALTY_TIER_SILVER_POINTS',
    path: ['LOYALTY_TIER_GOLD_POINTS'],
  })
  .superRefine((c, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!c.STAFF_OWNER_EMAIL !== !c.STAFF_OWNER_PASSWORD)
      problem(c.STAFF_OWNER_EMAIL ? 'STAFF_OWNER_PASSWORD' : 'STAFF_OWNER_EMAIL', 'STAFF_OWNER_EMAIL and STAFF_OWNER_PASSWORD go together');
    if (c.STAFF_OWNER_EMAIL && c.STAFF_OWNER_PASSWORD)
      for (const message of passwordProblems(c.STAFF_OWNER_PASSWORD, c.STAFF_OWNER_EMAIL)) problem('STAFF_OWNER_PASSWORD', message);
    if (c.NODE_ENV !== 'production') return;
    if (c.STAFF_OWNER_PASSWORD === DEMO_OWNER.password)
      problem('STAFF_OWNER_PASSWORD', 'must not be the demo password in production (it is public)');
    else if (c.STAFF_OWNER_PASSWORD && c.STAFF_OWNER_PASSWORD.length < PRODUCTION_OWNER_PASSWORD_MIN_LENGTH)
      problem('STAFF_OWNER_PASSWORD', `must have at least ${PRODUCTION_OWNER_PASSWORD_MIN_LENGTH} characters in production`);
    if (c.SEED_DEMO_DATA) problem('SEED_DEMO_DATA', 'must be false in production (the demo accounts have public passwords)');
    if (c.LOGIN_DEVICE_SECRET === DEV_LOGIN_DEVICE_SECRET)
      problem('LOGIN_DEVICE_SECRET', 'must not be the development default in production (it is public)');
  });

/** Parsed customer settings. */
export type CustomerConfig = z.infer<typeof customerEnv>;

let loaded: CustomerConfig | undefined;

/** The customer settings, read from the environment once. */
export function customerConfig(): CustomerConfig {
  loaded ??= loadConfigOrExit(customerEnv);
  return loaded;
}

/**
 * Reads the customer process's whole environment, the common settings and its own, and on any
 * problem prints every one of them together and exits, so a production start is fixed in one pass.
 */
export function loadCustomerProcessConfig(env: NodeJS.ProcessEnv = process.env): CustomerConfig {
  const problems: string[] = [];
  const collect = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  collect(() => loadConfig(subgraphEnv('customer'), env));
  const own = collect(() => loadConfig(customerEnv, env));
  if (own && !problems.length) return (loaded = own);
  console.error(new ConfigError([...new Set(problems)]).message);
  process.exit(1);
}

/** The staff owner to create on a start that finds no staff member, if the environment names one. */
export function ownerFromEnv(config: CustomerConfig): { email: string; password: string; name: string } | null {
  if (!config.STAFF_OWNER_EMAIL || !config.STAFF_OWNER_PASSWORD) return null;
  return { email: config.STAFF_OWNER_EMAIL, password: config.STAFF_OWNER_PASSWORD, name: config.STAFF_OWNER_NAME };
}

/**
 * The secret that signs device tokens: LOGIN_DEVICE_SECRET; else one derived (HKDF) from the token
 * signing key, which every production start has, so operators need no further secret; else (a
 * development machine whose keys live under .data/keys) the development default.
 */
export function deviceTokenSecret(config: Pick<CustomerConfig, 'LOGIN_DEVICE_SECRET' | 'JWT_PRIVATE_KEY'>): string {
  if (config.LOGIN_DEVICE_SECRET) return config.LOGIN_DEVICE_SECRET;
  if (!config.JWT_PRIVATE_KEY) return DEV_LOGIN_DEVICE_SECRET;
  return Buffer.from(hkdfSync('sha256', config.JWT_PRIVATE_KEY, 'shopgraph', 'login device tokens', 32)).toString('base64url');
}

/** The password reset rules of the settings. */
export function passwordResetRules(config: CustomerConfig) {
  return {
    ttlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
    maxPerHour: config.PASSWORD_RESET_MAX_PER_HOUR,
    pageUrl: config.PASSWORD_RESET_URL,
  };
}
