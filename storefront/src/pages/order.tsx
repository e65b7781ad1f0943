import { CancelOrderDocument, type OrderStatus, OrderDocument, OrderStatusChangedDocument } from '@shopgraph/client';
import { useEffect, useState } from 'react';
import { useQuery } from '../hooks.js';
import { ORDER_STATUS as LABELS } from '../orders.js';
import { Link } from '../router.js';
import { api } from '../session.js';
import { Loading, Price, UserErrors, type UserErrorLike } from '../ui.js';

/** An order (the confirmation page too): its status follows `orderStatusChanged` live. */
export function OrderPage({ id }: { id: string }) {
  const { data, error, loading, reload } = useQuery(OrderDocument, { id });
  const [live, setLive] = useState<{ status: OrderStatus; connected: boolean }>();
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);

  useEffect(() => {
    const stop = api.subscribe(
      OrderStatusChangedDocument,
      { orderId: id },
      {
        next: (event) => setLive({ status: event.orderStatusChanged.status, connected: true }),
        error: () => setLive((s) => (s ? { ...s, connected: false } : s)),
      },
    );
    return stop;
  }, [id]);

  if (!data) return <Loading error={error} loading={loading} />;
  const order = data.order;
  if (!order) return <p>Order not found.</p>;
  const status = live?.status ?? order.status;
  const currencyCode = order.total.currencyCode;
  const money = (m: { amountMinor: string }) => <Price money={{ amountMinor: m.amountMinor, currencyCode }} />;

  const cancel = async () => {
    const answer = (await api.request(CancelOrderDocument, { input: { orderId: order.id } })).cancelOrder;
    setErrors(answer.userErrors);
    reload();
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
