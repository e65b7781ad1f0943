import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import type { OrderConfig } from '../config.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { ConfirmPorts } from '../steps/ports.js';
import { checkoutPort } from './checkout-confirmation.service.js';
import { earnPoints, redeemPoints, reversePoints } from './customer.client.js';
import { confirmReservation, extendReservation } from './inventory.client.js';
import { cancelInTransaction } from './order-lifecycle.service.js';
import { abandonMoneyMove, beginMoneyMove, finishMoneyMove } from './money-moves.service.js';
import { orderWriter } from './order-writer.service.js';
import { paymentLedger } from './payment-ledger.service.js';
import { redeemPromotions, reversePromotions } from './promotion.client.js';

/** Builds the narrow ports of the confirmation steps once, from the runtime and the provider. */
export function confirmPorts(runtime: SubgraphRuntime, provider: PaymentProvider, config: OrderConfig): ConfirmPorts {
  const fork = (): EntityManager => runtime.orm.em.fork() as EntityManager;
  return {
    checkout: checkoutPort(fork, runtime),
    inventory: {
      extend: (reservationId, seconds) => extendReservation(runtime, reservationId, seconds),
      confirm: (reservationId) => confirmReservation(runtime, reservationId),
    },
    promotions: {
      redeem: (orderId, buyerId, snapshot) =>
        redeemPromotions(runtime, orderId, buyerId, {
          currency: snapshot.currency as never,
          lines: snapshot.promotionCart.lines.map((l) => ({ ...l, unitPriceMinor: BigInt(l.unitPriceMinor) })),
          shippingAmountMinor: BigInt(snapshot.promotionCart.shippingAmountMinor),
          codes: snapshot.promotionCart.codes,
          segments: snapshot.segments,
        }),
      reverse: (orderId) => reversePromotions(runtime, orderId),
    },
    loyalty: {
      redeem: (customerId, orderId, points) => redeemPoints(runtime, customerId, orderId, points),
      earn: (customerId, orderId, points, amount) => earnPoints(runtime, customerId, orderId, points, amount),
      reverse: (customerId, orderId) => reversePoints(runtime, customerId, orderId),
    },
    provider,
    ledger: paymentLedger(fork),
    orders: orderWriter(),
    lifecycle: {
      cancel: (tx, input) => cancelInTransaction(tx, input, config.RETURN_WINDOW_DAYS),
      beginMoneyMove,
      abandonMoneyMove: (plan, key) => abandonMoneyMove(fork(), plan, key),
      finishMoneyMove,
    },
    settings: {
      baseCurrency: runtime.config.BASE_CURRENCY,
      earnMinorPerPoint: config.LOYALTY_EARN_MINOR_PER_POINT,
      holdSeconds: config.CONFIRM_HOLD_SECONDS,
      actionDeadlineSeconds: config.PAYMENT_ACTION_DEADLINE_SECONDS,
      providerTimeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
    },
  };
}
