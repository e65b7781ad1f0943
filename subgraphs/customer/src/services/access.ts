import type { Identity } from '@shopgraph/auth';

/** Whether the caller may read a customer's data: the customer themself, an admin or another service. */
export function canReadCustomer(identity: Identity, customerId: string): boolean {
  return identity.kind === 'admin' || identity.kind === 'service' || (identity.kind === 'customer' && identity.customerId === customerId);
}
