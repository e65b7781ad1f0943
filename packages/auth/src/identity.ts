import { ForbiddenError, UnauthenticatedError } from '@shopgraph/errors';
import type { StaffRole } from './permissions.js';

/**
 * Who is calling. Guests hold a guest token (a cart before login); staff run the shop with the
 * permissions of their role; services call internal fields.
 */
export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'guest'; guestId: string }
  | { kind: 'customer'; customerId: string; email?: string }
  | { kind: 'staff'; staffId: string; role: StaffRole }
  | { kind: 'service'; service: string };

/** Kinds of caller. */
export type IdentityKind = Identity['kind'];

/** The anonymous caller. */
export const ANONYMOUS: Identity = { kind: 'anonymous' };

/** Throws `UNAUTHENTICATED` unless the caller is one of `kinds`, `FORBIDDEN` if signed in as another kind. */
export function requireKind<K extends IdentityKind>(identity: Identity, ...kinds: K[]): Extract<Identity, { kind: K }> {
  if ((kinds as IdentityKind[]).includes(identity.kind)) return identity as Extract<Identity, { kind: K }>;
  if (identity.kind === 'anonymous') throw new UnauthenticatedError();
  throw new ForbiddenError();
}

/**
 * The owner key of a shopper's resources (carts, orders): `customer:<id>` or `guest:<id>`.
 * Throws for callers that are not shoppers.
 */
export function shopperKey(identity: Identity): string {
  const shopper = requireKind(identity, 'customer', 'guest');
  return shopper.kind === 'customer' ? `customer:${shopper.customerId}` : `guest:${shopper.guestId}`;
}
