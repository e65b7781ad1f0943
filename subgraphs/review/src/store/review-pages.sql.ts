import { createHash } from 'node:crypto';
import type { PreparedSql } from '@shopgraph/db';
import { decodeCursor, encodeCursor } from '@shopgraph/subgraph';
import type { ReviewStatus } from '../domain/moderation.js';
import type { RatingCounts } from '../domain/rating.js';
import { REVIEW_COLUMNS, type RatingRow, type ReviewRow, type ReviewView, ratingOf, reviewOf } from './rows.js';

/** Orders a list of reviews can be read in. */
export type ReviewSortKey = 'NEWEST' | 'MOST_HELPFUL' | 'HIGHEST' | 'LOWEST' | 'OLDEST';

type Column = 'created_at' | 'id' | 'helpful_count' | 'rating';
/** Each order as keyset columns with directions; the last ones make it total (no two rows tie). */
const SORTS: Record<ReviewSortKey, [Column, 'asc' | 'desc'][]> = {
  NEWEST: [
    ['created_at', 'desc'],
    ['id', 'desc'],
  ],
  MOST_HELPFUL: [
    ['helpful_count', 'desc'],
    ['created_at', 'desc'],
    ['id', 'desc'],
  ],
  HIGHEST: [
    ['rating', 'desc'],
    ['created_at', 'desc'],
    ['id', 'desc'],
  ],
  LOWEST: [
    ['rating', 'asc'],
    ['created_at', 'desc'],
    ['id', 'desc'],
  ],
  OLDEST: [
    ['created_at', 'asc'],
    ['id', 'asc'],
  ],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CAST: Record<Column, string> = { created_at: 'timestamptz', id: 'uuid', helpful_count: 'int', rating: 'int' };

/** One page to read: which reviews (status, stars, verified), in which order, how many, after which cursor. */
export interface PageRequest {
  sort: ReviewSortKey;
  first: number;
  after?: string | undefined;
  statuses: readonly ReviewStatus[];
  rating?: number | undefined;
  verified?: boolean | undefined;
}

/** A page of reviews with cursors. */
export interface ReviewPage {
  items: { cursor: string; node: ReviewView }[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Pages of the same request for several owners (products or customers), by owner id. */
export interface PageGroup {
  scope: { column: 'product_id' | 'customer_id'; ids: readonly string[] } | null;
  request: PageRequest;
}

interface Cursor {
  s: ReviewSortKey;
  v: (string | number)[];
}

function cursorOf(sort: ReviewSortKey, review: ReviewView): string {
  const value = (c: Column) =>
    c === 'created_at' ? review.createdAt.toISOString() : c === 'id' ? review.id : c === 'rating' ? review.rating : review.helpfulCount;
  return encodeCursor({ s: sort, v: SORTS[sort].map(([c]) => value(c)) });
}

/** Whether a cursor value fits its column (a tampered cursor must never reach a cast). */
function fits(column: Column, value: unknown): boolean {
  if (column === 'id') return typeof value === 'string' && UUID.test(value);
  if (column === 'created_at') return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  return Number.isInteger(value) && Math.abs(value as number) < 2 ** 31;
}

function parseCursor(sort: ReviewSortKey, after: string): Cursor {
  const keys = SORTS[sort];
  return decodeCursor(
    after,
    (v): v is Cursor =>
      typeof v === 'object' &&
      v !== null &&
      (v as Cursor).s === sort &&
      Array.isArray((v as Cursor).v) &&
      (v as Cursor).v.length === keys.length &&
      keys.every(([column], i) => fits(column, (v as Cursor).v[i])),
  );
}

/** Builds statement text with numbered parameters. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

function orderBy(sort: ReviewSortKey, alias: string): string {
  return SORTS[sort].map(([c, dir]) => `${alias}.${c} ${dir}`).join(', ');
}

function filterSql(request: PageRequest, params: Params): string {
  const parts = [`r.status = any(${params.add(request.statuses, '"review"."review_status"[]')})`];
  if (request.rating !== undefined) parts.push(`r.rating = ${params.add(request.rating, 'int')}`);
  if (request.verified !== undefined) parts.push(`r.verified_purchase = ${params.add(request.verified, 'boolean')}`);
  return parts.join(' and ');
}

/** `(a, b, c) after (x, y, z)` in the order's directions, as OR-ed prefixes. */
function afterSql(request: PageRequest, params: Params): string {
  if (!request.after) return 'true';
  const cursor = parseCursor(request.sort, request.after);
  const keys = SORTS[request.sort].map(([c, dir], i) => ({ c, op: dir === 'desc' ? '<' : '>', p: params.add(cursor.v[i], CAST[c]) }));
  const prefixes = keys.map((k, i) => [...keys.slice(0, i).map((e) => `r.${e.c} = ${e.p}`), `r.${k.c} ${k.op} ${k.p}`].join(' and '));
  return `(${prefixes.map((p) => `(${p})`).join(' or ')})`;
}

function groupSql(group: PageGroup, index: number, params: Params): string {
  const { request } = group;
  const owner = group.scope ? `r.${group.scope.column} = s.id and ` : '';
  const source = group.scope ? `unnest(${params.add(group.scope.ids, 'uuid[]')}) s(id)` : '(select null::uuid as id) s';
  const filter = filterSql(request, params);
  return `select 'page' as kind, ${index} as grp, coalesce(s.id::text, '') as key,
      (select count(*) from "review"."review" r where ${owner}${filter})::int as total,
      (select coalesce(json_agg(row_to_json(x) order by ${orderBy(request.sort, 'x')}), '[]'::json) from (
        select ${REVIEW_COLUMNS} from "review"."review" r
        where ${owner}${filter} and ${afterSql(request, params)}
        order by ${orderBy(request.sort, 'r')} limit ${params.add(request.first + 1, 'int')}) x) as data
    from ${source}`;
}

/** Product ratings and pages of reviews read together. */
export interface PagesResult {
  ratings: Map<string, RatingCounts>;
  /** Per group (in the order given), pages by owner id ('' for a group without scope). */
  pages: Map<string, ReviewPage>[];
}

/**
 * The ratings of `ratingProductIds` and every page of `groups` in ONE statement, whatever the
 * number of products and orders asked for: what a product page (rating, histogram and the first
 * reviews) and a product listing cost the review subgraph per request.
 */
export async function readPages(sql: PreparedSql, ratingIds: readonly string[], pageGroups: readonly PageGroup[]): Promise<PagesResult> {
  // Ids from representations may be anything: an id that is no UUID has no reviews (and never reaches a uuid cast).
  const ratingProductIds = ratingIds.filter((id) => UUID.test(id));
  const groups = pageGroups.map((g) => (g.scope ? { ...g, scope: { ...g.scope, ids: g.scope.ids.filter((id) => UUID.test(id)) } } : g));
  const params = new Params();
  const parts: string[] = [];
  if (ratingProductIds.length > 0) {
    parts.push(`select 'rating' as kind, null::int as grp, pr.product_id::text as key, null::int as total,
        json_build_object('count', pr.count, 'sum', pr.sum, 'histogram', json_build_array(pr.hist_1, pr.hist_2, pr.hist_3, pr.hist_4, pr.hist_5)) as data
      from "review"."product_rating" pr where pr.product_id = any(${params.add(ratingProductIds, 'uuid[]')})`);
  }
  groups.forEach((group, i) => parts.push(groupSql(group, i, params)));
  const result: PagesResult = { ratings: new Map(), pages: groups.map(() => new Map()) };
  if (parts.length === 0) return result;
  const text = parts.join('\nunion all\n');
  // The text varies with the orders and filters asked for: one prepared statement per shape.
  const name = `review.pages-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
  type Row = { kind: 'rating' | 'page'; grp: number | null; key: string; total: number | null; data: unknown };
  const rows = await sql.rows<Row>(name, text, params.values);
  for (const row of rows) {
    if (row.kind === 'rating') {
      result.ratings.set(row.key, ratingOf(row.data as RatingRow));
      continue;
    }
    const request = groups[row.grp!]!.request;
    const reviews = (row.data as ReviewRow[]).map(reviewOf);
    result.pages[row.grp!]!.set(row.key, {
      items: reviews.slice(0, request.first).map((node) => ({ cursor: cursorOf(request.sort, node), node })),
      hasNextPage: reviews.length > request.first,
      totalCount: row.total ?? 0,
    });
  }
  for (const id of ratingIds) if (!result.ratings.has(id)) result.ratings.set(id, ratingOf(undefined));
  return result;
}
