import { type Identity, shopperKey } from '@shopgraph/auth';
import { ForbiddenError } from '@shopgraph/errors';

/** Throws `FORBIDDEN` unless the caller owns the resource or is an admin or a service. */
export function assertOwnerOrStaff(identity: Identity, ownerKey: string): void {
  if (identity.kind === 'admin' || identity.kind === 'service') return;
  if (shopperKey(identity) !== ownerKey) throw new ForbiddenError('This belongs to another shopper');
}
