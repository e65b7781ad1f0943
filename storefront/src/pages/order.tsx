import { CancelOrderDocument, OrderDocument, OrderStatusChangedDocument } from '@shopgraph/client';
import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ORDER_STATUS as LABELS } from '../orders.js';
import { Link } from '../router.js';
import { dataOf } from '../session.js';
import { Loading, Price, UserErrors, type UserErrorLike } from '../ui.js';

/** An order (the confirmation page too): its status follows `orderStatusChanged` live. */
export function OrderPage({ id }: { id: string }) {
  // The order as it is now (never from the cache), then its status as it changes.
  const [{ data, error, fetching }, reexecute] = useQuery({ query: OrderDocument, variables: { id }, requestPolicy: 'network-only' });
  const [event] = useSubscription({ query: OrderStatusChangedDocument, variables: { orderId: id } });
  const [, cancelOrder] = useMutation(CancelOrderDocument);
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const live = event.data && { status: event.data.orderStatusChanged.status, connected: !event.error };

  if (!data) return <Loading error={error} loading={fetching} />;
  const order = data.order;
  if (!order) return <p>Order not found.</p>;
  const status = live?.status ?? order.status;
  const currencyCode = order.total.currencyCode;
  const money = (m: { amountMinor: string }) => <Price money={{ amountMinor: m.amountMinor, currencyCode }} />;

  const cancel = async () => {
    const answer = dataOf(await cancelOrder({ input: { orderId: order.id } })).cancelOrder;
    setErrors(answer.userErrors);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <article aria-labelledby="order-title">
      <h1 id="order-title">Order {order.number}</h1>
      <p className="order-status">
        Status:{' '}
        <strong role="status" aria-live="polite" data-status={status}>
          {LABELS[status]}
        </strong>
        {live?.connected && <span className="muted"> · updates live</span>}
      </p>
      <p>Thank you! {order.email && <>A receipt goes to {order.email}.</>}</p>
      <table className="cart-lines">
        <caption className="visually-hidden">Items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.sku}>
              <td data-label="Item">{item.name}</td>
              <td data-label="Quantity">{item.quantity}</td>
              <td data-label="Total">{money(item.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd>{money(order.subtotal)}</dd>
        <dt>Discounts</dt>
        <dd>−{money(order.discountTotal)}</dd>
        {order.loyaltyPointsUsed > 0 && (
          <>
            <dt>Loyalty points ({order.loyaltyPointsUsed})</dt>
            <dd>−{money(order.loyaltyDiscount)}</dd>
          </>
        )}
        <dt>Shipping{order.shippingMethod ? ` (${order.shippingMethod.name})` : ''}</dt>
        <dd>{money(order.shipping)}</dd>
        <dt>Tax</dt>
        <dd>{money(order.tax)}</dd>
        <dt>Total</dt>
        <dd className="grand-total">
          <Price money={order.total} />
        </dd>
      </dl>
      {order.payment && (
        <p>
          Paid with {order.payment.brand} •••• {order.payment.last4} · {order.payment.status.toLowerCase()}
        </p>
      )}
      {order.loyaltyPointsEarned > 0 && <p>You earn {order.loyaltyPointsEarned} loyalty points with this order.</p>}
      {order.shippingAddress && (
        <p>
          Shipping to {order.shippingAddress.fullName}, {order.shippingAddress.line1}, {order.shippingAddress.city}{' '}
          {order.shippingAddress.countryCode}
        </p>
      )}
      <h2>History</h2>
      <ol>
        {order.statusHistory.map((h, i) => (
          <li key={i}>{LABELS[h.status]}</li>
        ))}
      </ol>
      <UserErrors errors={errors} />
      {/* Only the display status is read here: CONFIRMED (nothing packed) is surely cancellable; a pending order belongs to its checkout. */}
      {status === 'CONFIRMED' && (
        <button type="button" onClick={() => void cancel()}>
          Cancel order
        </button>
      )}
      <p>
        <Link href="/">Continue shopping</Link>
      </p>
    </article>
  );
}
