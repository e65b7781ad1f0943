import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSigner } from '@shopgraph/auth';
import { isValidEmail, normalizeEmail } from '@shopgraph/contracts/email';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import type { Mailer } from '@shopgraph/mail';
import type { Logger } from '@shopgraph/observability';
import { passwordProblems } from '../domain/credentials.js';
import { hashPassword, verifyPassword } from '../domain/password.js';
import { type ResetTokenProblem, mayIssueReset, resetLink, resetTokenProblem } from '../domain/password-reset.js';
import { hashRefreshToken, newRefreshToken } from '../domain/refresh-token.js';
import { Customer, PasswordResetToken } from '../entities/index.js';
import { passwordResetTemplate } from '../mail/password-reset.template.js';
import { type IssuedSession, revokeAllSessions, startSession } from './session.service.js';

/** How reset links are issued. */
export interface PasswordResetRules {
  ttlMinutes: number;
  maxPerHour: number;
  /** The frontend page that takes the token. */
  pageUrl: string;
}

/** Outcome of `changePassword`: a fresh session for the caller, every other one revoked. */
export interface ChangePasswordResult {
  session?: IssuedSession;
  userErrors: UserError[];
}

const weak = (password: string, email: string, field: string) =>
  passwordProblems(password, email).map((p) => userError(UserErrorCode.WEAK_PASSWORD, p, ['input', field]));

/**
 * Changes the password after checking the current one, revokes every refresh token of the account
 * (other devices must sign in again) and starts a new session for the caller.
 */
export async function changePassword(
  em: EntityManager,
  signer: TokenSigner,
  input: { customerId: string; currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  const customer = await em.findOne(Customer, { id: input.customerId, deletedAt: null });
  if (!customer) return { userErrors: [userError(UserErrorCode.NOT_FOUND, 'Account not found', ['input'])] };
  if (!(await verifyPassword(input.currentPassword, customer.passwordHash)))
    return {
      userErrors: [userError(UserErrorCode.INVALID_CREDENTIALS, 'The current password is incorrect', ['input', 'currentPassword'])],
    };
  const problems = weak(input.newPassword, customer.email, 'newPassword');
  if (problems.length) return { userErrors: problems };
  const passwordHash = await hashPassword(input.newPassword);
  const session = await em.transactional(async (tx) => {
    const locked = await tx.findOneOrFail(Customer, { id: customer.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    locked.passwordHash = passwordHash;
    await revokeAllSessions(tx, locked.id, new Date());
    return startSession(tx, signer, locked);
  });
  return { session, userErrors: [] };
}

/**
 * Answers a reset request: only a malformed email is refused. The link is issued and mailed after
 * the answer, which is the same whether or not an account has the email, and takes as long.
 */
export function requestPasswordReset(
  em: EntityManager,
  mailer: Mailer,
  logger: Logger,
  rules: PasswordResetRules,
  email: string,
): UserError[] {
  const address = normalizeEmail(email);
  if (!isValidEmail(address)) return [userError(UserErrorCode.INVALID_INPUT, 'Email address is not valid', ['input', 'email'])];
  // A fork of its own: the request's entity manager may be cleared once the answer is sent.
  issuePasswordReset(em.fork(), mailer, logger, rules, address).catch((error: unknown) =>
    logger.error({ err: error }, 'password reset: issuing or mailing the link failed'),
  );
  return [];
}

/** Issues a reset link and mails it, for an existing account only; at most `maxPerHour` mails per account. */
export async function issuePasswordReset(
  em: EntityManager,
  mailer: Mailer,
  logger: Logger,
  rules: PasswordResetRules,
  email: string,
): Promise<void> {
  const address = normalizeEmail(email);
  const now = new Date();
  const issued = await em.transactional(async (tx) => {
    // Locking the account serialises its concurrent requests, so the hourly count cannot be raced.
    const customer = await tx.findOne(Customer, { email: address, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!customer) {
      logger.info('password reset requested for an unknown email: nothing sent');
      return null;
    }
    const sentLastHour = await tx.count(PasswordResetToken, {
      customerId: customer.id,
      createdAt: { $gt: new Date(now.getTime() - 3_600_000) },
    });
    if (!mayIssueReset(sentLastHour, rules.maxPerHour)) {
      logger.warn({ customerId: customer.id }, 'password reset not sent: hourly limit reached');
      return null;
    }
    // Same shape and entropy as a refresh token: random, URL-safe, stored only as its SHA-256.
    const token = newRefreshToken();
    tx.create(PasswordResetToken, {
      tokenHash: hashRefreshToken(token),
      customerId: customer.id,
      expiresAt: new Date(now.getTime() + rules.ttlMinutes * 60_000),
    });
    await tx.flush();
    return { customer, token };
  });
  if (!issued) return;
  await mailer.send({
    to: issued.customer.email,
    template: passwordResetTemplate,
    data: { firstName: issued.customer.firstName, link: resetLink(rules.pageUrl, issued.token), validMinutes: rules.ttlMinutes },
  });
}

const TOKEN_MESSAGES: Record<Exclude<ResetTokenProblem, null>, string> = {
  UNKNOWN: 'The reset link is not valid',
  USED: 'The reset link was already used',
  EXPIRED: 'The reset link has expired; ask for a new one',
};

/**
 * Sets a new password with a mailed token. The token works once and only before it expires; using it
 * spends every other outstanding link of the account and revokes all its sessions.
 */
export async function resetPassword(em: EntityManager, input: { token: string; newPassword: string }): Promise<UserError[]> {
  const now = new Date();
  return em.transactional(async (tx) => {
    const stored = await tx.findOne(
      PasswordResetToken,
      { tokenHash: hashRefreshToken(input.token) },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const problem = resetTokenProblem(stored, now);
    if (problem || !stored) return [userError(UserErrorCode.INVALID_RESET_TOKEN, TOKEN_MESSAGES[problem ?? 'UNKNOWN'], ['input', 'token'])];
    const customer = await tx.findOneOrFail(Customer, { id: stored.customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const problems = weak(input.newPassword, customer.email, 'newPassword');
    if (problems.length) return problems;
    customer.passwordHash = await hashPassword(input.newPassword);
    await tx.nativeUpdate(PasswordResetToken, { customerId: customer.id, usedAt: null }, { usedAt: now });
    await revokeAllSessions(tx, customer.id, now);
    await tx.flush();
    return [];
  });
}
