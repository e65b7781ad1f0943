import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSigner } from '@shopgraph/auth';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { DUMMY_HASH, verifyPassword } from '../domain/password.js';
import { Customer } from '../entities/index.js';

/** Lifetime of an access token. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Lifetime of a guest token: long enough to keep a cart across visits. */
export const GUEST_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** An issued token. */
export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
}

/** Issues a guest token with a fresh guest id. */
export async function startGuestSession(signer: TokenSigner): Promise<IssuedToken> {
  const { token, expiresAt } = await signer.sign(randomUUID(), { role: 'guest' }, GUEST_TOKEN_TTL_SECONDS);
  return { accessToken: token, expiresAt };
}

/** Checks credentials; the same error whether the email or the password is wrong. */
export async function login(
  em: EntityManager,
  signer: TokenSigner,
  email: string,
  password: string,
): Promise<{ token?: IssuedToken; customer?: Customer; userErrors: UserError[] }> {
  const customer = await em.findOne(Customer, { email: email.trim().toLowerCase() });
  const ok = await verifyPassword(password, customer?.passwordHash ?? DUMMY_HASH);
  if (!customer || !ok) {
    return { userErrors: [userError(UserErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect', ['input'])] };
  }
  const { token, expiresAt } = await signer.sign(customer.id, { role: 'customer', email: customer.email }, ACCESS_TOKEN_TTL_SECONDS);
  return { token: { accessToken: token, expiresAt }, customer, userErrors: [] };
}

/** Customers by id, in one query. */
export function customersByIds(em: EntityManager, ids: readonly string[]): Promise<Customer[]> {
  return em.find(Customer, { id: { $in: [...ids] } });
}
