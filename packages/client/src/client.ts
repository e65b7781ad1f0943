import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, Kind, print } from 'graphql';
import { type Client, CloseCode, createClient } from 'graphql-ws';
import { type GraphQLErrorShape, ShopgraphError, isTokenExpired } from './errors.js';
import { ConfirmCheckoutDocument, type ConfirmCheckoutMutation, type ExpectedTotalInput } from './generated/graphql.js';

/** How the client reaches the API and gets credentials. */
export interface ShopgraphClientOptions {
  /** The gateway's GraphQL URL, e.g. `http://localhost:4000/graphql` (or `/graphql` in a browser on the same origin). */
  url: string;
  /** Its graphql-ws URL; by default `url` with `ws(s)://` (resolved against the page in a browser). */
  wsUrl?: string;
  /** The current access token, if any: sent as `Authorization: Bearer …` and as the WebSocket's connection parameter. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Gets a new access token when the API answers 401 `UNAUTHENTICATED` with reason `TOKEN_EXPIRED`
   * (e.g. calls `refreshToken` with the stored refresh token, or starts a new guest session), and
   * stores it where `getToken` reads it. The request is sent again once with the new token; a
   * `null` answer gives up. Concurrent expiries share one refresh.
   */
  refreshToken?: () => Promise<string | null | undefined>;
  /** Extra headers on every HTTP request. */
  headers?: Record<string, string>;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** WebSocket implementation for graphql-ws where there is no global one. */
  webSocketImpl?: unknown;
}

/** What `request` and `execute` accept as variables: none when the operation has none. */
export type VariablesOf<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

/** A raw GraphQL answer: data and errors as sent, with the HTTP status. */
export interface ShopgraphResult<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
  status: number;
}

/** Receives a subscription's events. */
export interface SubscriptionObserver<T> {
  next(data: T): void;
  error?(error: ShopgraphError): void;
  complete?(): void;
}

/** The typed client. */
export interface ShopgraphClient {
  /** Sends a query or mutation; its data, or a `ShopgraphError` on any GraphQL or HTTP error. */
  request<T, V>(document: TypedDocumentNode<T, V>, ...variables: VariablesOf<V>): Promise<T>;
  /** Like `request` but hands back data and errors as they came (partial data included). */
  execute<T, V>(document: TypedDocumentNode<T, V>, ...variables: VariablesOf<V>): Promise<ShopgraphResult<T>>;
  /** Starts a subscription over graphql-ws; the returned function ends it. */
  subscribe<T, V>(document: TypedDocumentNode<T, V>, variables: V, observer: SubscriptionObserver<T>): () => void;
  /**
   * `confirmCheckout` with an idempotency key that is made once and reused: while the answer is
   * `PROCESSING` (the saga goes on in the background) or the request fails in transit, it asks
   * again with the same key, so a shopper is never charged twice. Pass `idempotencyKey` to resume
   * a confirmation you started before; with `awaitAction` it also keeps asking while the answer is
   * `ACTION_REQUIRED` (the shopper has just completed 3-D Secure and the provider's webhook is on its way).
   */
  confirmCheckout(
    input: { checkoutSessionId: string; expectedTotal: ExpectedTotalInput; idempotencyKey?: string },
    options?: { maxAttempts?: number; retryDelayMs?: number; awaitAction?: boolean },
  ): Promise<ConfirmCheckoutMutation['confirmCheckout'] & { idempotencyKey: string }>;
  /** Closes the WebSocket, if one is open. */
  dispose(): Promise<void>;
}

/** A fresh idempotency key for `confirmCheckout` (a random UUID). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

const printed = new WeakMap<DocumentNode, { query: string; operationName: string | undefined }>();

/** The query text and operation name of a document, printed once. */
function source(document: DocumentNode): { query: string; operationName: string | undefined } {
  let entry = printed.get(document);
  if (!entry) {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    entry = { query: print(document), operationName: operation && 'name' in operation ? operation.name?.value : undefined };
    printed.set(document, entry);
  }
  return entry;
}

