import { defineWorkflow } from '@shopgraph/saga';
import { authorizePayment } from '../steps/authorize-payment.step.js';
import { capturePayment } from '../steps/capture-payment.step.js';
import { claimCheckout } from '../steps/claim-checkout.step.js';
import { closeCheckout } from '../steps/close-checkout.step.js';
import { confirmReservation } from '../steps/confirm-reservation.step.js';
import { createOrder } from '../steps/create-order.step.js';
import { earnPoints } from '../steps/earn-points.step.js';
import { extendReservation } from '../steps/extend-reservation.step.js';
import type { ConfirmPorts } from '../steps/ports.js';
import { recomputeTotals } from '../steps/recompute-totals.step.js';
import { redeemUsage } from '../steps/redeem-usage.step.js';

/** Name of the confirmation workflow (the `workflow` column of its runs). */
export const CONFIRM_CHECKOUT = 'confirm-checkout';

/**
 * A checkout session becomes one paid order. Everything up to the capture (the pivot) is undone in
 * reverse on a refusal or failure; everything after it is only retried forward.
 */
export const confirmCheckoutWorkflow = defineWorkflow<ConfirmPorts>(CONFIRM_CHECKOUT, [
  claimCheckout,
  extendReservation,
  recomputeTotals,
  redeemUsage,
  authorizePayment,
  createOrder,
  capturePayment,
  confirmReservation,
  earnPoints,
  closeCheckout,
]);
