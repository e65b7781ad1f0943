import { type CurrencyCode, RemoveCartItemDocument, ShopperCartDocument, UpdateCartItemDocument } from '@shopgraph/client';
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useStored } from '../hooks.js';
import { Link, navigate } from '../router.js';
import { type Shopper, dataOf, store } from '../session.js';
import { Loading, Notice, Price, UserErrors, type UserErrorLike } from '../ui.js';

/** The cart: lines with their warnings (price changed, stock short), quantities, subtotal. */
export function CartPage() {
  const shopper = useStored<Shopper>(store.shopper);
  if (shopper.kind === 'anonymous') return <EmptyCart />;
  return <Cart />;
}

function EmptyCart() {
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      <p>
        Your cart is empty. <Link href="/">Find something</Link>
      </p>
    </section>
  );
}

function Cart() {
  const currency = useStored<CurrencyCode>(store.currency);
  // The shopper's own data: asked afresh on every visit, and again after each change.
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ShopperCartDocument,
    variables: { currency },
    requestPolicy: 'network-only',
  });
  const [, updateCartItem] = useMutation(UpdateCartItemDocument);
  const [, removeCartItem] = useMutation(RemoveCartItemDocument);
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const cart = data?.cart;
  useEffect(() => {
    if (cart) store.setCartCount(cart.itemCount);
  }, [cart]);

  if (!data) return <Loading error={error} loading={fetching} />;
  if (!cart || cart.lines.length === 0) return <EmptyCart />;

  const change = async (lineId: string, quantity: number) => {
    const answer =
      quantity > 0
        ? dataOf(await updateCartItem({ input: { lineId, quantity, currency } })).updateCartItem
        : dataOf(await removeCartItem({ input: { lineId, currency } })).removeCartItem;
    setErrors(answer.userErrors);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      {cart.warnings.length > 0 && (
        <Notice kind="warning">
          <ul>
            {cart.warnings.map((w) => (
              <li key={w.code + w.sku} data-code={w.code}>
                {w.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <UserErrors errors={errors} />
      <table className="cart-lines">
        <caption className="visually-hidden">Items in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Unit price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <tr key={line.id}>
              <td data-label="Item">
                {line.name}
                <div className="muted">{line.available} available</div>
                {line.warnings.map((w) => (
                  <div key={w.code} className="warning" data-code={w.code}>
                    {w.message}
                  </div>
                ))}
              </td>
              <td data-label="Unit price">{line.unitPrice ? <Price money={line.unitPrice} /> : '—'}</td>
              <td data-label="Quantity">
                <label>
                  <span className="visually-hidden">Quantity of {line.name}</span>
                  <input
                    type="number"
                    min={0}
                    max={99}
                    defaultValue={line.quantity}
                    onBlur={(e) => Number(e.target.value) !== line.quantity && void change(line.id, Number(e.target.value))}
                  />
                </label>
                <button type="button" className="link" onClick={() => void change(line.id, 0)}>
                  Remove <span className="visually-hidden">{line.name}</span>
                </button>
              </td>
              <td data-label="Total">{line.lineTotal ? <Price money={{ ...line.lineTotal, currencyCode: cart.currency }} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total">
        Subtotal: <Price money={cart.subtotal} />
      </p>
      <button type="button" className="primary" onClick={() => navigate('/checkout')}>
        Go to checkout
      </button>
    </section>
  );
}
