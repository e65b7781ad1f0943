import { CancelOrderDocument, RequestReturnDocument } from '@shopgraph/client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { type StorefrontOrdersQuery, StorefrontOrdersDocument } from '../generated/graphql.js';
import {
  FULFILLMENT_STATUS,
  ORDER_STATUS,
  PARCEL_STATUS,
  PAYMENT_STATUS,
  RETURN_REQUEST_STATUS,
  RETURN_STATUS,
  canCancel,
  returnableUnits,
} from '../orders.js';
import { Link } from '../router.js';
import { dataOf } from '../session.js';
import { Loading, Notice, Price, UserErrors, type UserErrorLike, messageOf } from '../ui.js';

type Order = StorefrontOrdersQuery['orders']['edges'][number]['node'];

/** The customer's orders, twenty a page, each with its statuses, parcels and returns, a cancel button and a return form. */
export function AccountOrders() {
  const [after, setAfter] = useState<string>();
  // The shopper's own data: asked afresh on every visit, and again after each change.
  const [orders, reexecute] = useQuery({ query: StorefrontOrdersDocument, variables: { after }, requestPolicy: 'network-only' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  const page = orders.data?.orders;
  return (
    <section aria-labelledby="orders-title">
      <h2 id="orders-title">Orders</h2>
      <Loading error={orders.error} loading={orders.fetching && !orders.data} />
      {page && page.edges.length === 0 && <p className="muted">No orders yet.</p>}
      <ul className="orders">
        {page?.edges.map(({ node }) => (
          <li key={node.id}>
            <OrderCard order={node} reload={reload} />
          </li>
        ))}
      </ul>
      <div className="pager">
        {after && (
          <button type="button" onClick={() => setAfter(undefined)}>
            Newest orders
          </button>
        )}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
          <button type="button" onClick={() => setAfter(page.pageInfo.endCursor ?? undefined)}>
            Older orders
          </button>
        )}
      </div>
    </section>
  );
}

/** Sends a mutation and keeps its user errors, or the failure's message. */
function useAction(reload: () => void) {
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<readonly UserErrorLike[]>): Promise<boolean> => {
    setBusy(true);
    try {
      const found = await action();
      setErrors(found);
      return found.length === 0;
    } catch (e) {
      setErrors([{ code: 'FAILED', message: messageOf(e) }]);
      return false;
    } finally {
      setBusy(false);
      reload();
    }
  };
  return { errors, busy, run };
}

