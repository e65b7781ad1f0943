import { type Identity, hasPermission, requireKind } from '@shopgraph/auth';
import { ForbiddenError } from '@shopgraph/errors';

/** Throws `FORBIDDEN` unless the caller may read a customer's data: the customer themself, staff with `customers:read` or another service. */
export function assertCanReadCustomer(identity: Identity, customerId: string): void {
  const allowed =
    hasPermission(identity, 'customers:read') ||
    identity.kind === 'service' ||
    (identity.kind === 'customer' && identity.customerId === customerId);
  if (!allowed) throw new ForbiddenError('Not allowed to read this customer');
}

/** The signed-in customer's id; `UNAUTHENTICATED` for anonymous callers, `FORBIDDEN` for other kinds. */
export function signedInCustomerId(identity: Identity): string {
  return requireKind(identity, 'customer').customerId;
}

/** Throws `FORBIDDEN` unless the caller is the customer themself or staff with `customers:read` (services use checkoutContext). */
export function assertSelfOrStaff(identity: Identity, customerId: string): void {
  const allowed = hasPermission(identity, 'customers:read') || (identity.kind === 'customer' && identity.customerId === customerId);
  if (!allowed) throw new ForbiddenError('Not allowed to read this customer');
}
