import { ROLE_PERMISSIONS, type Permission, type StaffRole } from '@shopgraph/auth';

/** Longest staff name accepted. */
export const STAFF_NAME_MAX_LENGTH = 100;

/** A staff member as the rules see them. */
export interface StaffState {
  id: string;
  role: StaffRole;
  active: boolean;
}

/** A change of a member's standing by another (or the same) member. */
export type StaffChange = { kind: 'deactivate' } | { kind: 'changeRole'; role: StaffRole };

/** Why a change cannot be made; null when it can. */
export type StaffChangeProblem = 'SELF_DEACTIVATION' | 'LAST_OWNER' | null;

/**
 * Judges a change of `target` by `actorId`, given how many active owners the shop has (the target
 * included). A member cannot deactivate themself, and the shop is never left without an active owner.
 */
export function staffChangeProblem(actorId: string, target: StaffState, change: StaffChange, activeOwners: number): StaffChangeProblem {
  if (change.kind === 'deactivate' && actorId === target.id) return 'SELF_DEACTIVATION';
  const removesAnOwner = target.active && target.role === 'OWNER' && (change.kind === 'deactivate' || change.role !== 'OWNER');
  if (removesAnOwner && activeOwners <= 1) return 'LAST_OWNER';
  return null;
}

/** The permissions a role grants, in the order of `PERMISSIONS`. */
export function permissionsOf(role: StaffRole): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

/** Problem of a staff name, as a message; null when it is acceptable. */
export function staffNameProblem(name: string): string | null {
  const trimmed = name.trim();
  return trimmed && trimmed.length <= STAFF_NAME_MAX_LENGTH ? null : `name must have 1 to ${STAFF_NAME_MAX_LENGTH} characters`;
}

/** The link of an invitation mail: the back-office page with the token as its `token` parameter. */
export function invitationLink(pageUrl: string, token: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
