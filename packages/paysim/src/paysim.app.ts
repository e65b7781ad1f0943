import { inTransaction } from './transaction.js';
import { looksLikeCardNumber } from '@shopgraph/contracts/payment-method';
import type { Logger } from '@shopgraph/observability';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { newId } from './events.js';
import { errorReply, runIdempotent, type Operation, type OperationResult, type Reply } from './idempotency.js';
import { authorize, capture, refund, resolveThreeDSecure, voidPayment, type OperationSettings } from './payment-operations.js';
import { loadPayment, paymentsByReference, snapshots } from './payment-views.js';
import { brandOf, luhnValid, testCardByNumber, testCardByToken } from './test-cards.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** What the HTTP API runs on. */
export interface PaysimAppDeps {
  pool: pg.Pool;
  settings: OperationSettings;
  dispatcher: WebhookDispatcher;
  logger: Logger;
}

const minorUnits = z.string().regex(/^[1-9]\d{0,17}$/, 'a positive integer of minor units, as a string');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const tokenBody = z.object({
  number: z.string(),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^\d{3,4}$/),
});
const authorizeBody = z.object({ amount: minorUnits, currency, token: z.string().min(1).max(255), reference: z.string().min(1).max(255) });
const captureBody = z.object({ amount: minorUnits, currency: currency.optional() });
const refundBody = z.object({ amount: minorUnits, currency: currency.optional(), reason: z.string().max(500).optional() });
const voidBody = z.object({}).passthrough();

// Unref'd: a held-back answer must not keep a stopping process (or a test worker) alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
const send = (res: Response, reply: Reply) => res.status(reply.status).json(reply.body);

/** The simulator's HTTP API (Stripe-like JSON, `Idempotency-Key` on every payment POST). */
export function createPaysimApp(deps: PaysimAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));

  /** Validates, runs one idempotent operation, wakes the webhook loop after commit, then answers. */
  const idempotent =
    <S extends z.ZodType>(schema: S, run: (req: Request, body: z.infer<S>) => Operation) =>
    async (req: Request, res: Response) => {
      const key = req.header('idempotency-key');
      if (!key || key.length > 255)
        return send(
          res,
          errorReply(
            400,
            'invalid_request_error',
            'idempotency_key_missing',
            'Every POST needs an Idempotency-Key header (at most 255 characters)',
          ),
        );
      const parsed = schema.safeParse(req.body ?? {});
      if (!parsed.success) return send(res, errorReply(400, 'invalid_request_error', 'parameter_invalid', z.prettifyError(parsed.error)));
      const result: OperationResult = await runIdempotent(deps.pool, req.path, key, parsed.data, run(req, parsed.data));
      deps.dispatcher.wake();
      if (result.delayMs) await sleep(result.delayMs);
      return send(res, result.reply);
    };

  app.post('/v1/tokens', async (req, res) => {
    const parsed = tokenBody.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, errorReply(400, 'invalid_request_error', 'parameter_invalid', z.prettifyError(parsed.error)));
    const { expMonth, expYear } = parsed.data;
    const number = parsed.data.number.replace(/[\s-]/g, '');
    // The sim-only test numbers fail the Luhn check on purpose (no real card can carry them).
    const testCard = testCardByNumber(number);
    if (!testCard && (!/^\d{12,19}$/.test(number) || !luhnValid(number)))
      return send(res, errorReply(402, 'card_error', 'incorrect_number', 'Your card number is incorrect.'));
    const now = new Date();
    if (expYear * 12 + expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1)
      return send(res, errorReply(402, 'card_error', 'invalid_expiry_year', "Your card's expiration date is in the past."));
    // Any other valid number behaves like 4242 4242 4242 4242; only the behaviour is kept, never the number.
    const card = testCard ?? testCardByToken('tok_visa')!;
    const id = newId('tok');
    const brand = brandOf(number);
    const last4 = number.slice(-4);
    await deps.pool.query(
      'insert into paysim.card_token (id, test_card, brand, last4, exp_month, exp_year) values ($1, $2, $3, $4, $5, $6)',
      [id, card.token, brand, last4, expMonth, expYear],
    );
    return res.json({ id, card: { brand, last4, expMonth, expYear } });
  });

  app.post(
    '/v1/payments',
    idempotent(authorizeBody, (_req, body) => async (client, attempt) => {
      if (looksLikeCardNumber(body.token))
        return { reply: errorReply(400, 'invalid_request_error', 'card_number_refused', 'Send a token, never a card number') };
      return authorize(deps.settings, client, attempt, {
        amount: BigInt(body.amount),
        currency: body.currency,
        token: body.token,
        reference: body.reference,
      });
    }),
  );
  app.post(
    '/v1/payments/:psp/capture',
    idempotent(
      captureBody,
      (req, body) => (client) => capture(deps.settings, client, String(req.params.psp), BigInt(body.amount), body.currency),
    ),
  );
  app.post(
    '/v1/payments/:psp/void',
    idempotent(voidBody, (req) => (client) => voidPayment(deps.settings, client, String(req.params.psp))),
  );
  app.post(
    '/v1/payments/:psp/refunds',
    idempotent(
      refundBody,
      (req, body) => (client) => refund(deps.settings, client, String(req.params.psp), BigInt(body.amount), body.currency),
    ),
  );

  app.get('/v1/payments/:psp', async (req, res) => {
    const payment = await loadPayment(deps.pool, req.params.psp, false);
    if (!payment) return send(res, errorReply(404, 'invalid_request_error', 'resource_missing', `No such payment: ${req.params.psp}`));
    return res.json((await snapshots(deps.pool, [payment]))[0]);
  });

  app.get('/paysim/payments', async (req, res) => {
    const reference = typeof req.query.reference === 'string' ? req.query.reference : '';
    if (!reference) return send(res, errorReply(400, 'invalid_request_error', 'parameter_missing', 'reference is required'));
    return res.json({ data: await paymentsByReference(deps.pool, reference) });
  });

  app.get('/paysim/3ds/:psp', (req, res) => {
    const psp = encodeURIComponent(req.params.psp);
    res
      .type('html')
      .send(
        `<!doctype html><title>paysim 3-D Secure</title><h1>3-D Secure challenge</h1><p>Payment ${psp}</p>` +
          `<form method="post" action="/paysim/3ds/${psp}/approve"><button>Approve</button></form>` +
          `<form method="post" action="/paysim/3ds/${psp}/fail"><button>Fail</button></form>`,
      );
  });
  for (const decision of ['approve', 'fail'] as const) {
    app.post(`/paysim/3ds/:psp/${decision}`, async (req, res) => {
      const result = await inTransaction(deps.pool, (client) =>
        resolveThreeDSecure(client, String(req.params.psp), decision === 'approve'),
      );
      deps.dispatcher.wake();
      return send(res, result.reply);
    });
  }

  app.get(['/health', '/health/live', '/health/ready'], (_req, res) => res.json({ ok: true }));

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error === 'object' && error && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    if (status >= 500) deps.logger.error({ err: error }, 'paysim request failed');
    send(
      res,
      errorReply(
        status,
        status >= 500 ? 'api_error' : 'invalid_request_error',
        status >= 500 ? 'internal_error' : 'invalid_json',
        status >= 500 ? 'Internal error' : 'The body is not valid JSON',
      ),
    );
  });
  return app;
}
