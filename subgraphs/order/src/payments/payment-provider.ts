import type { Money } from '@shopgraph/money';

/** What the shop asks a provider to authorize (manual capture): `paymentId` is our reference, `token` the provider's card token. */
export interface AuthorizeRequest {
  paymentId: string;
  amount: Money;
  token: string;
}

/**
 * Per-call options. The key is persisted before the first attempt and reused on every retry
 * (`${runId}:${stepId}`, `:undo` for the compensation), so the provider answers a retry with its
 * first outcome; `timeoutMs` bounds the whole call.
 */
export interface CallOptions {
  idempotencyKey: string;
  timeoutMs: number;
}

/** Why an issuer refused an authorization; final, never retried. */
export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'expired_card' | 'authentication_failed';

/**
 * What a provider call answered, saying whether the outcome is final. A timeout or lost
 * connection is `FAILED` retryable (`timeout` / `unreachable`): an unknown outcome, settled by
 * a retry with the same key or by `retrieve()`.
 */
export type ProviderResult =
  | {
      outcome: 'SUCCEEDED';
      pspReference: string;
      amount: Money;
      /** The provider's event id of this outcome, when it sends one by webhook too. */ pspEventId?: string;
    }
  | { outcome: 'PENDING'; pspReference: string }
  | { outcome: 'ACTION_REQUIRED'; pspReference: string; action: { kind: 'REDIRECT' | 'THREE_DS'; url: string } }
  | { outcome: 'DECLINED'; code: DeclineCode; message: string }
  | { outcome: 'FAILED'; retryable: boolean; code: string; message: string };

/** Kinds of outcome a provider reports by webhook (and lists in a snapshot). */
export type ProviderEventType =
  | 'authorization.succeeded'
  | 'authorization.failed'
  | 'capture.succeeded'
  | 'capture.failed'
  | 'void.succeeded'
  | 'void.failed'
  | 'refund.succeeded'
  | 'refund.failed';

/** One outcome reported by the provider; `id` is unique per event and deduplicates redeliveries. */
export interface ProviderEvent {
  id: string;
  type: ProviderEventType;
  pspReference: string;
  /** Our reference (the `paymentId` of the authorization). */
  reference: string;
  amount?: Money;
  code?: string;
  message?: string;
  /** The idempotency key of the request whose outcome this reports: the ledger keys the fact by it. */
  operationKey?: string;
}

/** What the provider holds about one payment: the way to settle an unknown outcome. */
export interface ProviderSnapshot {
  pspReference: string;
  reference: string;
  status: 'REQUIRES_ACTION' | 'AUTHORIZED' | 'CAPTURED' | 'REFUNDED' | 'VOIDED' | 'DECLINED' | 'FAILED';
  authorized: Money;
  captured: Money;
  refunded: Money;
  voided: Money;
  capturePending: Money;
  refundPending: Money;
  /** Every event of the payment, oldest first (the same ids as their webhooks). */
  events: ProviderEvent[];
}

/** A payment provider as the checkout saga and the webhook endpoint use it (PAYMENTS.md). */
export interface PaymentProvider {
  /** Path segment of the provider's webhook endpoint, e.g. `paysim`. */
  readonly code: string;
  authorize(r: AuthorizeRequest, o: CallOptions): Promise<ProviderResult>;
  capture(r: { pspReference: string; amount: Money }, o: CallOptions): Promise<ProviderResult>;
  void(r: { pspReference: string }, o: CallOptions): Promise<ProviderResult>;
  refund(r: { pspReference: string; amount: Money; reason?: string }, o: CallOptions): Promise<ProviderResult>;
  /** Reads the provider's state of a payment; throws `PaymentProviderError` when it cannot. */
  retrieve(pspReference: string): Promise<ProviderSnapshot>;
  /** Verifies and parses a webhook from its raw body; throws `WebhookSignatureError` on a bad signature. */
  parseWebhook(rawBody: Buffer, headers: Record<string, string>): ProviderEvent;
}

/** A webhook whose signature is missing, malformed, stale or wrong: answer 400 and fold nothing. */
export class WebhookSignatureError extends Error {
  readonly code = 'WEBHOOK_SIGNATURE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** A provider read that did not answer usefully (unknown payment, unreachable provider, malformed payload). */
export class PaymentProviderError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'UNAVAILABLE' | 'MALFORMED',
    message: string,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}
