import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TEST_CARDS, type CardBehaviour, type PaysimHandle, type TestCard } from '../src/index.js';
import { authorize, held, openPaysim, post, snapshot, waitFor } from './support.js';

/** Drives a card through the API and asserts it ends in its documented state. */
type Scenario = (sim: PaysimHandle, token: string, ref: string, card: TestCard) => Promise<void>;

const capture = (sim: PaysimHandle, psp: string, key: string, amount = '5000') => post(sim, `/v1/payments/${psp}/capture`, { amount }, key);

const SCENARIOS: Record<CardBehaviour, Scenario> = {
  succeeds: async (sim, token, ref) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    expect(auth).toMatchObject({ status: 200, body: { status: 'succeeded', amount: '5000', currency: 'USD' } });
    expect((await capture(sim, auth.body.pspReference, `${ref}:c`, '3000')).body.status).toBe('succeeded');
    expect((await post(sim, `/v1/payments/${auth.body.pspReference}/refunds`, { amount: '1000' }, `${ref}:r`)).body.status).toBe(
      'succeeded',
    );
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({
      status: 'captured',
      authorized: '5000',
      captured: '3000',
      refunded: '1000',
    });
    const other = await authorize(sim, token, ref, `${ref}:a2`);
    expect((await post(sim, `/v1/payments/${other.body.pspReference}/void`, {}, `${ref}:v`)).body.status).toBe('succeeded');
    expect(await snapshot(sim, other.body.pspReference)).toMatchObject({ status: 'voided', voided: '5000', captured: '0' });
  },
  declined: async (sim, token, ref, card) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    expect(auth).toMatchObject({ status: 402, body: { error: { type: 'card_error', code: card.declineCode } } });
    expect(await snapshot(sim, auth.body.error.pspReference)).toMatchObject({ status: 'declined', authorized: '0' });
  },
  processing_error: async (sim, token, ref) => {
    const first = await authorize(sim, token, ref, `${ref}:a`);
    expect(first).toMatchObject({ status: 500, body: { error: { code: 'processing_error', retryable: true } } });
    expect(await held(sim, ref)).toHaveLength(0);
    const retry = await authorize(sim, token, ref, `${ref}:a`);
    expect(retry).toMatchObject({ status: 200, body: { status: 'succeeded' } });
    expect((await authorize(sim, token, ref, `${ref}:a`)).body.pspReference).toBe(retry.body.pspReference);
    expect(await held(sim, ref)).toHaveLength(1);
  },
  three_d_secure: async (sim, token, ref) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    expect(auth).toMatchObject({
      status: 200,
      body: { status: 'requires_action', nextAction: { type: 'three_d_secure', url: `${sim.url}/paysim/3ds/${auth.body.pspReference}` } },
    });
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ status: 'requires_action', authorized: '0' });
    expect((await post(sim, `/paysim/3ds/${auth.body.pspReference}/approve`, {}, null)).status).toBe(200);
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ status: 'authorized', authorized: '5000' });
    const failing = await authorize(sim, token, ref, `${ref}:b`);
    await post(sim, `/paysim/3ds/${failing.body.pspReference}/fail`, {}, null);
    const failed = await snapshot(sim, failing.body.pspReference);
    expect(failed).toMatchObject({ status: 'failed', authorized: '0' });
    expect(failed.events.map((e) => [e.type, e.code])).toEqual([['authorization.failed', 'authentication_failed']]);
  },
  capture_fails: async (sim, token, ref) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    expect(auth.body.status).toBe('succeeded');
    expect(await capture(sim, auth.body.pspReference, `${ref}:c`)).toMatchObject({
      status: 402,
      body: { error: { type: 'payment_failed', code: 'capture_failed' } },
    });
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ status: 'authorized', captured: '0' });
  },
  timeout_after_effect: async (sim, token, ref) => {
    const started = Date.now();
    const first = await authorize(sim, token, ref, `${ref}:a`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    const retry = await authorize(sim, token, ref, `${ref}:a`);
    expect(retry).toEqual(first);
    expect((await held(sim, ref)).map((p) => p.status)).toEqual(['authorized']);
  },
  void_fails: async (sim, token, ref) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    expect(await capture(sim, auth.body.pspReference, `${ref}:c`)).toMatchObject({
      status: 402,
      body: { error: { code: 'capture_failed' } },
    });
    expect(await post(sim, `/v1/payments/${auth.body.pspReference}/void`, {}, `${ref}:v`)).toMatchObject({
      status: 402,
      body: { error: { code: 'void_failed' } },
    });
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ status: 'authorized', voided: '0' });
    // Once the fault clears, a new void request (a new key: the refused one is stored) goes through.
    sim.faults.voidFails = false;
    try {
      expect(await post(sim, `/v1/payments/${auth.body.pspReference}/void`, {}, `${ref}:v2`)).toMatchObject({ status: 200 });
      expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ status: 'voided', voided: '5000' });
    } finally {
      sim.faults.voidFails = true;
    }
  },
  async_capture: async (sim, token, ref) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    expect(await capture(sim, auth.body.pspReference, `${ref}:c`)).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ capturePending: '5000', captured: '0' });
    await waitFor(async () => (await snapshot(sim, auth.body.pspReference)).captured === '5000');
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ status: 'captured', capturePending: '0' });
  },
  refund_fails: async (sim, token, ref) => {
    const auth = await authorize(sim, token, ref, `${ref}:a`);
    await capture(sim, auth.body.pspReference, `${ref}:c`);
    expect(await post(sim, `/v1/payments/${auth.body.pspReference}/refunds`, { amount: '5000' }, `${ref}:r`)).toMatchObject({
      status: 202,
      body: { status: 'pending' },
    });
    await waitFor(async () => (await snapshot(sim, auth.body.pspReference)).events.some((e) => e.type === 'refund.failed'));
    expect(await snapshot(sim, auth.body.pspReference)).toMatchObject({ refunded: '0', refundPending: '0', captured: '5000' });
  },
};

