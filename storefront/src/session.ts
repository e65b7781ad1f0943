import { type CurrencyCode, MergeGuestCartDocument, RefreshTokenDocument, StartGuestSessionDocument } from '@shopgraph/client';
import {
  type AnyVariables,
  Client,
  type CombinedError,
  type DocumentInput,
  type OperationContext,
  type OperationResult,
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
} from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { CloseCode, createClient as createWsClient } from 'graphql-ws';

/** Who is shopping: a guest (token only) or a signed-in customer (with a rotating refresh token). */
export type Shopper =
  | { kind: 'anonymous' }
  | { kind: 'guest'; accessToken: string }
  | { kind: 'customer'; accessToken: string; refreshToken: string; email: string };

const SHOPPER_KEY = 'shopgraph.shopper';
const CURRENCY_KEY = 'shopgraph.currency';
const CART_COUNT_KEY = 'shopgraph.cartCount';
const API_URL = '/graphql';

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

/** The data of a result, or its error thrown (a business outcome is data: `userErrors`). */
export function dataOf<T>(result: OperationResult<T>): T {
  if (result.error) throw result.error;
  if (!result.data) throw new Error('The API answered without data');
  return result.data;
}

/** A client without credentials (no cache), for sign-in's cart merge, refresh and guest sessions. */
const anonymous = new Client({ url: API_URL, exchanges: [fetchExchange], preferGetMethod: false });

const send = async <T, V extends AnyVariables>(document: DocumentInput<T, V>, variables: V, context?: Partial<OperationContext>) =>
  dataOf(await anonymous.mutation(document, variables, context).toPromise());

/**
 * A new access token: rotates a customer's refresh token, or starts a new guest session when a
 * guest token expired; undefined when the customer's session is over (the shopper is then anonymous).
 */
async function renewToken(): Promise<string | undefined> {
  const shopper = store.shopper();
  if (shopper.kind === 'customer') {
    const answer = (await send(RefreshTokenDocument, { input: { refreshToken: shopper.refreshToken } })).refreshToken;
    if (!answer.token || !answer.refreshToken) {
      store.setShopper({ kind: 'anonymous' });
      return undefined;
    }
    store.setShopper({ ...shopper, accessToken: answer.token.accessToken, refreshToken: answer.refreshToken });
    return answer.token.accessToken;
  }
  store.setShopper({ kind: 'anonymous' });
  return ensureToken();
}

let renewing: Promise<string | undefined> | undefined;
/** `renewToken`, shared by concurrent expiries (HTTP and WebSocket). */
const refresh = () =>
  (renewing ??= renewToken().finally(() => {
    renewing = undefined;
  }));

/** True for the answer a refreshed access token can fix (`UNAUTHENTICATED` with reason `TOKEN_EXPIRED`). */
const tokenExpired = (error: CombinedError) =>
  error.graphQLErrors.some((e) => e.extensions['code'] === 'UNAUTHENTICATED' && e.extensions['reason'] === 'TOKEN_EXPIRED');

/**
 * The app's urql client: document cache, the stored access token (refreshed once on `TOKEN_EXPIRED`),
 * HTTP POST to the same-origin `/graphql`, and subscriptions over graphql-ws whose every
 * (re)connection carries the token of that moment (a refused one is refreshed first).
 */
export function createApiClient(): Client {
  let refreshBeforeConnect = false;
  const ws = createWsClient({
    url: new URL(API_URL, location.href).toString().replace(/^http/, 'ws'),
    connectionParams: async () => {
      const token = refreshBeforeConnect ? await refresh() : tokenOf(store.shopper());
      refreshBeforeConnect = false;
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    // A refused credential (4403) is worth one more try with a refreshed token; so is a dropped connection.
    shouldRetry: () => true,
    on: {
      closed: (event) => {
        if ((event as { code?: number }).code === CloseCode.Forbidden) refreshBeforeConnect = true;
      },
    },
  });
  return new Client({
    url: API_URL,
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = tokenOf(store.shopper());
          return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation;
        },
        didAuthError: tokenExpired,
        async refreshAuth() {
          await refresh();
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}

/** The shopper's token, starting a guest session first when there is none (the cart needs one). */
export async function ensureToken(): Promise<string> {
  const shopper = store.shopper();
  if (shopper.kind !== 'anonymous') return shopper.accessToken;
  const token = (await send(StartGuestSessionDocument, {})).startGuestSession.token.accessToken;
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
    const merged = (
      await send(
        MergeGuestCartDocument,
        { input: { guestToken: before.accessToken, currency: store.currency() } },
        { fetchOptions: { headers: { authorization: `Bearer ${customer.accessToken}` } } },
      )
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
