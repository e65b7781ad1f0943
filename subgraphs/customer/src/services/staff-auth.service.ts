import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenSigner } from '@shopgraph/auth';
import { normalizeEmail } from '@shopgraph/contracts/email';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import type { Logger } from '@shopgraph/observability';
import { passwordProblems } from '../domain/credentials.js';
import { issueDeviceToken } from '../domain/device-token.js';
import { hashPassword } from '../domain/password.js';
import { resetTokenProblem } from '../domain/password-reset.js';
import { hashRefreshToken } from '../domain/refresh-token.js';
import { StaffInvitation, StaffMember } from '../entities/index.js';
import type { IssuedSession } from './session.service.js';
import { type SignInGate, checkPassword } from './sign-in.service.js';
import { startStaffSession } from './staff-session.service.js';

/** Outcome of `staffLogin` and `acceptStaffInvite`. */
export interface StaffSignInResult {
  session?: IssuedSession;
  member?: StaffMember;
  deviceToken?: string;
  userErrors: UserError[];
  /** Set when sign-in was refused by the throttle: seconds until it accepts attempts again. */
  retryAfterSeconds?: number;
}

/** A staff sign-in attempt. */
export interface StaffLoginAttempt {
  email: string;
  password: string;
  clientIp: string;
  deviceToken?: string | null | undefined;
}

/**
 * Signs a staff member in, behind the same throttle as customers (staff emails count apart). An
 * invited or deactivated member is refused exactly like a wrong password.
 */
export async function staffLogin(
  em: EntityManager,
  signer: TokenSigner,
  gate: SignInGate,
  logger: Logger,
  attempt: StaffLoginAttempt,
): Promise<StaffSignInResult> {
  const found = await em.findOne(StaffMember, { email: normalizeEmail(attempt.email) });
  const account = found?.passwordHash ? { id: found.id, passwordHash: found.passwordHash, maySignIn: found.active } : null;
  const checked = await checkPassword(gate, logger, { kind: 'staff', ...attempt }, account);
  if (checked.outcome === 'throttled') return { userErrors: checked.userErrors, retryAfterSeconds: checked.retryAfterSeconds };
  if (checked.outcome === 'wrong') return { userErrors: checked.userErrors };
  // A correct password means the member exists and is active.
  return { member: found!, session: await startStaffSession(em, signer, found!), deviceToken: checked.deviceToken, userErrors: [] };
}

const INVITATION_MESSAGES = {
  UNKNOWN: 'The invitation is not valid',
  USED: 'The invitation was already used',
  EXPIRED: 'The invitation has expired; ask for a new one',
} as const;

/**
 * Accepts an invitation: the token works once and only before it expires (the reset-link rules);
 * sets the member's password, activates them and signs them in.
 */
export async function acceptStaffInvite(
  em: EntityManager,
  signer: TokenSigner,
  deviceSecret: string,
  input: { token: string; password: string },
): Promise<StaffSignInResult> {
  const now = new Date();
  return em.transactional(async (tx) => {
    const invitation = await tx.findOne(
      StaffInvitation,
      { tokenHash: hashRefreshToken(input.token) },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const problem = resetTokenProblem(invitation, now);
    if (problem || !invitation)
      return { userErrors: [userError(UserErrorCode.INVALID_INVITATION, INVITATION_MESSAGES[problem ?? 'UNKNOWN'], ['input', 'token'])] };
    const member = await tx.findOneOrFail(StaffMember, { id: invitation.staffId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const weak = passwordProblems(input.password, member.email).map((p) =>
      userError(UserErrorCode.WEAK_PASSWORD, p, ['input', 'password']),
    );
    if (weak.length) return { userErrors: weak };
    member.passwordHash = await hashPassword(input.password);
    member.active = true;
    invitation.usedAt = now;
    const session = await startStaffSession(tx, signer, member);
    return { member, session, deviceToken: issueDeviceToken(deviceSecret, { kind: 'staff', id: member.id }), userErrors: [] };
  });
}
