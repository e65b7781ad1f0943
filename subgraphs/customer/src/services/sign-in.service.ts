import type { Logger } from '@shopgraph/observability';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { type AccountKind, isDeviceTokenOf, issueDeviceToken } from '../domain/device-token.js';
import { accountThrottleKey, deviceThrottleKey, ipThrottleKey } from '../domain/login-throttle.js';
import { DUMMY_HASH, verifyPassword } from '../domain/password.js';
import type { LoginThrottle, ThrottleKeys } from './login-throttle.service.js';

/** What guards every password sign-in, customer or staff: the shared throttle and the device-token secret. */
export interface SignInGate {
  throttle: LoginThrottle;
  deviceSecret: string;
}

/** A password sign-in attempt on one kind of account. */
export interface PasswordAttempt {
  kind: AccountKind;
  email: string;
  password: string;
  clientIp: string;
  /** A device token from an earlier sign-in; an invalid or foreign one counts as none. */
  deviceToken?: string | null | undefined;
}

/** The account the email names, as the gate sees it; null when no account has the email. */
export interface CandidateAccount {
  id: string;
  passwordHash: string;
  /** False for an account that may not sign in (an inactive staff member): refused like a wrong password. */
  maySignIn: boolean;
}

/** Outcome of the gate: signed in (with a new device token), refused by the throttle, or wrong credentials. */
export type GateOutcome =
  | { outcome: 'ok'; deviceToken: string }
  | { outcome: 'throttled'; retryAfterSeconds: number; userErrors: UserError[] }
  | { outcome: 'wrong'; userErrors: UserError[] };

/**
 * Checks a password behind the sign-in throttle (domain/login-throttle.ts). The same answer whether
 * the email, the password or the account's standing is wrong, and as slow: an unknown email is
 * compared against a dummy hash. A correct password returns a new device token bound to the account.
 */
export async function checkPassword(
  gate: SignInGate,
  logger: Logger,
  attempt: PasswordAttempt,
  account: CandidateAccount | null,
): Promise<GateOutcome> {
  const trusted = account !== null && isDeviceTokenOf(gate.deviceSecret, { kind: attempt.kind, id: account.id }, attempt.deviceToken);
  const keys: ThrottleKeys = {
    account: accountThrottleKey(attempt.email, attempt.kind),
    ip: ipThrottleKey(attempt.clientIp),
    device: trusted ? deviceThrottleKey(attempt.deviceToken!) : null,
  };
  const admission = await gate.throttle.admit(keys);
  if (!admission.admitted) {
    logger.warn({ retryAfterSeconds: admission.retryAfterSeconds, trustedDevice: trusted }, 'sign-in throttled: too many failed attempts');
    const message = `Too many failed sign-in attempts; try again in ${admission.retryAfterSeconds} seconds`;
    return {
      outcome: 'throttled',
      retryAfterSeconds: admission.retryAfterSeconds,
      userErrors: [userError(UserErrorCode.TOO_MANY_ATTEMPTS, message, ['input'])],
    };
  }
  const passwordOk = await verifyPassword(attempt.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !passwordOk || !account.maySignIn) {
    const reason = !account ? 'unknown account' : !passwordOk ? 'wrong password' : 'account may not sign in';
    logger.info({ accountKind: attempt.kind, ...(account ? { accountId: account.id } : {}) }, `sign-in failed: ${reason}`);
    return { outcome: 'wrong', userErrors: [userError(UserErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect', ['input'])] };
  }
  await gate.throttle.succeeded(keys);
  return { outcome: 'ok', deviceToken: issueDeviceToken(gate.deviceSecret, { kind: attempt.kind, id: account.id }) };
}
