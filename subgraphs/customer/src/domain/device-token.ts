import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Device tokens (OWASP "device cookies"): a successful sign-in hands the client a token bound to the
 * account; a later sign-in presenting it is judged on that device's own failed-attempt budget, so a
 * stranger who exhausts the account's budget for unknown clients cannot lock the owner out.
 */

/** Whose account a device token is bound to: customers and staff are separate account spaces. */
export type AccountKind = 'customer' | 'staff';

/** An account a device token can be bound to. */
export interface DeviceAccount {
  kind: AccountKind;
  id: string;
}

const NONCE_BYTES = 18;
/** Longest string worth checking: anything longer is not a token this subgraph issued. */
const MAX_TOKEN_LENGTH = 128;

function signature(secret: string, account: DeviceAccount, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`device:${account.kind}:${account.id}:${nonce}`).digest();
}

/** A new device token for `account`: a random nonce and its HMAC under the server's secret. */
export function issueDeviceToken(secret: string, account: DeviceAccount): string {
  const nonce = randomBytes(NONCE_BYTES).toString('base64url');
  return `${nonce}.${signature(secret, account, nonce).toString('base64url')}`;
}

/** Whether `token` was issued by this server for `account`; a malformed, forged or foreign token is not. */
export function isDeviceTokenOf(secret: string, account: DeviceAccount, token: string | null | undefined): boolean {
  if (!token || token.length > MAX_TOKEN_LENGTH) return false;
  const [nonce, mac, ...rest] = token.split('.');
  if (!nonce || !mac || rest.length) return false;
  const presented = Buffer.from(mac, 'base64url');
  const expected = signature(secret, account, nonce);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
