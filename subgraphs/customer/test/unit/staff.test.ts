import { describe, expect, it } from '@jest/globals';
import { ROLE_PERMISSIONS } from '@shopgraph/auth';
import {
  type StaffChange,
  type StaffState,
  invitationLink,
  permissionsOf,
  staffChangeProblem,
  staffNameProblem,
} from '../../src/domain/staff.js';
import { staffInvitationTemplate } from '../../src/mail/staff-invitation.template.js';

const owner = (id: string, active = true): StaffState => ({ id, role: 'OWNER', active });
const deactivate: StaffChange = { kind: 'deactivate' };
const demote: StaffChange = { kind: 'changeRole', role: 'SUPPORT' };

/** Issue 16: staff management never leaves the shop without an active owner. */
describe('staff change rules', () => {
  it.each([
    { what: 'deactivating yourself', actor: 'a', target: owner('a'), change: deactivate, owners: 2, problem: 'SELF_DEACTIVATION' },
    { what: 'deactivating the last owner', actor: 'x', target: owner('a'), change: deactivate, owners: 1, problem: 'LAST_OWNER' },
    { what: 'demoting the last owner (yourself)', actor: 'a', target: owner('a'), change: demote, owners: 1, problem: 'LAST_OWNER' },
    { what: 'deactivating one of two owners', actor: 'b', target: owner('a'), change: deactivate, owners: 2, problem: null },
    { what: 'demoting one of two owners', actor: 'a', target: owner('a'), change: demote, owners: 2, problem: null },
    {
      what: 'keeping the last owner an owner',
      actor: 'a',
      target: owner('a'),
      change: { kind: 'changeRole', role: 'OWNER' } as StaffChange,
      owners: 1,
      problem: null,
    },
    {
      what: 'deactivating a catalog manager',
      actor: 'a',
      target: { id: 'c', role: 'CATALOG_MANAGER', active: true } as StaffState,
      change: deactivate,
      owners: 1,
      problem: null,
    },
    { what: 'deactivating an inactive owner', actor: 'b', target: owner('a', false), change: deactivate, owners: 1, problem: null },
  ])('$what → $problem', ({ actor, target, change, owners, problem }) => {
    expect(staffChangeProblem(actor, target, change, owners)).toBe(problem);
  });

  it('lists exactly the permissions of the role', () => {
    expect(permissionsOf('CATALOG_MANAGER')).toEqual([...ROLE_PERMISSIONS.CATALOG_MANAGER]);
    expect(permissionsOf('OWNER')).toContain('staff:manage');
    expect(permissionsOf('CATALOG_MANAGER')).not.toContain('customers:write');
  });

  it('accepts names of 1 to 100 characters', () => {
    expect(staffNameProblem('Ana')).toBeNull();
    expect(staffNameProblem('  ')).not.toBeNull();
    expect(staffNameProblem('x'.repeat(101))).not.toBeNull();
  });
});

describe('staff invitation mail', () => {
  it('carries the single-use link and escapes the name in HTML', () => {
    const link = invitationLink('https://admin.shop.example/accept?lang=vi', 'tok_-9');
    expect(link).toBe('https://admin.shop.example/accept?lang=vi&token=tok_-9');
    const mail = staffInvitationTemplate({ name: '<b>Ana</b>', role: 'SUPPORT', link, validHours: 72 });
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('within 72 hours');
    expect(mail.html.toString()).toContain('&lt;b&gt;Ana&lt;/b&gt;');
    expect(mail.html.toString()).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
  });
});
