import {
  CreateAddressDocument,
  MyReviewsDocument,
  DeleteAddressDocument,
  LogoutDocument,
  MyAccountDocument,
  SetDefaultAddressDocument,
} from '@shopgraph/client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useStored } from '../hooks.js';
import { Link, navigate } from '../router.js';
import { type Shopper, dataOf, signedOut, store } from '../session.js';
import { Loading, Price, UserErrors, type UserErrorLike } from '../ui.js';
import { AccountOrders } from './account-orders.js';
import { SavedCards } from './saved-cards.js';

/** The customer's account: orders (status, tracking, cancel, returns), address book, saved cards, loyalty points. */
export function AccountPage() {
  const shopper = useStored<Shopper>(store.shopper);
  if (shopper.kind !== 'customer')
    return (
      <p>
        <Link href="/sign-in?next=/account">Sign in</Link> to see your account.
      </p>
    );
  return <Account email={shopper.email} refreshToken={shopper.refreshToken} />;
}

function Account({ email, refreshToken }: { email: string; refreshToken: string }) {
  // The shopper's own data: asked afresh on every visit, and again after each change.
  const [account, reexecute] = useQuery({ query: MyAccountDocument, requestPolicy: 'network-only' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  const [reviews] = useQuery({ query: MyReviewsDocument, variables: { first: 20 }, requestPolicy: 'network-only' });
  const [, createAddress] = useMutation(CreateAddressDocument);
  const [, deleteAddress] = useMutation(DeleteAddressDocument);
  const [, setDefaultAddress] = useMutation(SetDefaultAddressDocument);
  const [, logout] = useMutation(LogoutDocument);
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const ids = { name: useId(), line1: useId(), city: useId(), region: useId(), postal: useId(), country: useId() };

  const me = account.data?.me;
  const addAddress = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (key: string) => String(form.get(key) ?? '').trim();
    const answer = dataOf(
      await createAddress({
        input: {
          address: {
            fullName: value('fullName'),
            line1: value('line1'),
            city: value('city'),
            region: value('region') || undefined,
            postalCode: value('postalCode') || undefined,
            countryCode: value('countryCode').toUpperCase(),
          },
          makeDefaultFor: me?.addresses.length ? [] : ['SHIPPING', 'BILLING'],
        },
      }),
    ).createAddress;
    setErrors(answer.userErrors);
    if (!answer.userErrors.length) event.currentTarget?.reset();
    reload();
  };
  const removeAddress = async (id: string) => {
    setErrors(dataOf(await deleteAddress({ input: { id } })).deleteAddress.userErrors);
    reload();
  };
  const makeDefault = async (id: string) => {
    setErrors(dataOf(await setDefaultAddress({ input: { id, use: 'SHIPPING' } })).setDefaultAddress.userErrors);
    reload();
  };
  const signOut = async () => {
    await logout({ input: { refreshToken } });
    signedOut();
    navigate('/');
  };

  return (
    <div className="account">
      <h1>Your account</h1>
      <p>
        Signed in as {email}.{' '}
        <button type="button" className="link" onClick={() => void signOut()}>
          Sign out
        </button>
      </p>
      <UserErrors errors={errors} />
      <AccountOrders />
      <Loading error={account.error} loading={account.fetching && !account.data} />
      {me && (
        <>
          <section aria-labelledby="loyalty-title">
            <h2 id="loyalty-title">Loyalty</h2>
            <p>
              {me.loyalty.points} points, worth <Price money={me.loyalty.value} />.
            </p>
          </section>
          <section aria-labelledby="addresses-title">
            <h2 id="addresses-title">Addresses</h2>
            <ul className="addresses">
              {me.addresses.map((a) => (
                <li key={a.id}>
                  {a.fullName}, {a.line1}, {a.city} {a.countryCode}
                  {a.isDefaultShipping && <strong> (default)</strong>}{' '}
                  {!a.isDefaultShipping && (
                    <button type="button" className="link" onClick={() => void makeDefault(a.id)}>
                      Make default
                    </button>
                  )}{' '}
                  <button type="button" className="link" onClick={() => void removeAddress(a.id)}>
                    Delete <span className="visually-hidden">address {a.line1}</span>
                  </button>
                </li>
              ))}
            </ul>
            <form onSubmit={(e) => void addAddress(e)}>
              <h3>Add an address</h3>
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
                <input id={ids.country} name="countryCode" defaultValue="VN" maxLength={2} required />
              </div>
              <button type="submit">Save address</button>
            </form>
          </section>
          <section aria-labelledby="reviews-title">
            <h2 id="reviews-title">Your reviews</h2>
            {!reviews.data?.me?.reviews.edges.length ? (
              <p className="muted">No reviews yet.</p>
            ) : (
              <ul>
                {reviews.data.me.reviews.edges.map(({ node }) => (
                  <li key={node.id}>
                    <span aria-label={`${node.rating} out of 5`}>{'★'.repeat(node.rating)}</span> {node.title} ·{' '}
                    <span className="muted">{node.status.toLowerCase()}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <SavedCards cards={me.paymentMethods} reload={reload} />
        </>
      )}
    </div>
  );
}
