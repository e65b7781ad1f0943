import { type Identity, type Permission, hasPermission, shopperKey } from '@shopgraph/auth';
import { ForbiddenError } from '@shopgraph/errors';

/**
 * Throws `FORBIDDEN` unless the caller owns the resource, is a service, or is staff holding
 * `permission` (reading needs `orders:read`, acting on it `orders:write`).
 */
export function assertOwnerOrStaff(identity: Identity, ownerKey: string, permission: Permission = 'orders:read'): void {
  if (identity.kind === 'service' || hasPermission(identity, permission)) return;
  if (shopperKey(identity) !== ownerKey) throw new ForbiddenError('This belongs to another shopper');
}