describe('paysim test cards', () => {
  let opened: Awaited<ReturnType<typeof openPaysim>>;
  beforeAll(async () => {
    opened = await openPaysim();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it.each(TEST_CARDS.map((card) => [card.token, card] as const))('%s ends in its documented state', async (token, card) => {
    await SCENARIOS[card.behaviour](opened.sim, token, `order-${token}`, card);
  });

  it.each(TEST_CARDS.map((card) => [card.number, card] as const))(
    'tokenizing %s gives a token that behaves like its fixed token',
    async (number, card) => {
      const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
      const tokenized = await post(opened.sim, '/v1/tokens', { number: spaced, expMonth: 12, expYear: 2040, cvc: '123' }, null);
      expect(tokenized).toMatchObject({ status: 200, body: { card: { last4: number.slice(-4), expMonth: 12, expYear: 2040 } } });
      expect(tokenized.body.id).toMatch(/^tok_[0-9a-f]{24}$/);
      await SCENARIOS[card.behaviour](opened.sim, tokenized.body.id, `order-tokenized-${number}`, card);
    },
  );

  it('keeps no card number and refuses a card number in the token field', async () => {
    await post(opened.sim, '/v1/tokens', { number: '4242424242424242', expMonth: 1, expYear: 2041, cvc: '999' }, null);
    const client = new pg.Client({ connectionString: opened.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "select count(*)::int as n from paysim.card_token t where row_to_json(t)::text like '%4242424242%'",
      );
      expect(rows[0].n).toBe(0);
      const columns = await client.query(
        "select column_name from information_schema.columns where table_schema = 'paysim' and table_name = 'card_token' order by ordinal_position",
      );
      expect(columns.rows.map((r) => r.column_name)).toEqual(['id', 'test_card', 'brand', 'last4', 'exp_month', 'exp_year', 'created_at']);
    } finally {
      await client.end();
    }
    expect(await authorize(opened.sim, '4242 4242 4242 4242', 'order-raw', 'raw')).toMatchObject({
      status: 400,
      body: { error: { code: 'card_number_refused' } },
    });
    expect(
      (await post(opened.sim, '/v1/tokens', { number: '4242424242424241', expMonth: 1, expYear: 2041, cvc: '999' }, null)).body.error.code,
    ).toBe('incorrect_number');
  });

  it('documents every test card in the README', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const card of TEST_CARDS) {
      expect(readme).toContain(card.number.replace(/(\d{4})(?=\d)/g, '$1 '));
      expect(readme).toContain(`\`${card.token}\``);
    }
  });
});
