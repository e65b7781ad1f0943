import {
  type CheckoutSessionFieldsFragment,
  ConfirmCheckoutDocument,
  type ConfirmCheckoutMutation,
  type CurrencyCode,
  type ExpectedTotalInput,
  StartCheckoutDocument,
  UpdateCheckoutStateDocument,
  type UpdateCheckoutStateInput,
  newIdempotencyKey,
} from '@shopgraph/client';
import { type Client, CombinedError } from '@urql/core';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useClient, useMutation } from 'urql';
import { useStored } from '../hooks.js';
import { Link, navigate } from '../router.js';
import { type Shopper, dataOf, store } from '../session.js';
import { TEST_CARDS, cardInput } from '../test-cards.js';
import { Loading, Notice, Price, UserErrors, type UserErrorLike, messageOf } from '../ui.js';

type Session = CheckoutSessionFieldsFragment;
type Confirmation = ConfirmCheckoutMutation['confirmCheckout'] & { idempotencyKey: string };
type Errors = readonly UserErrorLike[];

function Step({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="step" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `confirmCheckout` with an idempotency key made once and reused: while the answer is `PROCESSING`
 * (the saga goes on in the background) or the request was lost in transit, it asks again with the
 * same key, so a shopper is never charged twice. `idempotencyKey` resumes a confirmation started
 * before; `awaitAction` also keeps asking while the answer is `ACTION_REQUIRED` (the shopper has just
 * completed 3-D Secure and the provider's webhook is on its way).
 */
async function confirmCheckout(
  client: Client,
  input: { checkoutSessionId: string; expectedTotal: ExpectedTotalInput; idempotencyKey?: string | undefined },
  { awaitAction = false, maxAttempts = 30, retryDelayMs = 1000 } = {},
): Promise<Confirmation> {
  const idempotencyKey = input.idempotencyKey ?? newIdempotencyKey();
  const variables = { input: { checkoutSessionId: input.checkoutSessionId, expectedTotal: input.expectedTotal, idempotencyKey } };
  for (let attempt = 1; ; attempt++) {
    let answer: ConfirmCheckoutMutation['confirmCheckout'] | undefined;
    try {
      answer = dataOf(await client.mutation(ConfirmCheckoutDocument, variables).toPromise()).confirmCheckout;
    } catch (error) {
      // Lost in transit: the same key makes asking again safe.
      const status = error instanceof CombinedError ? (error.response as Response | undefined)?.status : undefined;
      const transient = error instanceof CombinedError && (error.networkError !== undefined || (status ?? 0) >= 502);
      if (!transient || attempt >= maxAttempts) throw error;
    }
    const pending = answer && (answer.state === 'PROCESSING' || (awaitAction && answer.state === 'ACTION_REQUIRED'));
    if (answer && (!pending || attempt >= maxAttempts)) return { ...answer, idempotencyKey };
    await sleep(retryDelayMs);
  }
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim() || undefined;

/** Checkout: contact, address (or the address book), shipping, codes, points, card, the totals preview and payment. */
export function CheckoutPage() {
  const shopper = useStored<Shopper>(store.shopper);
  const currency = useStored<CurrencyCode>(store.currency);
  const [session, setSession] = useState<Session>();
  const [errors, setErrors] = useState<Errors>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState<Confirmation>();
  const client = useClient();
  const [, start] = useMutation(StartCheckoutDocument);
  const [, updateCheckoutState] = useMutation(UpdateCheckoutStateDocument);
  const ids = {
    email: useId(),
    name: useId(),
    line1: useId(),
    city: useId(),
    region: useId(),
    postal: useId(),
    country: useId(),
    code: useId(),
    points: useId(),
  };

  useEffect(() => {
    if (shopper.kind === 'anonymous') return;
    let live = true;
    start({ input: { currency } }).then(
      (result) => {
        if (!live) return;
        if (!result.data) return setFailure(messageOf(result.error));
        const { startCheckout } = result.data;
        setErrors(startCheckout.userErrors);
        if (startCheckout.checkoutSession) setSession(startCheckout.checkoutSession);
      },
      (e: unknown) => live && setFailure(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [start, shopper.kind, currency]);

  if (shopper.kind === 'anonymous')
    return (
      <p>
        Your cart is empty. <Link href="/">Find something</Link>
      </p>
    );
  if (!session)
    return (
      <>
        <UserErrors errors={errors} />
        <Loading error={failure ? { message: failure } : undefined} loading={!errors.length} />
      </>
    );

  const update = async (input: Omit<UpdateCheckoutStateInput, 'checkoutSessionId'>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = dataOf(await updateCheckoutState({ input: { checkoutSessionId: session.id, ...input } })).updateCheckoutState;
      setErrors(answer.userErrors);
      if (answer.checkoutSession) setSession(answer.checkoutSession);
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit =
    (build: (form: FormData) => Omit<UpdateCheckoutStateInput, 'checkoutSessionId'>) => (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      void update(build(new FormData(event.currentTarget)));
    };
  const confirm = async (idempotencyKey?: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await confirmCheckout(
        client,
        {
          checkoutSessionId: session.id,
          expectedTotal: { amountMinor: session.totals.total.amountMinor, currencyCode: session.totals.total.currencyCode },
          ...(idempotencyKey ? { idempotencyKey } : {}),
        },
        { awaitAction: Boolean(idempotencyKey) },
      );
      setConfirmation(answer);
      setErrors(answer.userErrors);
      if (answer.order && (answer.state === 'COMPLETED' || answer.state === 'PROCESSING')) {
        store.setCartCount(0);
        navigate(`/orders/${encodeURIComponent(answer.order.id)}`);
      } else if (answer.userErrors.some((e) => e.code === 'TOTALS_CHANGED')) {
        await update({});
      }
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const card = session.paymentMethod;
  const ready = Boolean(session.shippingAddress && session.shippingMethod && card && (shopper.kind === 'customer' || session.email));
  const action = confirmation?.state === 'ACTION_REQUIRED' ? confirmation.nextAction : undefined;

  return (
    <div className="checkout">
      <h1>Checkout</h1>
      <p className="muted">Your items are held for you until {new Date(session.expiresAt).toLocaleTimeString()}.</p>
      <UserErrors errors={errors} />
      {failure && <Notice>{failure}</Notice>}

      {shopper.kind === 'guest' && (
        <Step title="Contact">
          <form onSubmit={onSubmit((f) => ({ email: text(f, 'email')! }))}>
            <div className="field">
              <label htmlFor={ids.email}>Email for your receipt</label>
              <input id={ids.email} name="email" type="email" autoComplete="email" defaultValue={session.email ?? ''} required />
            </div>
            <button type="submit" disabled={busy}>
              Save email
            </button>
            <p className="muted">
              Have an account? <Link href="/sign-in?next=/checkout">Sign in</Link> and your cart comes with you.
            </p>
          </form>
        </Step>
      )}

      <Step title="Shipping address">
        {session.shippingAddress && (
          <p className="chosen">
            Shipping to {session.shippingAddress.fullName}, {session.shippingAddress.line1}, {session.shippingAddress.city}{' '}
            {session.shippingAddress.countryCode}
          </p>
        )}
        {session.savedAddresses.length > 0 && (
          <fieldset>
            <legend>Your address book</legend>
            {session.savedAddresses.map((a) => (
              <label key={a.savedAddressId} className="choice">
                <input
                  type="radio"
                  name="savedAddress"
                  checked={session.shippingAddress?.savedAddressId === a.savedAddressId}
                  onChange={() => void update({ shippingAddress: { savedAddressId: a.savedAddressId } })}
                />
                {a.fullName}, {a.line1}, {a.city} {a.countryCode}
              </label>
            ))}
          </fieldset>
        )}
        <details open={session.savedAddresses.length === 0 && !session.shippingAddress}>
          <summary>{session.savedAddresses.length ? 'Ship to a new address' : 'Enter an address'}</summary>
          <form
            onSubmit={onSubmit((f) => ({
              shippingAddress: {
                address: {
                  fullName: text(f, 'fullName')!,
                  line1: text(f, 'line1')!,
                  city: text(f, 'city')!,
                  region: text(f, 'region'),
                  postalCode: text(f, 'postalCode'),
                  countryCode: text(f, 'countryCode')!.toUpperCase(),
                },
              },
            }))}
          >
            <div className="field">
              <label htmlFor={ids.name}>Full name</label>
              <input id={ids.name} name="fullName" autoComplete="name" required />
            </div>
            <div className="field">
              <label htmlFor={ids.line1}>Address</label>
              <input id={ids.line1} name="line1" autoComplete="address-line1" required />
            </div>
            <div className="field">
              <label htmlFor={ids.city}>City</label>
              <input id={ids.city} name="city" autoComplete="address-level2" required />
            </div>
            <div className="field">
              <label htmlFor={ids.region}>Region</label>
              <input id={ids.region} name="region" autoComplete="address-level1" />
            </div>
            <div className="field">
              <label htmlFor={ids.postal}>Postal code</label>
              <input id={ids.postal} name="postalCode" autoComplete="postal-code" />
            </div>
            <div className="field">
              <label htmlFor={ids.country}>Country code</label>
              <input id={ids.country} name="countryCode" autoComplete="country" defaultValue="VN" maxLength={2} required />
            </div>
            <button type="submit" disabled={busy}>
              Use this address
            </button>
          </form>
        </details>
      </Step>

      <Step title="Shipping method">
        {session.shippingOptions.length === 0 ? (
          <p className="muted">Enter an address to see shipping methods.</p>
        ) : (
          <fieldset>
            <legend className="visually-hidden">Shipping method</legend>
            {session.shippingOptions.map((o) => (
              <label key={o.code} className="choice">
                <input
                  type="radio"
                  name="shipping"
                  value={o.code}
                  checked={session.shippingMethod?.code === o.code}
                  disabled={busy}
                  onChange={() => void update({ shippingMethodCode: o.code })}
                />
                {o.name} — <Price money={o.price} />
              </label>
            ))}
          </fieldset>
        )}
      </Step>

      <Step title="Promotion codes">
        {session.promotionCodes.length > 0 && (
          <ul>
            {session.promotionCodes.map((code) => (
              <li key={code}>
                {code}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => void update({ promotionCodes: session.promotionCodes.filter((c) => c !== code) })}
                >
                  Remove <span className="visually-hidden">code {code}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onSubmit((f) => ({ promotionCodes: [...session.promotionCodes, text(f, 'code')!.toUpperCase()] }))}>
          <div className="field inline">
            <label htmlFor={ids.code}>Code</label>
            <input id={ids.code} name="code" required />
            <button type="submit" disabled={busy}>
              Apply
            </button>
          </div>
        </form>
      </Step>

      {session.loyalty && session.loyalty.availablePoints > 0 && (
        <Step title="Loyalty points">
          <p>
            You have {session.loyalty.availablePoints} points (worth <Price money={session.loyalty.availableValue} />
            {session.loyalty.tier !== 'NONE' && `, ${session.loyalty.tier.toLowerCase()} tier`}); up to {session.loyalty.maxUsablePoints}{' '}
            can pay for this order.
          </p>
          <form onSubmit={onSubmit((f) => ({ loyaltyPoints: Number(text(f, 'points') ?? 0) }))}>
            <div className="field inline">
              <label htmlFor={ids.points}>Points to use</label>
              <input
                id={ids.points}
                name="points"
                type="number"
                min={0}
                max={session.loyalty.maxUsablePoints}
                defaultValue={session.loyalty.pointsToUse}
              />
              <button type="submit" disabled={busy}>
                Use points
              </button>
            </div>
          </form>
        </Step>
      )}

      <Step title="Payment">
        <fieldset>
          <legend>Card</legend>
          {session.savedPaymentMethods.map((m) => (
            <label key={m.savedPaymentMethodId} className="choice">
              <input
                type="radio"
                name="card"
                checked={card?.savedPaymentMethodId === m.savedPaymentMethodId}
                disabled={busy}
                onChange={() => void update({ payment: { savedPaymentMethodId: m.savedPaymentMethodId } })}
              />
              Saved {m.brand} •••• {m.last4}
            </label>
          ))}
          {TEST_CARDS.map((c) => (
            <label key={c.token} className="choice">
              <input
                type="radio"
                name="card"
                value={c.token}
                checked={!card?.savedPaymentMethodId && card?.last4 === c.last4}
                disabled={busy}
                onChange={() =>
                  void update({
                    payment: { card: cardInput(c) },
                  })
                }
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      </Step>

      <Step title="Order summary">
        <dl className="totals" aria-live="polite">
          <dt>Subtotal</dt>
          <dd>
            <Price money={session.totals.subtotal} />
          </dd>
          {session.totals.discounts.map((d, i) => (
            <div key={i} className="discount">
              <dt>{d.promotion?.name ?? d.code ?? (d.points ? `${d.points} loyalty points` : d.kind)}</dt>
              <dd>
                −<Price money={d.amount} />
              </dd>
            </div>
          ))}
          <dt>Shipping</dt>
          <dd>
            <Price money={session.totals.shipping} />
          </dd>
          <dt>Tax</dt>
          <dd>
            <Price money={session.totals.tax} />
          </dd>
          <dt>Total</dt>
          <dd className="grand-total">
            <Price money={session.totals.total} />
          </dd>
        </dl>
        {confirmation?.state === 'FAILED' && confirmation.declineCode && (
          <Notice>Your card was declined ({confirmation.declineCode.replaceAll('_', ' ')}). Choose another card and try again.</Notice>
        )}
        {action ? (
          <div className="action">
            <Notice kind="info">Your bank asks you to confirm this payment (3-D Secure).</Notice>
            <p>
              <a href={action.url} target="_blank" rel="noopener noreferrer">
                Open the 3-D Secure check
              </a>
            </p>
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm(confirmation!.idempotencyKey)}>
              I have completed the check
            </button>
          </div>
        ) : (
          <button type="button" className="primary" disabled={busy || !ready} onClick={() => void confirm()}>
            Place order and pay
          </button>
        )}
        {busy && <p aria-busy="true">Working…</p>}
      </Step>
    </div>
  );
}
