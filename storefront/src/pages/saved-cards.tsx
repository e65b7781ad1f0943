import { AddPaymentMethodDocument, type MyAccountQuery, RemovePaymentMethodDocument } from '@shopgraph/client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { dataOf } from '../session.js';
import { TEST_CARDS, cardInput } from '../test-cards.js';
import { UserErrors, type UserErrorLike, messageOf } from '../ui.js';

type Card = NonNullable<MyAccountQuery['me']>['paymentMethods'][number];

const BRANDS: Record<Card['brand'], string> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  JCB: 'JCB',
  OTHER: 'Card',
};

/** The customer's saved cards: list, save a test card (its simulator token), remove. */
export function SavedCards({ cards, reload }: { cards: readonly Card[]; reload: () => void }) {
  const ids = { card: useId(), month: useId(), year: useId() };
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const [busy, setBusy] = useState(false);
  const [, addPaymentMethod] = useMutation(AddPaymentMethodDocument);
  const [, removePaymentMethod] = useMutation(RemovePaymentMethodDocument);
  const thisYear = new Date().getFullYear();

  const run = async (action: () => Promise<readonly UserErrorLike[]>) => {
    setBusy(true);
    try {
      setErrors(await action());
    } catch (e) {
      setErrors([{ code: 'FAILED', message: messageOf(e) }]);
    } finally {
      setBusy(false);
      reload();
    }
  };
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const card = TEST_CARDS.find((c) => c.token === form.get('card')) ?? TEST_CARDS[0]!;
    const expiry = { month: Number(form.get('expiryMonth')), year: Number(form.get('expiryYear')) };
    void run(async () => dataOf(await addPaymentMethod({ input: cardInput(card, expiry) })).addPaymentMethod.userErrors);
  };
  const remove = (id: string) => void run(async () => dataOf(await removePaymentMethod({ input: { id } })).removePaymentMethod.userErrors);

  return (
    <section aria-labelledby="cards-title">
      <h2 id="cards-title">Saved cards</h2>
      {cards.length === 0 ? (
        <p className="muted">No saved cards.</p>
      ) : (
        <ul className="saved-cards">
          {cards.map((m) => (
            <li key={m.id}>
              {BRANDS[m.brand]} •••• {m.last4}, expires {String(m.expiryMonth).padStart(2, '0')}/{m.expiryYear}{' '}
              <button type="button" className="link" disabled={busy} onClick={() => remove(m.id)}>
                Remove <span className="visually-hidden">card ending {m.last4}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <UserErrors errors={errors} />
      <form onSubmit={add}>
        <h3>Save a test card</h3>
        <div className="field">
          <label htmlFor={ids.card}>Card</label>
          <select id={ids.card} name="card" defaultValue={TEST_CARDS[0]!.token}>
            {TEST_CARDS.map((c) => (
              <option key={c.token} value={c.token}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.month}>Expiry month</label>
          <input id={ids.month} name="expiryMonth" type="number" min={1} max={12} defaultValue={12} required inputMode="numeric" />
          <label htmlFor={ids.year}>Expiry year</label>
          <input
            id={ids.year}
            name="expiryYear"
            type="number"
            min={thisYear}
            max={thisYear + 20}
            defaultValue={thisYear + 3}
            required
            inputMode="numeric"
          />
        </div>
        <button type="submit" disabled={busy}>
          Save card
        </button>
      </form>
    </section>
  );
}
