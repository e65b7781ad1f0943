import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ShopgraphError, type VariablesOf } from '@shopgraph/client';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { api, store } from './session.js';

/** What a page's query is doing. */
export interface QueryState<T> {
  data: T | undefined;
  error: ShopgraphError | undefined;
  loading: boolean;
  /** Runs the query again (after a mutation changed what it shows). */
  reload: () => void;
}

/** Runs one query whenever its variables change: a page's one request. */
export function useQuery<T, V>(document: TypedDocumentNode<T, V>, ...args: VariablesOf<V>): QueryState<T> {
  const key = JSON.stringify(args[0] ?? {});
  const [state, setState] = useState<{ data?: T; error?: ShopgraphError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.request(document, ...args).then(
      (data) => live && setState({ data, loading: false }),
      (error: ShopgraphError) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // `key` stands for the variables (a new object each render).
  }, [document, key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A stored value (`store.shopper`, `store.currency`, `store.cartCount`), re-rendering when it changes. */
export function useStored<T>(get: () => T): T {
  const json = useSyncExternalStore(store.subscribe, () => JSON.stringify(get()));
  return useMemo(() => JSON.parse(json) as T, [json]);
}
