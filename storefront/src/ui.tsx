import { type MoneyLike, formatMoney } from '@shopgraph/client';
import { CombinedError } from '@urql/core';
import type { ReactNode } from 'react';

/** What the shopper reads of a failure: the API's first error message, or why it could not be reached. */
export function messageOf(error: unknown): string {
  if (error instanceof CombinedError) return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A price, formatted in its own currency. */
export function Price({ money, className }: { money: MoneyLike; className?: string }) {
  return (
    <span className={className ?? 'price'} data-currency={money.currencyCode}>
      {formatMoney(money)}
    </span>
  );
}

/** An average rating as stars, with the text a screen reader says. */
export function Rating({ average, count }: { average: number | null | undefined; count: number }) {
  if (!count || average == null) return <span className="muted">No reviews yet</span>;
  const rounded = Math.round(average);
  return (
    <span className="rating" aria-label={`Rated ${average.toFixed(1)} out of 5 from ${count} reviews`}>
      <span aria-hidden="true">{'★'.repeat(rounded) + '☆'.repeat(5 - rounded)}</span> <span className="muted">({count})</span>
    </span>
  );
}

/** Messages for the shopper: `role="alert"` for problems, `role="status"` for news. */
export function Notice({ kind = 'error', children }: { kind?: 'error' | 'info' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** What the storefront shows of a payload's `userErrors`. */
export interface UserErrorLike {
  code: string;
  message: string;
}

/** The user errors of a payload, if any. */
export function UserErrors({ errors }: { errors: readonly UserErrorLike[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <Notice>
      <ul>
        {errors.map((e) => (
          <li key={e.code + e.message} data-code={e.code}>
            {e.message}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

/** A page's loading and error states. */
export function Loading({ error, loading }: { error?: unknown; loading: boolean }) {
  if (error) return <Notice>{messageOf(error)}</Notice>;
  if (loading) return <p aria-busy="true">Loading…</p>;
  return null;
}
