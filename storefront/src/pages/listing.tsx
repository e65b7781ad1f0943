import type { CurrencyCode } from '@shopgraph/client';
import { type FormEvent, useId } from 'react';
import { useQuery } from 'urql';
import { type ProductSort, StorefrontListingDocument } from '../generated/graphql.js';
import { useStored } from '../hooks.js';
import { Link, navigate } from '../router.js';
import { store } from '../session.js';
import { Loading, Price, Rating } from '../ui.js';

const PAGE_SIZE = 12;
const SORTS: { value: ProductSort; label: string }[] = [
  { value: 'NAME', label: 'Name' },
  { value: 'RELEVANCE', label: 'Relevance' },
  { value: 'PRICE_ASC', label: 'Price: low to high' },
  { value: 'PRICE_DESC', label: 'Price: high to low' },
  { value: 'NEWEST', label: 'Newest' },
];

/** Whole base-currency units (VND) typed by the shopper, as the API's minor units (VND has none). */
const minor = (value: string | null) => (value && /^\d+$/.test(value) ? value : undefined);

/** The product listing: search, category and price filters, sort and paging, in one request. */
export function ListingPage({ query }: { query: URLSearchParams }) {
  const currency = useStored<CurrencyCode>(store.currency);
  const search = query.get('q') ?? '';
  const categoryId = query.get('category') ?? '';
  const sort = (query.get('sort') as ProductSort | null) ?? 'NAME';
  const min = minor(query.get('min'));
  const max = minor(query.get('max'));
  const after = query.get('after');
  const page = Number(query.get('page') ?? '1');
  const filter = {
    ...(search ? { search } : {}),
    ...(categoryId ? { categoryId } : {}),
    ...(min ? { minPriceMinor: min } : {}),
    ...(max ? { maxPriceMinor: max } : {}),
  };
  // The document cache answers a page seen before (back, previous page) without a request.
  const [{ data, error, fetching }] = useQuery({
    query: StorefrontListingDocument,
    variables: { first: PAGE_SIZE, after, sort, filter, currency },
  });
  const ids = { search: useId(), category: useId(), sort: useId(), min: useId(), max: useId() };

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of ['q', 'category', 'sort', 'min', 'max']) {
      const value = String(form.get(key) ?? '').trim();
      if (value) params.set(key, value);
    }
    navigate(`/?${params}`);
  };
  const nextPage = () => {
    const params = new URLSearchParams(query);
    params.set('after', data!.products.pageInfo.endCursor!);
    params.set('page', String(page + 1));
    navigate(`/?${params}`);
  };

  return (
    <section aria-labelledby="listing-title">
      <h1 id="listing-title">Products</h1>
      <form className="filters" role="search" onSubmit={apply} key={query.toString()}>
        <div className="field">
          <label htmlFor={ids.search}>Search</label>
          <input id={ids.search} name="q" type="search" defaultValue={search} />
        </div>
        <div className="field">
          <label htmlFor={ids.category}>Category</label>
          <select id={ids.category} name="category" defaultValue={categoryId}>
            <option value="">All categories</option>
            {data?.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.sort}>Sort by</label>
          <select id={ids.sort} name="sort" defaultValue={sort}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.min}>Min price (₫)</label>
          <input id={ids.min} name="min" inputMode="numeric" pattern="\d*" defaultValue={min ?? ''} />
        </div>
        <div className="field">
          <label htmlFor={ids.max}>Max price (₫)</label>
          <input id={ids.max} name="max" inputMode="numeric" pattern="\d*" defaultValue={max ?? ''} />
        </div>
        <button type="submit">Apply</button>
      </form>
      <Loading error={error} loading={fetching && !data} />
      {data && (
        <>
          <p className="muted" role="status">
            {data.products.totalCount} products{page > 1 ? ` · page ${page}` : ''}
          </p>
          <ul className="product-grid">
            {data.products.edges.map(({ node }) => {
              const price = node.variants[0]?.price.unitPrice;
              return (
                <li key={node.id} className="card">
                  <h2>
                    <Link href={`/product/${encodeURIComponent(node.id)}`}>{node.name}</Link>
                  </h2>
                  <p className="muted">
                    {node.brand} · {node.category.name}
                  </p>
                  {price && <Price money={price} />}
                  <p>{node.inStock ? <span className="in-stock">In stock</span> : <span className="out-of-stock">Out of stock</span>}</p>
                  <Rating average={node.rating.average} count={node.rating.count} />
                  {node.promotions.length > 0 && <p className="promo">{node.promotions.map((p) => p.name).join(', ')}</p>}
                </li>
              );
            })}
          </ul>
          <nav className="pager" aria-label="Pages">
            {page > 1 && (
              <button type="button" onClick={() => history.back()}>
                Previous page
              </button>
            )}
            {data.products.pageInfo.hasNextPage && (
              <button type="button" onClick={nextPage}>
                Next page
              </button>
            )}
          </nav>
        </>
      )}
    </section>
  );
}
