import { defineWorkflow } from '@shopgraph/saga';
import { cancelOrder } from '../steps/cancel-order.step.js';
import type { ConfirmPorts } from '../steps/ports.js';
import { revertUsage } from '../steps/revert-usage.step.js';
import { voidOrRefundPayment } from '../steps/void-or-refund-payment.step.js';

/** Name of the cancellation workflow (the `workflow` column of its runs). */
export const CANCEL_ORDER = 'cancel-order';

/**
 * An order is cancelled before its first shipment: the decision first (the pivot: nothing is
 * given back for an order that may still ship), then money and usage back, each retried forward
 * until done or, after its retries, left for staff (NEEDS_ATTENTION, dead letter). The stock is
 * inventory's to put back, from the event (no internal field lets this subgraph restock).
 */
export const cancelOrderWorkflow = defineWorkflow<ConfirmPorts>(CANCEL_ORDER, [cancelOrder, voidOrRefundPayment, revertUsage]);
