import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PERMISSIONS } from '@shopgraph/auth';
import { type StoredMail, readMailFolder } from '@shopgraph/mail';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import {
  AcceptStaffInviteDocument,
  AdjustLoyaltyPointsDocument,
  ChangeStaffRoleDocument,
  DeactivateStaffDocument,
  InviteStaffDocument,
  RefreshTokenDocument,
  RegisterDocument,
  RefreshStaffTokenDocument,
  StaffCreateProductDocument,
  StaffLoginDocument,
  StaffLogoutDocument,
  StaffMeDocument,
  StaffMembersDocument,
  type StaffRole,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const OWNER = { email: 'boss@shop.example', password: 'chief-of-the-shop-42' };
const INVITEE_PASSWORD = 'catalogue-keeper-77';

/**
 * Issue 16: staff accounts through the gateway. The owner comes from STAFF_OWNER_EMAIL and
 * STAFF_OWNER_PASSWORD on the first start; invitations go through the mail folder.
 */
describe('staff accounts through the gateway', () => {
  let stack: TestStack;
  let mailDir: string;
  let owner: { id: string; token: string; refreshToken: string };
  const saved = {
    MAIL_DIR: process.env.MAIL_DIR,
    STAFF_OWNER_EMAIL: process.env.STAFF_OWNER_EMAIL,
    STAFF_OWNER_PASSWORD: process.env.STAFF_OWNER_PASSWORD,
  };

  beforeAll(async () => {
    // The customer subgraph reads these when it starts.
    mailDir = await mkdtemp(join(tmpdir(), 'shopgraph-staff-mail-'));
    Object.assign(process.env, { MAIL_DIR: mailDir, STAFF_OWNER_EMAIL: OWNER.email, STAFF_OWNER_PASSWORD: OWNER.password });
    stack = await startStack(STACK_APPS);
    owner = await signIn(OWNER.email, OWNER.password);
  });
  afterAll(async () => {
    await stack?.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(mailDir, { recursive: true, force: true });
  });

  const login = async (email: string, password: string) =>
    (await stack.client.data(StaffLoginDocument, { input: { email, password } })).staffLogin;
  async function signIn(email: string, password: string) {
    const result = await login(email, password);
    expect(result.userErrors).toEqual([]);
    return { id: result.staff!.id, token: result.token!.accessToken, refreshToken: result.refreshToken! };
  }
  const codesOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    (response.errors ?? []).map((e) => e.extensions?.code);
  /** Rotates the owner's own refresh token (a spent one must not be presented again). */
  async function refreshOwner() {
    const next = await refresh(owner.refreshToken);
    expect(next.userErrors).toEqual([]);
    owner = { ...owner, token: next.token!.accessToken, refreshToken: next.refreshToken! };
  }
  const refresh = async (refreshToken: string) =>
    (await stack.client.data(RefreshStaffTokenDocument, { input: { refreshToken } })).refreshStaffToken;

  /** Waits (polling the folder, generous deadline) for the first mail to `to`. */
  async function mailTo(to: string): Promise<StoredMail> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mail = (await readMailFolder(mailDir)).find((m) => m.to === to);
      if (mail || Date.now() > deadline) return mail!;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const tokenOf = (mail: StoredMail) => /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';

  async function invite(email: string, role: StaffRole, token = owner.token) {
    const invited = (await stack.client.data(InviteStaffDocument, { input: { email, name: 'New Colleague', role } }, { token }))
      .inviteStaff;
    expect(invited.userErrors).toEqual([]);
    expect(invited.staff).toMatchObject({ email, role, active: false });
    return { id: invited.staff!.id, token: tokenOf(await mailTo(email)) };
  }
  const accept = async (token: string, password = INVITEE_PASSWORD) =>
    (await stack.client.data(AcceptStaffInviteDocument, { input: { token, password } })).acceptStaffInvite;

  it('signs the owner from the environment in, with every permission', async () => {
    const me = (await stack.client.data(StaffMeDocument, undefined, { token: owner.token })).staffMe;
    expect(me).toMatchObject({ id: owner.id, email: OWNER.email, role: 'OWNER', active: true });
    expect([...me!.permissions].sort()).toEqual([...PERMISSIONS].sort());
    expect(me!.lastSignInAt).not.toBeNull();
    // Only the environment's owner: the demo owner is not seeded when the environment names one.
    const members = (await stack.client.data(StaffMembersDocument, undefined, { token: owner.token })).staffMembers;
    expect(members.map((m) => m.email)).toEqual([OWNER.email]);
    expect((await login(OWNER.email, 'not-the-password-1')).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('invites a catalog manager by mail, who can edit the catalogue but not loyalty points nor staff', async () => {
    const email = 'cat.manager@shop.example';
    const invited = await invite(email, 'CATALOG_MANAGER');
    expect(invited.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Invited, not yet active: no password works.
    expect((await login(email, INVITEE_PASSWORD)).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);

    expect((await accept(invited.token, 'short')).userErrors.map((e) => e.code)).toContain('WEAK_PASSWORD');
    const accepted = await accept(invited.token);
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.staff).toMatchObject({ id: invited.id, role: 'CATALOG_MANAGER', active: true });
    expect(accepted.staff!.permissions).toContain('catalog:write');
    expect(accepted.staff!.permissions).not.toContain('customers:write');
    expect(accepted.deviceToken).toBeTruthy();
    expect((await accept(invited.token, 'another-pass-99')).userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_INVITATION', field: ['input', 'token'], message: 'The invitation was already used' }),
    ]);
    expect((await accept('not-an-invitation')).userErrors.map((e) => e.code)).toEqual(['INVALID_INVITATION']);

    const manager = await signIn(email, INVITEE_PASSWORD);
    const [category] = await stack.subgraphs.catalog.runtime.orm.em
      .fork()
      .execute<{ id: string }[]>('select id from catalog.category limit 1');
    const created = await stack.client.request(
      StaffCreateProductDocument,
      { input: { slug: 'staff-made-lamp', name: 'Staff-made lamp', categoryId: category!.id } },
      { token: manager.token },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createProduct).toMatchObject({ product: { slug: 'staff-made-lamp' }, userErrors: [] });

    const customer = await shopKit(stack).customer('loyal');
    const adjust = await stack.client.request(
      AdjustLoyaltyPointsDocument,
      { input: { customerId: customer.id, points: 100, reason: 'goodwill' } },
      { token: manager.token },
    );
    expect(codesOf(adjust)).toEqual(['FORBIDDEN']);
    const inviting = await stack.client.request(
      InviteStaffDocument,
      { input: { email: 'friend@shop.example', name: 'Friend', role: 'OWNER' } },
      { token: manager.token },
    );
    expect(codesOf(inviting)).toEqual(['FORBIDDEN']);
    expect(codesOf(await stack.client.request(StaffMembersDocument, undefined, { token: manager.token }))).toEqual(['FORBIDDEN']);
    // Nobody was invited by the refused call.
    const members = (await stack.client.data(StaffMembersDocument, undefined, { token: owner.token })).staffMembers;
    expect(members.map((m) => m.email)).not.toContain('friend@shop.example');
  });

  it('stops sign-in and refresh of a deactivated member, and voids their unused invitation', async () => {
    const email = 'fulfilment@shop.example';
    const invited = await invite(email, 'FULFILMENT');
    await accept(invited.token);
    const member = await signIn(email, INVITEE_PASSWORD);
    const refreshed = await refresh(member.refreshToken);
    expect(refreshed.userErrors).toEqual([]);

    const pending = await invite('never.accepted@shop.example', 'SUPPORT');
    for (const id of [invited.id, pending.id]) {
      const done = (await stack.client.data(DeactivateStaffDocument, { input: { id } }, { token: owner.token })).deactivateStaff;
      expect(done).toEqual({ staff: { id, active: false }, userErrors: [] });
    }
    expect((await refresh(refreshed.refreshToken!)).userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await login(email, INVITEE_PASSWORD)).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    expect((await accept(pending.token)).userErrors.map((e) => e.message)).toEqual(['The invitation was already used']);
  });

  it('never leaves the shop without an active owner, and no one deactivates themself', async () => {
    const change = async (id: string, role: StaffRole, token: string) =>
      (await stack.client.data(ChangeStaffRoleDocument, { input: { id, role } }, { token })).changeStaffRole;
    const deactivate = async (id: string, token: string) =>
      (await stack.client.data(DeactivateStaffDocument, { input: { id } }, { token })).deactivateStaff;

    expect((await change(owner.id, 'SUPPORT', owner.token)).userErrors).toEqual([
      expect.objectContaining({ code: 'LAST_OWNER', field: ['input', 'id'] }),
    ]);
    expect((await deactivate(owner.id, owner.token)).userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);

    const second = await invite('second.owner@shop.example', 'OWNER');
    await accept(second.token);
    const secondOwner = await signIn('second.owner@shop.example', INVITEE_PASSWORD);
    // Two owners: the first may step down; then the second is the last one.
    expect(await change(owner.id, 'SUPPORT', owner.token)).toEqual({
      staff: { id: owner.id, role: 'SUPPORT', active: true },
      userErrors: [],
    });
    expect((await change(secondOwner.id, 'READ_ONLY', secondOwner.token)).userErrors.map((e) => e.code)).toEqual(['LAST_OWNER']);
    expect((await deactivate(secondOwner.id, secondOwner.token)).userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    // The role change revoked the first owner's sessions; signing in again gives the new role.
    expect((await refresh(owner.refreshToken)).userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    const demoted = await signIn(OWNER.email, OWNER.password);
    expect((await stack.client.data(StaffMeDocument, undefined, { token: demoted.token })).staffMe?.role).toBe('SUPPORT');
    expect(codesOf(await stack.client.request(StaffMembersDocument, undefined, { token: demoted.token }))).toEqual(['FORBIDDEN']);
    // The second owner restores the first, who keeps working from here on.
    expect((await change(owner.id, 'OWNER', secondOwner.token)).userErrors).toEqual([]);
    owner = await signIn(OWNER.email, OWNER.password);
  });

  it('signs a member out of one sign-in with staffLogout', async () => {
    const session = await signIn(OWNER.email, OWNER.password);
    expect((await stack.client.data(StaffLogoutDocument, { input: { refreshToken: session.refreshToken } })).staffLogout).toEqual({
      revoked: true,
      userErrors: [],
    });
    expect((await refresh(session.refreshToken)).userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    // Another sign-in of the same member goes on.
    await refreshOwner();
  });

  it('rotates staff refresh tokens and revokes the whole sign-in when a spent one comes back', async () => {
    const session = await signIn(OWNER.email, OWNER.password);
    const rotated = await refresh(session.refreshToken);
    expect(rotated.userErrors).toEqual([]);
    const me = await stack.client.data(StaffMeDocument, undefined, { token: rotated.token!.accessToken });
    expect(me.staffMe).toMatchObject({ id: owner.id, role: 'OWNER' });
    // The spent token again: it leaked, so its family goes, the token rotated from it included.
    expect((await refresh(session.refreshToken)).userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await refresh(rotated.refreshToken!)).userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    // Other sign-ins of the member are not touched.
    await refreshOwner();
  });

  it('keeps staff and customer refresh tokens apart', async () => {
    const session = await signIn(OWNER.email, OWNER.password);
    const asCustomer = await stack.client.data(RefreshTokenDocument, { input: { refreshToken: session.refreshToken } });
    expect(asCustomer.refreshToken.userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    const customer = await stack.client.data(RegisterDocument, {
      input: { email: 'shopper.apart@example.com', password: 'shopping-pass-42', firstName: 'Shop', lastName: 'Per' },
    });
    expect((await refresh(customer.register.refreshToken!)).userErrors.map((e) => e.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await refresh(session.refreshToken)).userErrors).toEqual([]);
  });

  it('refuses staff fields to customers, guests and anonymous callers', async () => {
    const kit = shopKit(stack);
    const customer = await kit.customer('curious');
    for (const token of [customer.token, await kit.guest()]) {
      expect(codesOf(await stack.client.request(StaffMeDocument, undefined, { token }))).toEqual(['FORBIDDEN']);
      expect(codesOf(await stack.client.request(StaffMembersDocument, undefined, { token }))).toEqual(['FORBIDDEN']);
      const inviting = await stack.client.request(
        InviteStaffDocument,
        { input: { email: 'x@shop.example', name: 'X', role: 'OWNER' } },
        { token },
      );
      expect(codesOf(inviting)).toEqual(['FORBIDDEN']);
      const deactivating = await stack.client.request(DeactivateStaffDocument, { input: { id: owner.id } }, { token });
      expect(codesOf(deactivating)).toEqual(['FORBIDDEN']);
    }
    expect(codesOf(await stack.client.request(StaffMembersDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await stack.client.request(StaffMeDocument))).toEqual(['UNAUTHENTICATED']);
    // A customer's credentials do not sign in as staff.
    const registered = await stack.client.data(StaffLoginDocument, { input: { email: customer.email, password: 'checkout-pass-42' } });
    expect(registered.staffLogin.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  });
  // Last: it deactivates owners, the environment's one perhaps.
  it('lets only one of two owners deactivating each other at once succeed', async () => {
    let survivor = await signIn(OWNER.email, OWNER.password);
    const activeOwners = async () =>
      (await stack.client.data(StaffMembersDocument, undefined, { token: survivor.token })).staffMembers
        .filter((m) => m.role === 'OWNER' && m.active)
        .map((m) => m.id);
    // Each round starts from one owner, so that only one of the two deactivations may succeed.
    for (const id of (await activeOwners()).filter((id) => id !== survivor.id))
      expect(
        (await stack.client.data(DeactivateStaffDocument, { input: { id } }, { token: survivor.token })).deactivateStaff.userErrors,
      ).toEqual([]);
    expect(await activeOwners()).toEqual([survivor.id]);
    for (let round = 0; round < 5; round += 1) {
      const email = `rival.${round}@shop.example`;
      await accept((await invite(email, 'OWNER', survivor.token)).token);
      const rival = await signIn(email, INVITEE_PASSWORD);
      const [first, second] = await Promise.all(
        [
          { actor: survivor, target: rival },
          { actor: rival, target: survivor },
        ].map(
          async ({ actor, target }) =>
            (await stack.client.data(DeactivateStaffDocument, { input: { id: target.id } }, { token: actor.token })).deactivateStaff,
        ),
      );
      expect([first!.userErrors.map((e) => e.code), second!.userErrors.map((e) => e.code)].sort()).toEqual([[], ['LAST_OWNER']]);
      survivor = first!.userErrors.length ? rival : survivor;
      expect(await activeOwners()).toEqual([survivor.id]);
    }
  });
});
