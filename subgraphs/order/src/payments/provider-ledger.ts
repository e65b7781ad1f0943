import type { PaymentEventType, PaymentLedgerEvent } from '../domain/payment-ledger.js';
import type { ProviderEvent, ProviderEventType } from './payment-provider.js';

/** The ledger event type a provider outcome is recorded as. */
export const LEDGER_TYPE_OF_PROVIDER_EVENT: Record<ProviderEventType, PaymentEventType> = {
  'authorization.succeeded': 'AUTHORIZATION_SUCCESS',
  'authorization.failed': 'AUTHORIZATION_FAILURE',
  'capture.succeeded': 'CHARGE_SUCCESS',
  'capture.failed': 'CHARGE_FAILURE',
  'void.succeeded': 'CANCEL_SUCCESS',
  'void.failed': 'CANCEL_FAILURE',
  'refund.succeeded': 'REFUND_SUCCESS',
  'refund.failed': 'REFUND_FAILURE',
};

/** A provider event as a ledger event, keyed by the provider's event id so a redelivery folds once. */
export function ledgerEventOf(event: ProviderEvent): PaymentLedgerEvent {
  return { type: LEDGER_TYPE_OF_PROVIDER_EVENT[event.type], amountMinor: event.amount?.amountMinor ?? 0n, pspEventId: event.id };
}
