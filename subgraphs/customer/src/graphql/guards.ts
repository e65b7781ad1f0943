import { type Identity, requireKind } from '@shopgraph/auth';
import { ForbiddenError } from '@shopgraph/errors';

/** Throws `FORBIDDEN` unless the caller may read a customer's data: the customer themself, an admin or another service. */
export function assertCanReadCustomer(identity: Identity, customerId: string): void {
  const allowed =
    identity.kind === 'admin' || identity.kind === 'service' || (identity.kind === 'customer' && identity.customerId === customerId);
  if (!allowed) throw new ForbiddenError('Not allowed to read this customer');
}

/** The signed-in customer's id; `UNAUTHENTICATED` for anonymous callers, `FORBIDDEN` for other kinds. */
export function signedInCustomerId(identity: Identity): string {
  return requireKind(identity, 'customer').customerId;
}

/** Throws `FORBIDDEN` unless the caller is the customer themself or an admin (services use checkoutContext). */
export function assertSelfOrAdmin(identity: Identity, customerId: string): void {
  const allowed = identity.kind === 'admin' || (identity.kind === 'customer' && identity.customerId === customerId);
  if (!allowed) throw new ForbiddenError('Not allowed to read this customer');
}
