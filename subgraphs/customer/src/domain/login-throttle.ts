import { createHash } from 'node:crypto';
import { normalizeEmail } from '@shopgraph/contracts/email';
import type { AccountKind } from './device-token.js';

/**
 * How many failed sign-ins a key may collect within one window; once they are used up, every
 * attempt on that key is refused (even with the right password) until the window ends.
 */
export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
}

/**
 * The throttles a sign-in passes: per email (guessing one password) and per IP (credential
 * stuffing) for clients the account does not know, and per device for a client presenting a valid
 * device token of the account (OWASP device cookies).
 */
export interface LoginThrottleRules {
  account: ThrottleRule;
  ip: ThrottleRule;
  device: ThrottleRule;
}

/** A budget a sign-in attempt can be charged to. */
export type ThrottleBudget = keyof LoginThrottleRules;

/** A budget's count once an attempt has been charged to it. */
export interface ThrottleCharge {
  budget: ThrottleBudget;
  /** Attempts charged within the current window, this one included. */
  consumed: number;
  /** Milliseconds until the window ends. */
  msBeforeNext: number;
}

/** Verdict on a sign-in attempt before its password is checked. */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * The budgets an attempt is charged to, in order. A device that proved itself before (a valid
 * device token of this account) answers for itself alone: neither a stranger's failures on the
 * account nor those from a shared address can refuse it. Any other client pays per IP and per account.
 */
export function budgetsCharged(trustedDevice: boolean): ThrottleBudget[] {
  return trustedDevice ? ['device'] : ['ip', 'account'];
}

/** Whether a charge took its budget past the maximum. */
export function isExhausted(charge: ThrottleCharge, rules: LoginThrottleRules): boolean {
  return charge.consumed > rules[charge.budget].maxFailures;
}

/** Admitted unless a charged budget is exhausted; then refused until the longest of their windows ends. */
export function judgeAttempt(charges: readonly ThrottleCharge[], rules: LoginThrottleRules): Admission {
  const exhausted = charges.filter((charge) => isExhausted(charge, rules));
  if (!exhausted.length) return { admitted: true };
  return { admitted: false, retryAfterSeconds: retryAfterSeconds(Math.max(...exhausted.map((c) => c.msBeforeNext))) };
}

/** What a correct password gives back: counters forgotten, and single attempts refunded. */
export interface SuccessSettlement {
  forget: ThrottleBudget[];
  refund: ThrottleBudget[];
}

/**
 * After a correct password. From a trusted device only that device's failures are forgiven: the
 * account's lockout of unknown clients stays, so a stranger's guessing stays refused. From an
 * unknown client (admitted, so the account was not locked) the account's failures are forgiven
 * and the IP gets its attempt back.
 */
export function settleSuccess(trustedDevice: boolean): SuccessSettlement {
  return trustedDevice ? { forget: ['device'], refund: [] } : { forget: ['account'], refund: ['ip'] };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Throttle key of an email, whether or not an account has it, so a refusal says nothing about
 * which emails exist. Hashed: the throttle table holds no email addresses and keys stay short.
 * Customer and staff sign-ins count apart.
 */
export function accountThrottleKey(email: string, kind: AccountKind = 'customer'): string {
  return digest(kind === 'customer' ? normalizeEmail(email) : `${kind}:${normalizeEmail(email)}`);
}

/** Throttle key of a caller's IP address (hashed: bounded length whatever the header carried). */
export function ipThrottleKey(ip: string): string {
  return digest(ip.trim().toLowerCase());
}

/** Throttle key of a (valid) device token. */
export function deviceThrottleKey(deviceToken: string): string {
  return digest(deviceToken);
}

/** Whole seconds a client should wait, from milliseconds left in a window (at least 1). */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}
