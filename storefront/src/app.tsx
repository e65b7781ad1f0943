import type { CurrencyCode } from '@shopgraph/client';
import { useEffect, useMemo } from 'react';
import { Provider } from 'urql';
import { useStored } from './hooks.js';
import { AccountPage } from './pages/account.js';
import { CartPage } from './pages/cart.js';
import { CheckoutPage } from './pages/checkout.js';
import { ListingPage } from './pages/listing.js';
import { OrderPage } from './pages/order.js';
import { ProductPage } from './pages/product.js';
import { SignInPage } from './pages/sign-in.js';
import { Link, useLocation } from './router.js';
import { CURRENCIES, type Shopper, createApiClient, store } from './session.js';

/** Which page a path shows, with its title. */
function route(url: URL): { title: string; page: React.ReactNode } {
  const path = url.pathname;
  const product = /^\/product\/([^/]+)$/.exec(path);
  if (product) return { title: 'Product', page: <ProductPage id={decodeURIComponent(product[1]!)} /> };
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order) return { title: 'Order', page: <OrderPage id={decodeURIComponent(order[1]!)} /> };
  switch (path) {
    case '/cart':
      return { title: 'Cart', page: <CartPage /> };
    case '/checkout':
      return { title: 'Checkout', page: <CheckoutPage /> };
    case '/sign-in':
      return { title: 'Sign in', page: <SignInPage next={url.searchParams.get('next') ?? '/'} /> };
    case '/account':
      return { title: 'Your account', page: <AccountPage /> };
    default:
      return { title: 'Products', page: <ListingPage query={url.searchParams} /> };
  }
}

/** The shop: header, navigation and the page of the current path. */
export function App() {
  const url = useLocation();
  const shopper = useStored<Shopper>(store.shopper);
  const currency = useStored<CurrencyCode>(store.currency);
  const cartCount = useStored<number>(store.cartCount);
  const { title, page } = route(url);
  // One urql client per customer (guests share one): signing in or out starts with an empty document cache.
  const identity = shopper.kind === 'customer' ? `customer:${shopper.email}` : 'guest';
  const client = useMemo(() => createApiClient(), [identity]);
  useEffect(() => {
    document.title = `${title} · shopgraph store`;
  }, [title]);
  return (
    <Provider value={client}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          shopgraph
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/">Shop</Link>
            </li>
            <li>
              <Link href="/cart" aria-label={`Cart, ${cartCount} items`}>
                Cart <span className="badge">{cartCount}</span>
              </Link>
            </li>
            <li>
              {shopper.kind === 'customer' ? (
                <Link href="/account">Account</Link>
              ) : (
                <Link href={`/sign-in?next=${encodeURIComponent(url.pathname)}`}>Sign in</Link>
              )}
            </li>
          </ul>
        </nav>
        <label className="currency">
          <span className="visually-hidden">Currency</span>
          <select value={currency} onChange={(e) => store.setCurrency(e.target.value as CurrencyCode)}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <footer className="site-footer">
        <p>
          A storefront on the shopgraph GraphQL API. Test cards only — <a href="/graphql">GraphQL IDE</a>.
        </p>
      </footer>
    </Provider>
  );
}
