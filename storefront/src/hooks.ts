import { useMemo, useSyncExternalStore } from 'react';
import { store } from './session.js';

/** A stored value (`store.shopper`, `store.currency`, `store.cartCount`), re-rendering when it changes. */
export function useStored<T>(get: () => T): T {
  const json = useSyncExternalStore(store.subscribe, () => JSON.stringify(get()));
  return useMemo(() => JSON.parse(json) as T, [json]);
}
