import { createHash } from 'node:crypto';
import { normalizeEmail } from '@shopgraph/contracts/email';

/**
 * How many failed sign-ins a key may collect within one window; once they are used up, every
 * attempt on that key is refused (even with the right password) until the window ends.
 */
export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
}

/** The two throttles every sign-in passes: per email (guessing one password) and per IP (credential stuffing). */
export interface LoginThrottleRules {
  account: ThrottleRule;
  ip: ThrottleRule;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Throttle key of an email, whether or not an account has it, so a refusal says nothing about
 * which emails exist. Hashed: the throttle table holds no email addresses and keys stay short.
 */
export function accountThrottleKey(email: string): string {
  return digest(normalizeEmail(email));
}

/** Throttle key of a caller's IP address (hashed: bounded length whatever the header carried). */
export function ipThrottleKey(ip: string): string {
  return digest(ip.trim().toLowerCase());
}

/** Whole seconds a client should wait, from milliseconds left in a window (at least 1). */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}