/** `url` as a WebSocket URL (a path resolves against the page's location in a browser). */
function defaultWsUrl(url: string): string {
  // The page's address in a browser; Node has none (and no DOM types where this package is type-checked for tests).
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(url, base).toString().replace(/^http/, 'ws');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the client: queries and mutations over HTTP POST, subscriptions over graphql-ws. */
export function createShopgraphClient(options: ShopgraphClientOptions): ShopgraphClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  let refreshing: Promise<string | null | undefined> | undefined;
  // Set when the server refused the WebSocket's credential: the next connection asks for a new one.
  let refreshBeforeConnect = false;
  let ws: Client | undefined;

  const refresh = () => {
    refreshing ??= (async () => {
      try {
        return await options.refreshToken!();
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };

  const post = async (body: string, token: string | null | undefined): Promise<ShopgraphResult<never>> => {
    let response: Response;
    try {
      response = await fetchImpl(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...options.headers,
        },
        body,
      });
    } catch (error) {
      throw new ShopgraphError(`Could not reach ${options.url}: ${(error as Error).message}`, [], 0, 'NETWORK_ERROR');
    }
    const text = await response.text();
    try {
      return { ...(JSON.parse(text) as Omit<ShopgraphResult<never>, 'status'>), status: response.status };
    } catch {
      throw new ShopgraphError(`HTTP ${response.status} without a GraphQL answer`, [], response.status);
    }
  };

  const execute = async <T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<ShopgraphResult<T>> => {
    const body = JSON.stringify({ ...source(document), variables: variables ?? {} });
    let result = await post(body, await options.getToken?.());
    if (options.refreshToken && isTokenExpired(result.status, result.errors)) {
      const token = await refresh();
      if (token) result = await post(body, token);
    }
    return result as ShopgraphResult<T>;
  };

  const request = async <T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<T> => {
    const result = await execute(document, variables);
    if (result.errors?.length || !result.data) {
      throw new ShopgraphError(result.errors?.[0]?.message ?? `HTTP ${result.status} without data`, result.errors ?? [], result.status);
    }
    return result.data;
  };

  const socket = (): Client =>
    (ws ??= createClient({
      url: options.wsUrl ?? defaultWsUrl(options.url),
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
      // Called for every (re)connection, so a reconnect carries the token of that moment.
      connectionParams: async () => {
        const token = refreshBeforeConnect && options.refreshToken ? await refresh() : await options.getToken?.();
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
    }));

  const client: ShopgraphClient = {
    request: (document, ...variables) => request(document, variables[0]),
    execute: (document, ...variables) => execute(document, variables[0]),
    subscribe(document, variables, observer) {
      return socket().subscribe<never>(
        { ...source(document), variables: (variables ?? {}) as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length)
              observer.error?.(new ShopgraphError(result.errors[0]!.message, result.errors as GraphQLErrorShape[]));
            else if (result.data) observer.next(result.data);
          },
          error: (error) =>
            observer.error?.(
              error instanceof ShopgraphError
                ? error
                : Array.isArray(error)
                  ? new ShopgraphError((error[0] as GraphQLErrorShape).message, error as GraphQLErrorShape[])
                  : new ShopgraphError(`Subscription failed: ${String((error as { reason?: string }).reason ?? error)}`),
            ),
          complete: () => observer.complete?.(),
        },
      );
    },
    async confirmCheckout(input, { maxAttempts = 30, retryDelayMs = 1000, awaitAction = false } = {}) {
      const idempotencyKey = input.idempotencyKey ?? newIdempotencyKey();
      const variables = { input: { checkoutSessionId: input.checkoutSessionId, expectedTotal: input.expectedTotal, idempotencyKey } };
      for (let attempt = 1; ; attempt++) {
        let answer: ConfirmCheckoutMutation['confirmCheckout'] | undefined;
        try {
          answer = (await request(ConfirmCheckoutDocument, variables)).confirmCheckout;
        } catch (error) {
          // Lost in transit: the same key makes asking again safe.
          const transient = error instanceof ShopgraphError && (error.code === 'NETWORK_ERROR' || error.status >= 502);
          if (!transient || attempt >= maxAttempts) throw error;
        }
        const pending = answer && (answer.state === 'PROCESSING' || (awaitAction && answer.state === 'ACTION_REQUIRED'));
        if (answer && (!pending || attempt >= maxAttempts)) return { ...answer, idempotencyKey };
        await sleep(retryDelayMs);
      }
    },
    async dispose() {
      await ws?.dispose();
      ws = undefined;
    },
  };
  return client;
}
