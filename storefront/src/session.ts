import {
  type CurrencyCode,
  MergeGuestCartDocument,
  RefreshTokenDocument,
  StartGuestSessionDocument,
  createShopgraphClient,
} from '@shopgraph/client';

/** Who is shopping: a guest (token only) or a signed-in customer (with a rotating refresh token). */
export type Shopper =
  | { kind: 'anonymous' }
  | { kind: 'guest'; accessToken: string }
  | { kind: 'customer'; accessToken: string; refreshToken: string; email: string };

const SHOPPER_KEY = 'shopgraph.shopper';
const CURRENCY_KEY = 'shopgraph.currency';
const CART_COUNT_KEY = 'shopgraph.cartCount';

/** The currencies the shop prices in (CurrencyCode of the API). */
export const CURRENCIES: CurrencyCode[] = ['VND', 'USD', 'EUR', 'GBP', 'JPY'];

const listeners = new Set<() => void>();
const read = <T>(key: string, fallback: T): T => {
  const raw = localStorage.getItem(key);
  return raw ? (JSON.parse(raw) as T) : fallback;
};
const write = (key: string, value: unknown) => {
  localStorage.setItem(key, JSON.stringify(value));
  for (const listener of listeners) listener();
};

/** The shopper, chosen currency and cart size, kept in localStorage so a reload keeps them. */
export const store = {
  shopper: (): Shopper => read<Shopper>(SHOPPER_KEY, { kind: 'anonymous' }),
  currency: (): CurrencyCode => read<CurrencyCode>(CURRENCY_KEY, 'VND'),
  cartCount: (): number => read<number>(CART_COUNT_KEY, 0),
  setShopper: (shopper: Shopper) => write(SHOPPER_KEY, shopper),
  setCurrency: (currency: CurrencyCode) => write(CURRENCY_KEY, currency),
  setCartCount: (count: number) => write(CART_COUNT_KEY, count),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

const tokenOf = (shopper: Shopper) => (shopper.kind === 'anonymous' ? undefined : shopper.accessToken);

/**
 * The one API client: same-origin `/graphql`, the stored access token, and a refresh that rotates
 * a customer's refresh token (or starts a new guest session when a guest token expires).
 */
export const api = createShopgraphClient({
  url: '/graphql',
  getToken: () => tokenOf(store.shopper()),
  refreshToken: async () => {
    const shopper = store.shopper();
    if (shopper.kind === 'customer') {
      const answer = (await anonymous.request(RefreshTokenDocument, { input: { refreshToken: shopper.refreshToken } })).refreshToken;
      if (!answer.token || !answer.refreshToken) {
        store.setShopper({ kind: 'anonymous' });
        return undefined;
      }
      store.setShopper({ ...shopper, accessToken: answer.token.accessToken, refreshToken: answer.refreshToken });
      return answer.token.accessToken;
    }
    store.setShopper({ kind: 'anonymous' });
    return ensureToken();
  },
});

/** A client without credentials, for sign-in, registration and refresh. */
const anonymous = createShopgraphClient({ url: '/graphql' });

/** The shopper's token, starting a guest session first when there is none (the cart needs one). */
export async function ensureToken(): Promise<string> {
  const shopper = store.shopper();
  if (shopper.kind !== 'anonymous') return shopper.accessToken;
  const token = (await anonymous.request(StartGuestSessionDocument)).startGuestSession.token.accessToken;
  store.setShopper({ kind: 'guest', accessToken: token });
  return token;
}

/**
 * Makes a signed-in customer the shopper, moving a guest's cart into the customer's (cart merge);
 * returns the merge's warnings (e.g. a quantity reduced to what is in stock).
 */
export async function signedIn(customer: { accessToken: string; refreshToken: string; email: string }): Promise<string[]> {
  const before = store.shopper();
  let notes: string[] = [];
  // Merged before the customer becomes the shopper, so no page shows the customer's cart without the guest's lines.
  if (before.kind === 'guest') {
    const asCustomer = createShopgraphClient({ url: '/graphql', getToken: () => customer.accessToken });
    const merged = (
      await asCustomer.request(MergeGuestCartDocument, { input: { guestToken: before.accessToken, currency: store.currency() } })
    ).mergeGuestCart;
    if (merged.cart) store.setCartCount(merged.cart.itemCount);
    notes = [...merged.warnings.map((w) => w.message), ...merged.userErrors.map((e) => e.message)];
  }
  store.setShopper({ kind: 'customer', ...customer });
  return notes;
}

/** Forgets the shopper (the server-side logout is the caller's). */
export function signedOut(): void {
  store.setShopper({ kind: 'anonymous' });
  store.setCartCount(0);
}
