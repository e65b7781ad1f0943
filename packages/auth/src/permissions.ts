import { ForbiddenError, UnauthenticatedError } from '@shopgraph/errors';
import type { Identity } from './identity.js';

/**
 * What a staff member may do. Every admin field and mutation declares the one permission it needs
 * (`@RequiresPermission` in `@shopgraph/subgraph`, published as Federation's `@requiresScopes`).
 */
export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'promotions:read',
  'promotions:write',
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'payments:write',
  'staff:manage',
] as const;

/** One permission. */
export type Permission = (typeof PERMISSIONS)[number];

/** The roles a staff member can hold. */
export const STAFF_ROLES = ['OWNER', 'CATALOG_MANAGER', 'FULFILMENT', 'SUPPORT', 'READ_ONLY'] as const;

/** One staff role. */
export type StaffRole = (typeof STAFF_ROLES)[number];

const READS = PERMISSIONS.filter((permission) => permission.endsWith(':read'));

/** Each role's permissions: the whole authorization model as data. */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  OWNER: PERMISSIONS,
  CATALOG_MANAGER: ['catalog:read', 'catalog:write', 'inventory:read', 'inventory:write', 'promotions:read', 'promotions:write'],
  FULFILMENT: ['catalog:read', 'inventory:read', 'inventory:write', 'orders:read', 'orders:write'],
  SUPPORT: ['catalog:read', 'promotions:read', 'customers:read', 'customers:write', 'orders:read', 'orders:write'],
  READ_ONLY: READS,
};

/** Whether `role` is one of the staff roles. */
export function isStaffRole(role: unknown): role is StaffRole {
  return typeof role === 'string' && (STAFF_ROLES as readonly string[]).includes(role);
}

/** Whether the caller is staff holding `permission`. */
export function hasPermission(identity: Identity, permission: Permission): boolean {
  return identity.kind === 'staff' && ROLE_PERMISSIONS[identity.role].includes(permission);
}

/**
 * Throws unless the caller is staff holding `permission`: `UNAUTHENTICATED` for an anonymous caller,
 * `FORBIDDEN` (naming the permission) for anyone else.
 */
export function requirePermission(identity: Identity, permission: Permission): Extract<Identity, { kind: 'staff' }> {
  if (identity.kind === 'staff' && ROLE_PERMISSIONS[identity.role].includes(permission)) return identity;
  if (identity.kind === 'anonymous') throw new UnauthenticatedError();
  throw new ForbiddenError(`This needs the staff permission ${permission}`);
}
