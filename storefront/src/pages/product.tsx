import { AddToCartDocument, type AddToCartMutation, type CurrencyCode } from '@shopgraph/client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { StorefrontProductDocument } from '../generated/graphql.js';
import { useStored } from '../hooks.js';
import { Link } from '../router.js';
import { type Shopper, dataOf, ensureToken, store } from '../session.js';
import { ReviewForm } from './review-form.js';
import { Loading, Notice, Price, Rating, UserErrors, messageOf } from '../ui.js';

/** The product page: variants, price in the chosen currency with quantity tiers, stock, promotions, reviews; one request. */
export function ProductPage({ id }: { id: string }) {
  const currency = useStored<CurrencyCode>(store.currency);
  const shopper = useStored<Shopper>(store.shopper);
  const [{ data, error, fetching }] = useQuery({ query: StorefrontProductDocument, variables: { id, currency, reviews: 10 } });
  const [, addCartItem] = useMutation(AddToCartDocument);
  const [sku, setSku] = useState<string>();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<AddToCartMutation['addCartItem']>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const quantityId = useId();

  if (!data) return <Loading error={error} loading={fetching} />;
  const product = data.product;
  if (!product) return <Notice>This product is not available.</Notice>;
  const variant =
    product.variants.find((v) => v.sku === sku) ?? product.variants.find((v) => v.availability.inStock) ?? product.variants[0]!;
  const tiers = [
    { from: 5, price: variant.five.unitPrice },
    { from: 10, price: variant.ten.unitPrice },
  ].filter((t) => BigInt(t.price.amountMinor) < BigInt(variant.one.unitPrice.amountMinor));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await ensureToken();
      const answer = dataOf(await addCartItem({ input: { sku: variant.sku, quantity, currency } })).addCartItem;
      setAdded(answer);
      if (answer.cart) store.setCartCount(answer.cart.itemCount);
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="product" aria-labelledby="product-title">
      <p>
        <Link href="/">← All products</Link>
      </p>
      <h1 id="product-title">{product.name}</h1>
      <p className="muted">
        {product.brand} · {product.category.name}
      </p>
      <Rating average={product.rating.average} count={product.rating.count} />
      <p>{product.description}</p>
      {product.promotions.length > 0 && (
        <section aria-label="Promotions" className="promo">
          <ul>
            {product.promotions.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> — {p.description}
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={add} className="buy">
        <fieldset>
          <legend>Variant</legend>
          {product.variants.map((v) => (
            <label key={v.sku} className="choice">
              <input type="radio" name="variant" value={v.sku} checked={v.sku === variant.sku} onChange={() => setSku(v.sku)} />
              {v.name} {v.options.length > 0 && <span className="muted">({v.options.map((o) => `${o.name}: ${o.value}`).join(', ')})</span>}{' '}
              — <Price money={v.one.unitPrice} />
            </label>
          ))}
        </fieldset>
        <p className="big-price" aria-live="polite">
          <Price money={variant.one.unitPrice} />
          {variant.one.adjustments.length > 0 && (
            <span className="muted"> ({variant.one.adjustments.map((a) => a.description).join('; ')})</span>
          )}
        </p>
        {tiers.length > 0 && (
          <table className="tiers">
            <caption>Quantity prices</caption>
            <thead>
              <tr>
                <th scope="col">Quantity</th>
                <th scope="col">Unit price</th>
              </tr>
            </thead>
            <tbody>
              {tiers.map((t) => (
                <tr key={t.from}>
                  <td>{t.from}+</td>
                  <td>
                    <Price money={t.price} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className={variant.availability.inStock ? 'in-stock' : 'out-of-stock'}>
          {variant.availability.inStock ? `${variant.availability.available} in stock` : 'Out of stock'}
        </p>
        <div className="field inline">
          <label htmlFor={quantityId}>Quantity</label>
          <input
            id={quantityId}
            type="number"
            min={1}
            max={99}
            value={quantity}
            onChange={(e) => setQuantity(Math.max(1, Math.min(99, Number(e.target.value) || 1)))}
          />
        </div>
        <button type="submit" disabled={busy || !variant.availability.inStock}>
          Add to cart
        </button>
      </form>
      {failure && <Notice>{failure}</Notice>}
      {added && <UserErrors errors={added.userErrors} />}
      {added?.cart && added.userErrors.length === 0 && (
        <Notice kind="info">
          Added to your cart ({added.cart.itemCount} items). <Link href="/cart">View cart</Link>
          {added.warnings.map((w) => (
            <span key={w.code + w.sku}> {w.message}</span>
          ))}
        </Notice>
      )}
      <section aria-labelledby="reviews-title" className="reviews">
        <h2 id="reviews-title">Reviews ({data.reviews.totalCount})</h2>
        {data.reviews.edges.length === 0 && <p className="muted">No reviews yet.</p>}
        <ul>
          {data.reviews.edges.map(({ node }) => (
            <li key={node.id}>
              <h3>
                <span aria-label={`${node.rating} out of 5`}>{'★'.repeat(node.rating)}</span> {node.title}
              </h3>
              <p>{node.body}</p>
              <p className="muted">
                {node.authorName}
                {node.verifiedPurchase && ' · verified purchase'} · {new Date(node.createdAt).toLocaleDateString()}
              </p>
            </li>
          ))}
        </ul>
        {shopper.kind === 'customer' && <ReviewForm productId={product.id} />}
      </section>
    </article>
  );
}
