import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from '@shopgraph/auth';
import { isValidEmail, normalizeEmail } from '@shopgraph/contracts/email';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import type { Mailer } from '@shopgraph/mail';
import type { Logger } from '@shopgraph/observability';
import { passwordProblems } from '../domain/credentials.js';
import { hashPassword } from '../domain/password.js';
import { hashRefreshToken, newRefreshToken } from '../domain/refresh-token.js';
import { type StaffChange, invitationLink, staffChangeProblem, staffNameProblem } from '../domain/staff.js';
import { StaffInvitation, StaffMember } from '../entities/index.js';
import { staffInvitationTemplate } from '../mail/staff-invitation.template.js';
import { revokeAllStaffSessions } from './staff-session.service.js';

/** How invitations are issued. */
export interface InvitationRules {
  ttlHours: number;
  /** The back-office page that takes the token. */
  pageUrl: string;
}

/** Outcome of a change to a staff member. */
export interface StaffResult {
  member?: StaffMember;
  userErrors: UserError[];
}

/** A staff member to create directly (start-up owner, CLI). */
export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

const emailTaken = () => [userError(UserErrorCode.EMAIL_TAKEN, 'A staff member with this email already exists', ['input', 'email'])];

function identityErrors(email: string, name: string): UserError[] {
  const errors: UserError[] = [];
  if (!isValidEmail(email)) errors.push(userError(UserErrorCode.INVALID_INPUT, 'Email address is not valid', ['input', 'email']));
  const nameProblem = staffNameProblem(name);
  if (nameProblem) errors.push(userError(UserErrorCode.INVALID_INPUT, nameProblem, ['input', 'name']));
  return errors;
}

/** Every staff member, oldest first. */
export function listStaff(em: EntityManager): Promise<StaffMember[]> {
  return em.find(StaffMember, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** One staff member, or null. */
export function staffById(em: EntityManager, id: string): Promise<StaffMember | null> {
  return em.findOne(StaffMember, { id });
}

/** Creates an active member with a password (the start-up owner, `npm run staff -- create`). */
export async function createStaffMember(em: EntityManager, input: NewStaffMember): Promise<StaffResult> {
  const email = normalizeEmail(input.email);
  const errors = [
    ...identityErrors(email, input.name),
    ...passwordProblems(input.password, email).map((p) => userError(UserErrorCode.WEAK_PASSWORD, p, ['input', 'password'])),
  ];
  if (errors.length) return { userErrors: errors };
  const passwordHash = await hashPassword(input.password);
  try {
    const member = await em.transactional(async (tx) => {
      const created = tx.create(StaffMember, { email, name: input.name.trim(), role: input.role, passwordHash, active: true });
      await tx.flush();
      return created;
    });
    return { member, userErrors: [] };
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return { userErrors: emailTaken() };
    throw error;
  }
}

/**
 * Creates the owner when the shop has no staff member at all (first start). Returns the member
 * created, or null when staff already existed. Several instances may race: the email's unique
 * index lets one win, and the others find staff.
 */
export async function ensureFirstOwner(
  em: EntityManager,
  logger: Logger,
  owner: Omit<NewStaffMember, 'role'>,
): Promise<StaffMember | null> {
  if ((await em.count(StaffMember, {})) > 0) return null;
  const created = await createStaffMember(em, { ...owner, role: 'OWNER' });
  if (created.member) logger.info({ staffId: created.member.id }, 'created the first shop owner');
  else if (!created.userErrors.some((e) => e.code === UserErrorCode.EMAIL_TAKEN))
    throw new Error(`The first owner could not be created: ${created.userErrors.map((e) => e.message).join('; ')}`);
  return created.member ?? null;
}

/**
 * Invites a member: creates them inactive, with a single-use, time-limited token mailed to them.
 * The mail goes after the commit; a failure to send is logged, the invitation stays.
 */
export async function inviteStaff(
  em: EntityManager,
  mailer: Mailer,
  logger: Logger,
  rules: InvitationRules,
  inviterId: string,
  input: { email: string; name: string; role: StaffRole },
): Promise<StaffResult> {
  const email = normalizeEmail(input.email);
  const errors = identityErrors(email, input.name);
  if (errors.length) return { userErrors: errors };
  const token = newRefreshToken();
  let member: StaffMember;
  try {
    member = await em.transactional(async (tx) => {
      const created = tx.create(StaffMember, { email, name: input.name.trim(), role: input.role, invitedBy: inviterId });
      tx.create(StaffInvitation, {
        tokenHash: hashRefreshToken(token),
        staffId: created.id,
        expiresAt: new Date(Date.now() + rules.ttlHours * 3_600_000),
      });
      await tx.flush();
      return created;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return { userErrors: emailTaken() };
    throw error;
  }
  try {
    await mailer.send({
      to: member.email,
      template: staffInvitationTemplate,
      data: { name: member.name, role: member.role, link: invitationLink(rules.pageUrl, token), validHours: rules.ttlHours },
    });
  } catch (error) {
    logger.error({ err: error, staffId: member.id }, 'staff invitation: mailing the link failed');
  }
  return { member, userErrors: [] };
}

const PROBLEM_ERRORS = {
  SELF_DEACTIVATION: () => userError(UserErrorCode.INVALID_INPUT, 'You cannot deactivate yourself', ['input', 'id']),
  LAST_OWNER: () => userError(UserErrorCode.LAST_OWNER, 'The shop must keep at least one active owner', ['input', 'id']),
} as const;

/**
 * Deactivates a member or changes their role, after the domain rules (staff.ts). The active owners
 * are locked first, so two owners removing each other at once cannot both succeed. Either change
 * revokes the member's refresh tokens (a new role takes effect at the next sign-in); deactivation
 * also voids their outstanding invitations.
 */
export async function changeStaff(em: EntityManager, actorId: string, id: string, change: StaffChange): Promise<StaffResult> {
  const now = new Date();
  return em.transactional(async (tx) => {
    const owners = await tx.find(
      StaffMember,
      { role: 'OWNER', active: true },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
    );
    const member = await tx.findOne(StaffMember, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!member) return { userErrors: [userError(UserErrorCode.NOT_FOUND, 'Staff member not found', ['input', 'id'])] };
    const problem = staffChangeProblem(actorId, member, change, owners.length);
    if (problem) return { userErrors: [PROBLEM_ERRORS[problem]()] };
    if (change.kind === 'deactivate') {
      member.active = false;
      await tx.nativeUpdate(StaffInvitation, { staffId: member.id, usedAt: null }, { usedAt: now });
    } else {
      member.role = change.role;
    }
    await revokeAllStaffSessions(tx, member.id, now);
    await tx.flush();
    return { member, userErrors: [] };
  });
}
