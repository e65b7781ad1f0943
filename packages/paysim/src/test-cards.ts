import { CardBrand } from '@shopgraph/contracts/payment-method';

/** How a simulated card behaves through authorize, capture, void and refund. */
export type CardBehaviour =
  | 'succeeds'
  | 'declined'
  | 'processing_error'
  | 'three_d_secure'
  | 'capture_fails'
  | 'timeout_after_effect'
  | 'void_fails'
  | 'async_capture'
  | 'refund_fails';

/** Reasons an issuer refuses an authorization. */
export type SimDeclineCode = 'card_declined' | 'insufficient_funds' | 'expired_card' | 'authentication_failed';

/** One documented test card and its fixed, deterministic token. */
export interface TestCard {
  token: string;
  number: string;
  behaviour: CardBehaviour;
  /** The decline reason of a `declined` card. */
  declineCode?: SimDeclineCode;
  /** Not a Stripe test number: a rule of this simulator only. */
  simOnly: boolean;
  description: string;
}

/**
 * The test cards, Stripe's numbers wherever Stripe has the case. The README table and the tests are
 * derived from this list, so a new card is documented and tested by adding it here.
 */
export const TEST_CARDS: readonly TestCard[] = [
  {
    token: 'tok_visa',
    number: '4242424242424242',
    behaviour: 'succeeds',
    simOnly: false,
    description: 'authorize, capture, void and refund all succeed',
  },
  {
    token: 'tok_chargeDeclined',
    number: '4000000000000002',
    behaviour: 'declined',
    declineCode: 'card_declined',
    simOnly: false,
    description: 'authorize DECLINED `card_declined`',
  },
  {
    token: 'tok_chargeDeclinedInsufficientFunds',
    number: '4000000000009995',
    behaviour: 'declined',
    declineCode: 'insufficient_funds',
    simOnly: false,
    description: 'authorize DECLINED `insufficient_funds`',
  },
  {
    token: 'tok_chargeDeclinedExpiredCard',
    number: '4000000000000069',
    behaviour: 'declined',
    declineCode: 'expired_card',
    simOnly: false,
    description: 'authorize DECLINED `expired_card`',
  },
  {
    token: 'tok_processingError',
    number: '4000000000000119',
    behaviour: 'processing_error',
    simOnly: false,
    description:
      'authorize FAILED retryable `processing_error` on the first attempt per idempotency key, succeeds on retry (the retry rule is sim-only)',
  },
  {
    token: 'tok_threeDSecureRequired',
    number: '4000002760003184',
    behaviour: 'three_d_secure',
    simOnly: false,
    description:
      'authorize ACTION_REQUIRED (3-D Secure); the outcome arrives by webhook after `POST /paysim/3ds/:pspReference/approve` or `/fail`',
  },
  {
    token: 'tok_captureFails',
    number: '4000000000000341',
    behaviour: 'capture_fails',
    simOnly: false,
    description: 'authorize succeeds, capture FAILED (final)',
  },
  {
    token: 'tok_timeoutAfterEffect',
    number: '4000000000001000',
    behaviour: 'timeout_after_effect',
    simOnly: true,
    description:
      'authorizes, but the first response comes after `slowResponseMs` (past the client timeout); a retry with the same key gets the stored result at once',
  },
  {
    token: 'tok_voidFails',
    number: '4000000000002000',
    behaviour: 'void_fails',
    simOnly: true,
    description:
      'authorize succeeds, capture FAILED (final) and void FAILED while the `voidFails` fault is on (the default): drives the dead-letter path',
  },
  {
    token: 'tok_asyncCapture',
    number: '4000000000003000',
    behaviour: 'async_capture',
    simOnly: true,
    description: 'capture PENDING, then a `capture.succeeded` webhook after `asyncDelayMs`',
  },
  {
    token: 'tok_refundFails',
    number: '4000000000004000',
    behaviour: 'refund_fails',
    simOnly: true,
    description: 'refund PENDING, then a `refund.failed` webhook after `asyncDelayMs`',
  },
];

/** The test card with this fixed token, if any. */
export function testCardByToken(token: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.token === token);
}

/** The test card with this number (digits only), if any. */
export function testCardByNumber(number: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.number === number);
}

/** Whether a card number passes the Luhn checksum. */
export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return number.length >= 12 && sum % 10 === 0;
}

/** The brand label of a card number, from its leading digits. */
export function brandOf(number: string): CardBrand {
  if (number.startsWith('4')) return CardBrand.VISA;
  if (/^(5[1-5]|2[2-7])/.test(number)) return CardBrand.MASTERCARD;
  if (/^3[47]/.test(number)) return CardBrand.AMEX;
  if (number.startsWith('35')) return CardBrand.JCB;
  return CardBrand.OTHER;
}
