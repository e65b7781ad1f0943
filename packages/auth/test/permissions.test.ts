import { describe, expect, it } from '@jest/globals';
import { PERMISSIONS, ROLE_PERMISSIONS, STAFF_ROLES, hasPermission, requirePermission, type Identity } from '../src/index.js';

/** The code of the error `act` throws. */
function codeOf(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return (error as { extensions?: { code?: unknown } }).extensions?.code;
  }
  return 'no error';
}

const staff = (role: (typeof STAFF_ROLES)[number]): Identity => ({ kind: 'staff', staffId: 's-1', role });

describe('staff permissions', () => {
  it('gives the owner every permission and the read-only role exactly the reads', () => {
    expect([...ROLE_PERMISSIONS.OWNER].sort()).toEqual([...PERMISSIONS].sort());
    expect(ROLE_PERMISSIONS.READ_ONLY.every((permission) => permission.endsWith(':read'))).toBe(true);
    expect(ROLE_PERMISSIONS.READ_ONLY).toHaveLength(PERMISSIONS.filter((p) => p.endsWith(':read')).length);
  });

  it('lets only the owner manage staff', () => {
    expect(STAFF_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('staff:manage'))).toEqual(['OWNER']);
  });

  it.each(STAFF_ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const)))(
    '%s holds %s exactly when its role lists it',
    (role, permission) => {
      const listed = ROLE_PERMISSIONS[role].includes(permission);
      expect(hasPermission(staff(role), permission)).toBe(listed);
      if (listed) expect(requirePermission(staff(role), permission)).toMatchObject({ kind: 'staff', role });
      else expect(codeOf(() => requirePermission(staff(role), permission))).toBe('FORBIDDEN');
    },
  );

  it('refuses shoppers and services as FORBIDDEN and the anonymous caller as UNAUTHENTICATED', () => {
    const others: Identity[] = [
      { kind: 'customer', customerId: 'c-1' },
      { kind: 'guest', guestId: 'g-1' },
      { kind: 'service', service: 'order' },
    ];
    for (const identity of others) {
      expect(hasPermission(identity, 'catalog:read')).toBe(false);
      expect(codeOf(() => requirePermission(identity, 'catalog:read'))).toBe('FORBIDDEN');
    }
    expect(codeOf(() => requirePermission({ kind: 'anonymous' }, 'catalog:read'))).toBe('UNAUTHENTICATED');
  });
});
