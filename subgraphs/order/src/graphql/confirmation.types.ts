import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { BigIntScalar, CurrencyCodeEnum, type CurrencyCode, MoneyType } from '@shopgraph/money';
import { ConfirmationState } from '../services/confirm-checkout.service.js';
import { CheckoutSession } from './checkout.types.js';
import { Order } from './types.js';

registerEnumType(ConfirmationState, {
  name: 'ConfirmationState',
  description:
    'Where a confirmation stands: COMPLETED (order paid), ACTION_REQUIRED (follow nextAction), PROCESSING (the order status follows), FAILED (see userErrors; nothing charged).',
});

/** The total the shopper saw in the preview. */
@InputType({ description: 'The total of the last preview the shopper agreed to.' })
export class ExpectedTotalInput {
  @Field(() => BigIntScalar, { description: 'Amount in minor units.' })
  amountMinor!: bigint;

  @Field(() => CurrencyCodeEnum, { description: 'Currency of the checkout.' })
  currencyCode!: CurrencyCode;
}

/** Input of `confirmCheckout`. */
@InputType({ description: 'Confirms a checkout session into an order.' })
export class ConfirmCheckoutInput {
  @Field(() => ID, { description: 'The open checkout session.' })
  checkoutSessionId!: string;

  @Field({
    description:
      'A key the client makes once per confirmation attempt (8-255 visible ASCII characters, e.g. a UUID). Sending it again returns the same outcome and never charges twice; a new attempt (after a decline) needs a new key.',
  })
  idempotencyKey!: string;

  @Field(() => ExpectedTotalInput, {
    description:
      'The total the shopper agreed to; if the checkout now costs something else, nothing is charged and TOTALS_CHANGED returns the fresh preview.',
  })
  expectedTotal!: ExpectedTotalInput;
}

/** What the shopper must do before the payment can finish. */
@ObjectType({ description: 'An action the shopper must complete (3-D Secure) before the payment can finish.' })
export class PaymentNextAction {
  @Field({ description: 'THREE_DS or REDIRECT.' })
  kind!: string;

  @Field({ description: 'Where to send the shopper.' })
  url!: string;
}

/** Result of `confirmCheckout`. */
@ObjectType({ description: 'Result of confirmCheckout.' })
export class ConfirmCheckoutPayload {
  @Field(() => ConfirmationState, { description: 'Where the confirmation stands.' })
  state!: ConfirmationState;

  @Field(() => Order, {
    nullable: true,
    description: 'The order, once it exists (CONFIRMED when paid; PENDING while the payment finishes).',
  })
  order!: Order | null;

  @Field(() => PaymentNextAction, {
    nullable: true,
    description: 'What the shopper must do when state is ACTION_REQUIRED; then confirm again with the same key.',
  })
  nextAction!: PaymentNextAction | null;

  @Field(() => CheckoutSession, {
    nullable: true,
    description: 'The checkout priced now, when a TOTALS_CHANGED refusal asks the shopper to review it.',
  })
  checkoutSession!: CheckoutSession | null;

  @Field(() => String, {
    nullable: true,
    description: "The provider's reason for a PAYMENT_DECLINED (card_declined, insufficient_funds, expired_card, …).",
  })
  declineCode!: string | null;

  @Field(() => [UserError], {
    description:
      'Why the order was not placed: PAYMENT_DECLINED, PAYMENT_FAILED, OUT_OF_STOCK, PROMOTION_UNAVAILABLE, TOTALS_CHANGED, CHECKOUT_EXPIRED, …',
  })
  userErrors!: UserError[];
}

/** A confirmation run, as staff see it. */
@ObjectType({ description: 'Admin: a checkout confirmation run (saga) and where it stands.' })
export class CheckoutSagaRun {
  @Field(() => ID, { description: 'The run.' })
  id!: string;

  @Field(() => ID, { description: 'The checkout session it confirms.' })
  checkoutSessionId!: string;

  @Field(() => ID, { description: 'The order id it allocated (the order may not exist).' })
  orderId!: string;

  @Field({ description: 'RUNNING, AWAITING_ACTION, COMPENSATING, COMPLETED, COMPENSATED or NEEDS_ATTENTION.' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'The step it is at.' })
  stepId!: string | null;

  @Field({ description: '`do` going forward, `undo` compensating.' })
  phase!: string;

  @Field(() => Int, { description: 'Attempts of the current step.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last error: code and message.' })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: 'The note of whoever resolved it by hand.' })
  note!: string | null;

  @Field({ description: 'When it started.' })
  createdAt!: Date;

  @Field({ description: 'When it last moved.' })
  updatedAt!: Date;
}

/** Result of an admin saga action. */
@ObjectType({ description: 'Result of retryCheckoutSaga or resolveCheckoutSaga.' })
export class CheckoutSagaPayload {
  @Field(() => CheckoutSagaRun, { nullable: true, description: 'The run after the action.' })
  run!: CheckoutSagaRun | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

/** The way an order was paid. */
@ObjectType({ description: 'How an order is paid: the card shown to the shopper and the amounts the payment ledger holds.' })
export class OrderPayment {
  @Field(() => ID, { description: 'The payment (our reference at the provider).' })
  id!: string;

  @Field({ description: 'Card brand.' })
  brand!: string;

  @Field({ description: 'Last four digits of the card.' })
  last4!: string;

  @Field({
    description:
      'NOT_PAID, ACTION_REQUIRED, AUTHORIZED, PARTIALLY_PAID, PAID, PARTIALLY_REFUNDED, REFUNDED, VOIDED or FAILED (from the ledger).',
  })
  status!: string;

  @Field(() => MoneyType, { description: 'Authorized and not yet captured or voided.' })
  authorized!: MoneyType;

  @Field(() => MoneyType, { description: 'Captured.' })
  captured!: MoneyType;

  @Field(() => MoneyType, { description: 'Refunded.' })
  refunded!: MoneyType;
}

/** The shipping method of an order. */
@ObjectType({ description: 'The shipping method of an order.' })
export class OrderShippingMethod {
  @Field({ description: 'Method code, e.g. STANDARD.' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;
}
