import { createHmac, timingSafeEqual } from 'node:crypto';
import { looksLikeCardNumber } from '@shopgraph/contracts/payment-method';
import { isCurrencyCode, money, type CurrencyCode, type Money } from '@shopgraph/money';
import { request } from 'undici';
import {
  PaymentProviderError,
  WebhookSignatureError,
  type AuthorizeRequest,
  type CallOptions,
  type DeclineCode,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderEventType,
  type ProviderResult,
  type ProviderSnapshot,
} from './payment-provider.js';

/** Where the simulator runs and the secret its webhooks are signed with. */
export interface PaysimProviderOptions {
  baseUrl: string;
  webhookSecret: string;
  /** Oldest accepted webhook signature, in seconds (default 300). */
  toleranceSeconds?: number;
}

const EVENT_TYPES: readonly ProviderEventType[] = [
  'authorization.succeeded',
  'authorization.failed',
  'capture.succeeded',
  'capture.failed',
  'void.succeeded',
  'void.failed',
  'refund.succeeded',
  'refund.failed',
];
const DECLINE_CODES: readonly DeclineCode[] = ['card_declined', 'insufficient_funds', 'expired_card', 'authentication_failed'];
const SNAPSHOT_STATUS: Record<string, ProviderSnapshot['status']> = {
  requires_action: 'REQUIRES_ACTION',
  authorized: 'AUTHORIZED',
  captured: 'CAPTURED',
  refunded: 'REFUNDED',
  voided: 'VOIDED',
  declined: 'DECLINED',
  failed: 'FAILED',
};
const READ_TIMEOUT_MS = 10_000;

interface PaysimError {
  error?: { type?: string; code?: string; message?: string };
}
interface PaysimResult extends PaysimError {
  pspReference?: string;
  status?: string;
  amount?: string;
  currency?: string;
  eventId?: string;
  nextAction?: { type: string; url: string };
}
interface PaysimEventBody {
  id: string;
  type: string;
  amount?: string | null;
  code?: string | null;
  message?: string | null;
  /** The Idempotency-Key of the request the event reports on (webhooks only). */
  operationKey?: string | null;
}

/** The shop's adapter to the payment simulator's HTTP API; it never logs or sends a card number. */
export class PaysimProvider implements PaymentProvider {
  readonly code = 'paysim';
  private readonly baseUrl: string;

