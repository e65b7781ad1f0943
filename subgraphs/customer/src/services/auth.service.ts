import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSigner } from '@shopgraph/auth';
import type { Logger } from '@shopgraph/observability';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { isValidEmail, normalizeEmail } from '@shopgraph/contracts/email';
import { passwordProblems } from '../domain/credentials.js';
import { hashPassword } from '../domain/password.js';
import { Customer } from '../entities/index.js';
import { type SignInGate, checkPassword } from './sign-in.service.js';
import { type IssuedSession, type IssuedToken, startSession } from './session.service.js';

/** Lifetime of a guest token: long enough to keep a cart across visits. */
export const GUEST_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** Longest first or last name accepted. */
export const NAME_MAX_LENGTH = 100;

/** Outcome of `register` and `login`. */
export interface SignInResult {
  session?: IssuedSession;
  customer?: Customer;
  userErrors: UserError[];
  /** Set when sign-in was refused by the throttle: seconds until it accepts attempts again. */
  retryAfterSeconds?: number;
  /** Set on a password sign-in: the device token to present next time. */
  deviceToken?: string;
}

/** What `register` needs. */
export interface Registration {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** Issues a guest token with a fresh guest id. */
export async function startGuestSession(signer: TokenSigner): Promise<IssuedToken> {
  const { token, expiresAt } = await signer.sign(randomUUID(), { role: 'guest' }, GUEST_TOKEN_TTL_SECONDS);
  return { accessToken: token, expiresAt };
}

function registrationErrors(input: Registration, email: string): UserError[] {
  const errors: UserError[] = [];
  if (!isValidEmail(email)) errors.push(userError(UserErrorCode.INVALID_INPUT, 'Email address is not valid', ['input', 'email']));
  for (const problem of passwordProblems(input.password, email))
    errors.push(userError(UserErrorCode.WEAK_PASSWORD, problem, ['input', 'password']));
  return [...errors, ...nameErrors(input)];
}

/** Problems of the given first and last names (omitted ones are not checked). */
export function nameErrors(names: Partial<Record<'firstName' | 'lastName', string>>): UserError[] {
  const errors: UserError[] = [];
  for (const field of ['firstName', 'lastName'] as const) {
    const name = names[field]?.trim();
    if (name === undefined) continue;
    if (!name || name.length > NAME_MAX_LENGTH)
      errors.push(userError(UserErrorCode.INVALID_INPUT, `${field} must have 1 to ${NAME_MAX_LENGTH} characters`, ['input', field]));
  }
  return errors;
}

const emailTaken = () => [userError(UserErrorCode.EMAIL_TAKEN, 'An account with this email already exists', ['input', 'email'])];

/** Creates an account and signs it in. */
export async function register(em: EntityManager, signer: TokenSigner, input: Registration): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const errors = registrationErrors(input, email);
  if (errors.length) return { userErrors: errors };
  if (await em.findOne(Customer, { email })) return { userErrors: emailTaken() };
  const passwordHash = await hashPassword(input.password);
  try {
    const customer = await em.transactional(async (tx) => {
      const created = tx.create(Customer, { email, passwordHash, firstName: input.firstName.trim(), lastName: input.lastName.trim() });
      await tx.flush();
      return created;
    });
    return { customer, session: await startSession(em, signer, customer), userErrors: [] };
  } catch (error) {
    // Two registrations of one email raced past the lookup; the unique index decides.
    if (error instanceof UniqueConstraintViolationException) return { userErrors: emailTaken() };
    throw error;
  }
}

/** Who is signing in, from where, and with which device token (if any). */
export interface LoginAttempt {
  email: string;
  password: string;
  clientIp: string;
  deviceToken?: string | null | undefined;
}

/**
 * Checks credentials; the same error whether the email or the password is wrong. Failed attempts
 * are throttled per email (whether or not an account has it) and per IP address, except from a
 * device that signed in to the account before, which has its own budget (services/sign-in.service.ts).
 */
export async function login(
  em: EntityManager,
  signer: TokenSigner,
  gate: SignInGate,
  logger: Logger,
  attempt: LoginAttempt,
): Promise<SignInResult> {
  const found = await em.findOne(Customer, { email: normalizeEmail(attempt.email), deletedAt: null });
  const account = found ? { id: found.id, passwordHash: found.passwordHash, maySignIn: true } : null;
  const checked = await checkPassword(gate, logger, { kind: 'customer', ...attempt }, account);
  if (checked.outcome === 'throttled') return { userErrors: checked.userErrors, retryAfterSeconds: checked.retryAfterSeconds };
  if (checked.outcome === 'wrong') return { userErrors: checked.userErrors };
  // A correct password means the account exists.
  return { customer: found!, session: await startSession(em, signer, found!), deviceToken: checked.deviceToken, userErrors: [] };
}

/** Customers by id, in one query. */
export function customersByIds(em: EntityManager, ids: readonly string[]): Promise<Customer[]> {
  return em.find(Customer, { id: { $in: [...ids] } });
}