function OrderCard({ order, reload }: { order: Order; reload: () => void }) {
  const titleId = useId();
  const { errors, busy, run } = useAction(reload);
  const [, cancelOrder] = useMutation(CancelOrderDocument);
  const [, requestReturn] = useMutation(RequestReturnDocument);
  const [returning, setReturning] = useState(false);
  const returnable = returnableUnits(order);
  const itemName = (orderItemId: string) => order.items.find((i) => i.id === orderItemId)?.name ?? 'Item';
  const describe = (lines: readonly { orderItemId: string; quantity: number }[]) =>
    lines.map((l) => `${l.quantity} × ${itemName(l.orderItemId)}`).join(', ');

  const cancel = () => run(async () => dataOf(await cancelOrder({ input: { orderId: order.id } })).cancelOrder.userErrors);

  return (
    <article className="card order-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <Link href={`/orders/${encodeURIComponent(order.id)}`}>Order {order.number}</Link>
      </h3>
      <p className="muted">
        {new Date(order.createdAt).toLocaleDateString()} · <Price money={order.total} /> ·{' '}
        {order.items.map((i) => `${i.quantity} × ${i.name}`).join(', ')}
      </p>
      <dl className="order-facts">
        <dt>Status</dt>
        <dd data-status={order.status}>{ORDER_STATUS[order.status]}</dd>
        <dt>Payment</dt>
        <dd data-status={order.paymentStatus}>{PAYMENT_STATUS[order.paymentStatus]}</dd>
        <dt>Delivery</dt>
        <dd data-status={order.fulfillmentStatus}>{FULFILLMENT_STATUS[order.fulfillmentStatus]}</dd>
        <dt>Returns</dt>
        <dd data-status={order.returnStatus}>{RETURN_STATUS[order.returnStatus]}</dd>
      </dl>
      {order.fulfillments.length > 0 && (
        <>
          <h4>Parcels</h4>
          <ul className="parcels">
            {order.fulfillments.map((f) => (
              <li key={f.id}>
                <span data-status={f.status}>{PARCEL_STATUS[f.status]}</span>: {describe(f.lines)}
                {f.carrier && <> · {f.carrier}</>}
                {f.trackingNumber && (
                  <>
                    {' '}
                    · tracking number <span className="tracking">{f.trackingNumber}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {order.returnRequests.length > 0 && (
        <>
          <h4>Return requests</h4>
          <ul className="return-requests">
            {order.returnRequests.map((r) => (
              <li key={r.id}>
                <span data-status={r.status}>{RETURN_REQUEST_STATUS[r.status]}</span>: {describe(r.lines)} · “{r.reason}”
              </li>
            ))}
          </ul>
        </>
      )}
      <UserErrors errors={errors} />
      <div className="order-actions">
        {canCancel(order) && (
          <button type="button" disabled={busy} onClick={() => void cancel()}>
            Cancel order <span className="visually-hidden">{order.number}</span>
          </button>
        )}
        {returnable.size > 0 && (
          <button type="button" aria-expanded={returning} onClick={() => setReturning((open) => !open)}>
            Request a return <span className="visually-hidden">from order {order.number}</span>
          </button>
        )}
      </div>
      {returning && returnable.size > 0 && (
        <ReturnForm
          order={order}
          returnable={returnable}
          busy={busy}
          onSubmit={(lines, reason) =>
            run(async () => dataOf(await requestReturn({ input: { orderId: order.id, lines, reason } })).requestReturn.userErrors)
          }
          onSent={() => setReturning(false)}
        />
      )}
    </article>
  );
}

type ReturnLine = { orderItemId: string; quantity: number };

/** Lines and units to send back (delivered ones not already asked back) and the reason. */
function ReturnForm(props: {
  order: Order;
  returnable: ReadonlyMap<string, number>;
  busy: boolean;
  onSubmit: (lines: ReturnLine[], reason: string) => Promise<boolean>;
  onSent: () => void;
}) {
  const { order, returnable, busy } = props;
  const reasonId = useId();
  const [empty, setEmpty] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const lines = [...returnable.keys()]
      .map((orderItemId) => ({ orderItemId, quantity: Number(form.get(`qty-${orderItemId}`) ?? 0) }))
      .filter((l) => l.quantity > 0);
    setEmpty(lines.length === 0);
    if (lines.length === 0) return;
    if (await props.onSubmit(lines, String(form.get('reason') ?? '').trim())) props.onSent();
  };
  return (
    <form className="return-form" onSubmit={(e) => void submit(e)} aria-label={`Return from order ${order.number}`}>
      <fieldset>
        <legend>Items to return</legend>
        {order.items
          .filter((item) => returnable.has(item.id))
          .map((item) => (
            <ReturnQuantity key={item.id} id={item.id} name={item.name} max={returnable.get(item.id)!} />
          ))}
      </fieldset>
      <div className="field">
        <label htmlFor={reasonId}>Reason</label>
        <textarea id={reasonId} name="reason" required rows={2} maxLength={500} />
      </div>
      {empty && <Notice>Choose at least one item to return.</Notice>}
      <button type="submit" className="primary" disabled={busy}>
        Send return request
      </button>
    </form>
  );
}

function ReturnQuantity({ id, name, max }: { id: string; name: string; max: number }) {
  const inputId = useId();
  return (
    <div className="field inline">
      <label htmlFor={inputId}>
        Units of {name} to return (up to {max})
      </label>
      <input id={inputId} name={`qty-${id}`} type="number" min={0} max={max} defaultValue={0} inputMode="numeric" />
    </div>
  );
}
