import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@shopgraph/errors';
import { decodeCursor, encodeCursor } from '@shopgraph/subgraph';
import { PreparedSql } from '@shopgraph/db';
import { PRODUCT_COLUMNS, type ProductRow, type RawProduct, productOfRow } from './catalog.service.js';

/** Orders of the product listing. */
export enum ProductSort {
  RELEVANCE = 'RELEVANCE',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
  NEWEST = 'NEWEST',
  NAME = 'NAME',
}

/** What to list: a category subtree, a base-price range and a partial-word search. */
export interface ProductFilter {
  categoryId?: string | null;
  minPriceMinor?: bigint | null;
  maxPriceMinor?: bigint | null;
  search?: string | null;
}

/** A page of products. */
export interface ProductPage {
  items: { cursor: string; product: ProductRow }[];
  hasNextPage: boolean;
  totalCount: number;
}

interface SortKey {
  /** Ordering expression over the filtered rows (`f`), exposed as text for the cursor. */
  key: string;
  /** Cast that turns the cursor text back into the key's type. */
  cast: string;
  direction: 'asc' | 'desc';
}

// Every order ends on the id so that keys are unique and keyset pages never skip or repeat a row.
const SORT_KEYS: Record<Exclude<ProductSort, ProductSort.RELEVANCE> | 'SCORE', SortKey> = {
  NAME: { key: 'f.name', cast: 'text', direction: 'asc' },
  NEWEST: { key: 'f.created_at', cast: 'timestamptz', direction: 'desc' },
  PRICE_ASC: { key: 'f.price', cast: 'bigint', direction: 'asc' },
  PRICE_DESC: { key: 'f.price', cast: 'bigint', direction: 'desc' },
  SCORE: { key: 'f.score', cast: 'int', direction: 'desc' },
};

interface KeyCursor {
  s: string;
  k: string;
  i: string;
}
const isKeyCursor = (v: unknown): v is KeyCursor =>
  typeof v === 'object' && v !== null && ['s', 'k', 'i'].every((f) => typeof (v as Record<string, unknown>)[f] === 'string');

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const SEARCH_TEXT = `(p.name || ' ' || p.description)`;

/**
 * Lists active products with keyset pagination in one query that also returns the page's products as plain rows.
 * Category matches its whole subtree (recursive CTE); price is the lowest variant base price;
 * search matches partial words with a trigram-indexed ILIKE and ranks by trigram similarity.
 * RELEVANCE without a search term orders by name.
 */
export async function searchProducts(
  em: EntityManager,
  filter: ProductFilter,
  sort: ProductSort,
  first: number,
  after?: string,
): Promise<ProductPage> {
  const search = filter.search?.trim() || null;
  const sortKey = SORT_KEYS[sort === ProductSort.RELEVANCE ? (search ? 'SCORE' : 'NAME') : sort];
  const where = [`p.status = 'ACTIVE'`];
  const params: unknown[] = [];
  let tree = '';
  if (filter.categoryId) {
    tree = `with recursive tree as (select id from catalog.category where id = ?::uuid union all select c.id from catalog.category c join tree t on c.parent_id = t.id) `;
    params.push(filter.categoryId);
    where.push('p.category_id in (select id from tree)');
  }
  if (search) params.push(search);
  const score = search ? `round(public.similarity(${SEARCH_TEXT}, ?) * 1000000)::int` : '0';
  if (search) {
    where.push(`${SEARCH_TEXT} ilike ?`);
    params.push(`%${escapeLike(search)}%`);
  }
  const priceWhere: string[] = [];
  if (filter.minPriceMinor != null) priceWhere.push('price >= ?::bigint');
  if (filter.maxPriceMinor != null) priceWhere.push('price <= ?::bigint');
  params.push(...[filter.minPriceMinor, filter.maxPriceMinor].filter((v) => v != null).map(String));

  let cursor: KeyCursor | null = null;
  if (after) {
    cursor = decodeCursor(after, isKeyCursor);
    if (cursor.s !== sort) throw new BadUserInputError('The cursor belongs to another sort order', ['after']);
  }
  // The total is counted over the filtered rows before the keyset cuts them, in the same query.
  // The page's product columns are joined after the keyset and the limit, on the primary key.
  // The text is written with `?` placeholders (no literal holds one) and numbered for the pool.
  const query = async (keyset: boolean, limit: number) => {
    let n = 0;
    // The text varies with the filters: run unprepared, counted under one name.
    return (await PreparedSql.of(em)).rows<{ id: string; k: string; total: string } & RawProduct>(
      'catalog.product-search',
      (
        `${tree}select f.id, (${sortKey.key})::text as k, f.total, ${PRODUCT_COLUMNS} from (` +
        `select q.*, count(*) over () as total from (` +
        `select p.id, p.name, p.created_at, ${score} as score, ` +
        `(select min(v.base_price_minor) from catalog.product_variant v where v.product_id = p.id) as price ` +
        `from catalog.product p where ${where.join(' and ')}) q` +
        `${priceWhere.length ? ` where ${priceWhere.join(' and ')}` : ''}) f join catalog.product p on p.id = f.id ` +
        (keyset ? `where (${sortKey.key}, f.id) ${sortKey.direction === 'asc' ? '>' : '<'} (?::${sortKey.cast}, ?::uuid) ` : '') +
        `order by ${sortKey.key} ${sortKey.direction}, f.id ${sortKey.direction} limit ?`
      ).replace(/\?/g, () => `$${++n}`),
      [...params, ...(keyset && cursor ? [cursor.k, cursor.i] : []), limit],
      { prepare: false },
    );
  };
  const rows = await query(cursor !== null, first + 1);
  const page = rows.slice(0, first);
  // Past the last row the page carries no total; ask for it once.
  const totalRow = rows[0] ?? (cursor ? (await query(false, 1))[0] : undefined);
  return {
    items: page.map((r) => ({ cursor: encodeCursor({ s: sort, k: r.k, i: r.id }), product: productOfRow(r) })),
    hasNextPage: rows.length > first,
    totalCount: totalRow ? Number(totalRow.total) : 0,
  };
}