  constructor(private readonly options: PaysimProviderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async authorize(r: AuthorizeRequest, o: CallOptions): Promise<ProviderResult> {
    // A card number in the token field must never leave the shop, not even to the simulator.
    if (looksLikeCardNumber(r.token))
      return { outcome: 'FAILED', retryable: false, code: 'card_number_refused', message: 'Send a provider token, never a card number' };
    return this.post(
      '/v1/payments',
      { amount: r.amount.amountMinor.toString(), currency: r.amount.currency, token: r.token, reference: r.paymentId },
      r.amount.currency,
      o,
    );
  }

  async capture(r: { pspReference: string; amount: Money }, o: CallOptions): Promise<ProviderResult> {
    return this.post(
      `/v1/payments/${encodeURIComponent(r.pspReference)}/capture`,
      { amount: r.amount.amountMinor.toString(), currency: r.amount.currency },
      r.amount.currency,
      o,
    );
  }

  async void(r: { pspReference: string }, o: CallOptions): Promise<ProviderResult> {
    return this.post(`/v1/payments/${encodeURIComponent(r.pspReference)}/void`, {}, undefined, o);
  }

  async refund(r: { pspReference: string; amount: Money; reason?: string }, o: CallOptions): Promise<ProviderResult> {
    const body = { amount: r.amount.amountMinor.toString(), currency: r.amount.currency, ...(r.reason ? { reason: r.reason } : {}) };
    return this.post(`/v1/payments/${encodeURIComponent(r.pspReference)}/refunds`, body, r.amount.currency, o);
  }

  async retrieve(pspReference: string): Promise<ProviderSnapshot> {
    let statusCode: number;
    let body: Record<string, unknown>;
    try {
      const response = await request(`${this.baseUrl}/v1/payments/${encodeURIComponent(pspReference)}`, {
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
      statusCode = response.statusCode;
      body = (await response.body.json()) as Record<string, unknown>;
    } catch (error) {
      throw new PaymentProviderError('UNAVAILABLE', `paysim did not answer: ${String((error as { message?: unknown }).message ?? error)}`);
    }
    if (statusCode === 404) throw new PaymentProviderError('NOT_FOUND', `paysim has no payment ${pspReference}`);
    if (statusCode !== 200) throw new PaymentProviderError('UNAVAILABLE', `paysim answered HTTP ${statusCode}`);
    const currency = currencyOf(body.currency);
    const amount = (key: string) => money(BigInt(String(body[key])), currency);
    const reference = String(body.reference);
    return {
      pspReference: String(body.pspReference),
      reference,
      status: SNAPSHOT_STATUS[String(body.status)] ?? 'FAILED',
      authorized: amount('authorized'),
      captured: amount('captured'),
      refunded: amount('refunded'),
      voided: amount('voided'),
      capturePending: amount('capturePending'),
      refundPending: amount('refundPending'),
      events: (body.events as PaysimEventBody[]).map((e) => toEvent(e, String(body.pspReference), reference, currency)),
    };
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string>): ProviderEvent {
    const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'paysim-signature')?.[1];
    if (!header) throw new WebhookSignatureError('Missing Paysim-Signature header');
    const parts = header.split(',').map((part) => part.split('=', 2) as [string, string | undefined]);
    const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
    const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
    if (!Number.isInteger(timestamp) || signatures.length === 0) throw new WebhookSignatureError('Malformed Paysim-Signature header');
    if (Math.abs(Date.now() / 1000 - timestamp) > (this.options.toleranceSeconds ?? 300))
      throw new WebhookSignatureError('Webhook signature timestamp outside the tolerance');
    const expected = createHmac('sha256', this.options.webhookSecret).update(`${timestamp}.`).update(rawBody).digest();
    const valid = signatures.some((hex) => {
      const given = Buffer.from(hex, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!valid) throw new WebhookSignatureError('Webhook signature does not match');
    let payload: { id?: unknown; type?: unknown; data?: Record<string, unknown> };
    try {
      payload = JSON.parse(rawBody.toString('utf8')) as typeof payload;
    } catch {
      throw new PaymentProviderError('MALFORMED', 'Webhook body is not JSON');
    }
    const data = payload.data ?? {};
    if (typeof payload.id !== 'string' || typeof data.pspReference !== 'string' || typeof data.reference !== 'string') {
      throw new PaymentProviderError('MALFORMED', 'Webhook body lacks id, pspReference or reference');
    }
    return toEvent(
      {
        id: payload.id,
        type: String(payload.type),
        amount: data.amount as string | undefined,
        code: data.code as string | undefined,
        message: data.message as string | undefined,
        operationKey: data.operationKey as string | undefined,
      },
      data.pspReference,
      data.reference,
      currencyOf(data.currency),
    );
  }

  /** One idempotent POST, mapped to a `ProviderResult`; a timeout or connection error is an unknown outcome. */
  private async post(path: string, body: object, currency: CurrencyCode | undefined, o: CallOptions): Promise<ProviderResult> {
    let statusCode: number;
    let answer: PaysimResult;
    const signal = AbortSignal.timeout(o.timeoutMs);
    try {
      const response = await request(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': o.idempotencyKey },
        body: JSON.stringify(body),
        signal,
      });
      statusCode = response.statusCode;
      answer = (await response.body.json()) as PaysimResult;
    } catch (error) {
      // The request may have taken effect: the caller retries with the same key or calls retrieve().
      return signal.aborted
        ? {
            outcome: 'FAILED',
            retryable: true,
            code: 'timeout',
            message: `paysim did not answer within ${o.timeoutMs} ms; retry with the same key`,
          }
        : {
            outcome: 'FAILED',
            retryable: true,
            code: 'unreachable',
            message: `paysim unreachable: ${String((error as { message?: unknown }).message ?? error)}`,
          };
    }
    return toResult(statusCode, answer, currency);
  }
}

function toResult(statusCode: number, answer: PaysimResult, requested: CurrencyCode | undefined): ProviderResult {
  const error = answer.error;
  if (statusCode >= 200 && statusCode < 300 && answer.pspReference) {
    if (answer.status === 'pending') return { outcome: 'PENDING', pspReference: answer.pspReference };
    if (answer.status === 'requires_action' && answer.nextAction)
      return { outcome: 'ACTION_REQUIRED', pspReference: answer.pspReference, action: { kind: 'THREE_DS', url: answer.nextAction.url } };
    const currency = currencyOf(answer.currency);
    if (requested && currency !== requested)
      return {
        outcome: 'FAILED',
        retryable: false,
        code: 'currency_mismatch',
        message: `paysim answered in ${currency}, asked ${requested}`,
      };
    return {
      outcome: 'SUCCEEDED',
      pspReference: answer.pspReference,
      amount: money(BigInt(answer.amount ?? '0'), currency),
      ...(answer.eventId ? { pspEventId: answer.eventId } : {}),
    };
  }
  const code = error?.code ?? `http_${statusCode}`;
  const message = error?.message ?? `paysim answered HTTP ${statusCode}`;
  if (error?.type === 'card_error' && DECLINE_CODES.includes(code as DeclineCode))
    return { outcome: 'DECLINED', code: code as DeclineCode, message };
  if (error?.type === 'card_error') return { outcome: 'DECLINED', code: 'card_declined', message };
  return { outcome: 'FAILED', retryable: statusCode >= 500 || statusCode === 429, code, message };
}

function currencyOf(value: unknown): CurrencyCode {
  const code = String(value);
  if (!isCurrencyCode(code)) throw new PaymentProviderError('MALFORMED', `Unsupported currency from paysim: ${code}`);
  return code;
}

function toEvent(e: PaysimEventBody, pspReference: string, reference: string, currency: CurrencyCode): ProviderEvent {
  if (!EVENT_TYPES.includes(e.type as ProviderEventType))
    throw new PaymentProviderError('MALFORMED', `Unknown paysim event type ${e.type}`);
  return {
    id: e.id,
    type: e.type as ProviderEventType,
    pspReference,
    reference,
    ...(e.amount ? { amount: money(BigInt(e.amount), currency) } : {}),
    ...(e.code ? { code: e.code } : {}),
    ...(e.message ? { message: e.message } : {}),
    ...(e.operationKey ? { operationKey: e.operationKey } : {}),
  };
}
