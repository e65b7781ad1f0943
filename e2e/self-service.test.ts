import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoProducts } from '@shopgraph/demo-data';
import { type StoredMail, readMailFolder } from '@shopgraph/mail';
import { type TestStack, startStack } from '@shopgraph/testing';
import { STACK_APPS } from '../scripts/src/stack-apps.js';
import { HANOI, checkoutKit } from './checkout-kit.js';
import {
  AddPaymentMethodDocument,
  AdjustLoyaltyPointsDocument,
  ChangePasswordDocument,
  CreateAddressDocument,
  DeleteAccountDocument,
  ExportMyDataDocument,
  LoginDocument,
  OrderDocument,
  RefreshTokenDocument,
  RegisterDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  UpdatePreferencesDocument,
  UpdateProfileDocument,
} from './generated/graphql.js';
import { shopKit } from './shop-kit.js';

const PASSWORD = 'self-service-42';
const NEW_PASSWORD = 'brand-new-pass-77';

/** Issue 16: profile, password change and reset by mail, account deletion and data export through the gateway. */
describe('customer self-service through the gateway', () => {
  let stack: TestStack;
  let kit: ReturnType<typeof shopKit>;
  let mailDir: string;
  const previousMailDir = process.env.MAIL_DIR;

  beforeAll(async () => {
    // The customer subgraph reads MAIL_DIR when it starts; without SMTP_URL it writes each mail there.
    mailDir = await mkdtemp(join(tmpdir(), 'shopgraph-mail-'));
    process.env.MAIL_DIR = mailDir;
    stack = await startStack(STACK_APPS);
    kit = shopKit(stack);
  });
  afterAll(async () => {
    await stack?.stop();
    if (previousMailDir === undefined) delete process.env.MAIL_DIR;
    else process.env.MAIL_DIR = previousMailDir;
    await rm(mailDir, { recursive: true, force: true });
  });

  const sql = <T>(query: string, params: unknown[]) => stack.subgraphs.customer.runtime.orm.em.fork().execute<T[]>(query, params);

  const register = async (label: string) => {
    const email = `${label}.${Date.now().toString(36)}@example.com`;
    const data = await stack.client.data(RegisterDocument, {
      input: { email, password: PASSWORD, firstName: 'Self', lastName: 'Service' },
    });
    expect(data.register.userErrors).toEqual([]);
    return { email, id: data.register.customer!.id, token: data.register.token!.accessToken, refreshToken: data.register.refreshToken! };
  };
  const login = (email: string, password: string) => stack.client.data(LoginDocument, { input: { email, password } });
  const refresh = async (refreshToken: string) =>
    (await stack.client.data(RefreshTokenDocument, { input: { refreshToken } })).refreshToken.userErrors.map((e) => e.code);

  /** Waits (polling the folder, generous deadline) until `count` mails to `to` have been written. */
  const mailsTo = async (to: string, count: number): Promise<StoredMail[]> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mails = (await readMailFolder(mailDir)).filter((m) => m.to === to);
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const tokenOf = (mail: StoredMail) => /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';
  const requestReset = async (email: string) =>
    (await stack.client.data(RequestPasswordResetDocument, { input: { email } })).requestPasswordReset;
  const reset = async (token: string, newPassword = NEW_PASSWORD) =>
    (await stack.client.data(ResetPasswordDocument, { input: { token, newPassword } })).resetPassword;

  it('mails a reset link whose token works once and revokes every session', async () => {
    const shopper = await register('reset');
    const otherDevice = (await login(shopper.email, PASSWORD)).login.refreshToken!;
    // An unknown email gets exactly the answer a known one gets.
    const unknown = await requestReset('nobody.here@example.com');
    const known = await requestReset(shopper.email.toUpperCase());
    expect(known).toEqual({ accepted: true, userErrors: [] });
    expect(unknown).toEqual(known);

    const [mail] = await mailsTo(shopper.email, 1);
    expect(mail?.subject).toBe('Reset your shopgraph password');
    const token = tokenOf(mail!);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail!.text).toContain('http://localhost:3000/reset-password?token=');
    expect(mail!.html).toContain(`href="http://localhost:3000/reset-password?token=${token}"`);
    const stored = await sql<{ token_hash: string }>(`select token_hash from customer.password_reset_token where customer_id = ?`, [
      shopper.id,
    ]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    expect((await reset(token, 'short')).userErrors.map((e) => e.code)).toContain('WEAK_PASSWORD');
    expect(await reset(token)).toEqual({ reset: true, userErrors: [] });
    expect(await reset(token, 'another-pass-99')).toMatchObject({
      reset: false,
      userErrors: [{ code: 'INVALID_RESET_TOKEN', field: ['input', 'token'], message: 'The reset link was already used' }],
    });
    expect(await refresh(shopper.refreshToken)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(await refresh(otherDevice)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await login(shopper.email, PASSWORD)).login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(shopper.email, NEW_PASSWORD)).login.userErrors).toEqual([]);
  });

  it('refuses an expired reset token and leaves the password as it was', async () => {
    const shopper = await register('expired');
    await requestReset(shopper.email);
    const [mail] = await mailsTo(shopper.email, 1);
    await sql(`update customer.password_reset_token set expires_at = now() - interval '1 second' where customer_id = ?`, [shopper.id]);

    expect(await reset(tokenOf(mail!))).toMatchObject({
      reset: false,
      userErrors: [{ code: 'INVALID_RESET_TOKEN', message: 'The reset link has expired; ask for a new one' }],
    });
    expect((await reset('not-a-token-at-all')).userErrors.map((e) => e.message)).toEqual(['The reset link is not valid']);
    expect((await login(shopper.email, PASSWORD)).login.userErrors).toEqual([]);
    expect(await refresh(shopper.refreshToken)).toEqual([]);
  });

  it('changes the password with the current one and revokes every other sign-in', async () => {
    const shopper = await register('change');
    const otherDevice = (await login(shopper.email, PASSWORD)).login.refreshToken!;
    const change = async (currentPassword: string, newPassword: string) =>
      (await stack.client.data(ChangePasswordDocument, { input: { currentPassword, newPassword } }, { token: shopper.token }))
        .changePassword;

    expect((await change('wrong-pass-123', NEW_PASSWORD)).userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_CREDENTIALS', field: ['input', 'currentPassword'] }),
    ]);
    expect((await change(PASSWORD, 'password')).userErrors.map((e) => e.code)).toContain('WEAK_PASSWORD');
    expect(await refresh(otherDevice)).toEqual([]);

    const changed = await change(PASSWORD, NEW_PASSWORD);
    expect(changed.userErrors).toEqual([]);
    expect(await refresh(shopper.refreshToken)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await stack.client.data(RefreshTokenDocument, { input: { refreshToken: otherDevice } })).refreshToken.token).toBeNull();
    expect(await refresh(changed.refreshToken!)).toEqual([]);
    expect((await login(shopper.email, NEW_PASSWORD)).login.userErrors).toEqual([]);
  });

  it('updates the profile and exports everything kept about the customer', async () => {
    const shopper = await register('export');
    const as = { token: shopper.token };
    const updated = (await stack.client.data(UpdateProfileDocument, { input: { firstName: ' Linh ', lastName: 'Tran' } }, as))
      .updateProfile;
    expect(updated).toEqual({ customer: { id: shopper.id, firstName: 'Linh', lastName: 'Tran' }, userErrors: [] });
    expect(
      (await stack.client.data(UpdateProfileDocument, { input: { lastName: '  ' } }, as)).updateProfile.userErrors.map((e) => e.field),
    ).toEqual([['input', 'lastName']]);
    await stack.client.data(CreateAddressDocument, { input: { address: HANOI, makeDefaultFor: ['SHIPPING'] } }, as);
    await stack.client.data(
      AddPaymentMethodDocument,
      { input: { providerToken: 'tok_visa', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2031 } },
      as,
    );
    await stack.client.data(UpdatePreferencesDocument, { input: { marketingOptIn: true } }, as);
    await stack.client.data(
      AdjustLoyaltyPointsDocument,
      { input: { customerId: shopper.id, points: 25, reason: 'Welcome' } },
      { token: await kit.admin() },
    );

    const exported = (await stack.client.data(ExportMyDataDocument, undefined, as)).exportMyData!;
    expect(exported.profile).toMatchObject({ id: shopper.id, email: shopper.email, firstName: 'Linh', lastName: 'Tran' });
    expect(exported.addresses).toEqual([expect.objectContaining({ line1: HANOI.line1, isDefaultShipping: true })]);
    expect(exported.paymentMethods).toEqual([expect.objectContaining({ brand: 'VISA', last4: '4242' })]);
    expect(JSON.stringify(exported)).not.toContain('tok_visa');
    expect(exported.preferences).toEqual({ marketingOptIn: true, reviewRequestsOptIn: true });
    expect(exported.loyaltyLedger).toEqual([expect.objectContaining({ kind: 'ADJUST', points: 25, reason: 'Welcome' })]);
  });

  it('deletes an account: personal data erased, sign-in refused, its order and ledger kept', async () => {
    const checkout = checkoutKit(stack, kit.admin);
    const sku = demoProducts(60).flatMap((p) => p.variants.map((v) => v.sku))[150]!;
    await kit.setAvailable(sku, 5);
    const shopper = await register('delete');
    const as = { token: shopper.token };
    await stack.client.data(CreateAddressDocument, { input: { address: HANOI } }, as);
    await stack.client.data(
      AddPaymentMethodDocument,
      { input: { providerToken: 'tok_visa', brand: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2031 } },
      as,
    );
    const confirmed = await checkout.confirm(shopper.token, await checkout.ready(shopper.token, [{ sku, quantity: 1 }]));
    expect(confirmed.state).toBe('COMPLETED');
    const orderId = confirmed.order!.id;
    await requestReset(shopper.email);
    await mailsTo(shopper.email, 1);

    const remove = async (password: string) => (await stack.client.data(DeleteAccountDocument, { input: { password } }, as)).deleteAccount;
    expect(await remove('not-my-password-1')).toMatchObject({ deleted: false, userErrors: [{ code: 'INVALID_CREDENTIALS' }] });
    expect(await remove(PASSWORD)).toEqual({ deleted: true, userErrors: [] });

    const [row] = await sql<Record<string, unknown>>(`select * from customer.customer where id = ?`, [shopper.id]);
    expect(row).toMatchObject({
      email: `deleted-${shopper.id}@deleted.invalid`,
      first_name: 'Deleted',
      last_name: 'Customer',
      password_hash: 'erased',
      marketing_opt_in: false,
      default_shipping_address_id: null,
      deleted_at: expect.stringMatching(/^\d{4}-/),
    });
    expect(JSON.stringify(row)).not.toMatch(/self|service|example\.com/i);
    for (const table of ['address', 'payment_method', 'refresh_token', 'password_reset_token']) {
      expect(await sql(`select 1 from customer.${table} where customer_id = ?`, [shopper.id])).toEqual([]);
    }
    // The ledger keeps what the order earned, under the same customer and order.
    const ledger = await sql<{ kind: string; order_id: string }>(
      `select kind, order_id from customer.loyalty_entry where customer_id = ?`,
      [shopper.id],
    );
    expect(ledger).toEqual([{ kind: 'EARN', order_id: orderId }]);
    const order = (await stack.client.data(OrderDocument, { id: orderId }, { token: await kit.admin() })).order;
    expect(order).toMatchObject({ id: orderId, status: 'CONFIRMED' });

    expect((await login(shopper.email, PASSWORD)).login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    expect(await refresh(shopper.refreshToken)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await stack.client.data(ExportMyDataDocument, undefined, as)).exportMyData).toBeNull();
  });
});
