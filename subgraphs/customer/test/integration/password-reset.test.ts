import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readMailFolder } from '@shopgraph/mail';
import { mailerOf } from '../../src/services/mailer.service.js';
import { issuePasswordReset } from '../../src/services/password.service.js';
import { type CustomerSubgraph, startCustomerSubgraph } from './subgraph-client.js';

/** Issue 16: reset mails are limited per account, even when requests arrive together. */
describe('password reset issuing', () => {
  let subgraph: CustomerSubgraph;
  let mailDir: string;
  const previousMailDir = process.env.MAIL_DIR;

  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'customer-mail-'));
    process.env.MAIL_DIR = mailDir;
    subgraph = await startCustomerSubgraph();
  });
  afterAll(async () => {
    await subgraph?.stop();
    if (previousMailDir === undefined) delete process.env.MAIL_DIR;
    else process.env.MAIL_DIR = previousMailDir;
    await rm(mailDir, { recursive: true, force: true });
  });

  it('sends at most the hourly limit for one account under parallel requests, and nothing for an unknown email', async () => {
    const registered = await subgraph.call(
      'mutation($input: RegisterInput!) { register(input: $input) { customer { id } userErrors { code } } }',
      { input: { email: 'limit@example.com', password: 'secret-pass-42', firstName: 'Li', lastName: 'Mit' } },
    );
    const customerId: string = registered.data!.register.customer.id;
    const { runtime } = subgraph.running;
    const rules = { ttlMinutes: 30, maxPerHour: 3, pageUrl: 'https://shop.example/reset' };
    const issue = (email: string) => issuePasswordReset(runtime.orm.em.fork(), mailerOf(runtime), runtime.logger, rules, email);

    await Promise.all([...Array.from({ length: 6 }, () => issue('Limit@Example.com')), issue('unknown@example.com')]);

    const mails = await readMailFolder(mailDir);
    expect(mails.map((m) => m.to)).toEqual(['limit@example.com', 'limit@example.com', 'limit@example.com']);
    expect(new Set(mails.map((m) => /token=([\w-]+)/.exec(m.text)?.[1])).size).toBe(3);
    const rows = await runtime.orm.em.fork().execute<{ customer_id: string }[]>(`select customer_id from customer.password_reset_token`);
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ customer_id: customerId })));
  });
});
