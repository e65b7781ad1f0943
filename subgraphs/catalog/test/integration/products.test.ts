import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CatalogHarness, startCatalog } from './harness.js';

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string; description: string; variants: { basePrice: { amountMinor: string } }[] } }[];
}
const PRODUCTS = `query($first: Int, $after: String, $filter: ProductFilterInput, $sort: ProductSort) {
  products(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id name description variants { basePrice { amountMinor } } } }
  }
}`;

/** The products connection on the seeded 200-product demo catalog. */
describe('products connection', () => {
  let h: CatalogHarness;
  const sql = async <T>(q: string, params: unknown[] = []) => h.running.runtime.orm.em.fork().execute<T[]>(q, params);
  const minPrice = '(select min(v.base_price_minor) from catalog.product_variant v where v.product_id = p.id)';

  /** Walks every page and returns the ids in order, checking totalCount on each page. */
  const walk = async (variables: Record<string, unknown>, first = 37): Promise<{ ids: string[]; pages: Page[] }> => {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const r: { data: { products: Page }; errors?: unknown } = await h.gql<{ products: Page }>(PRODUCTS, { ...variables, first, after });
      expect(r.errors).toBeUndefined();
      pages.push(r.data.products);
      after = r.data.products.pageInfo.hasNextPage ? r.data.products.pageInfo.endCursor : null;
    } while (after && pages.length < 50);
    return { ids: pages.flatMap((p) => p.edges.map((e) => e.node.id)), pages };
  };

  beforeAll(async () => {
    h = await startCatalog('products');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each([
    ['NAME', 'p.name asc, p.id asc'],
    ['NEWEST', 'p.created_at desc, p.id desc'],
    ['PRICE_ASC', `${minPrice} asc, p.id asc`],
    ['PRICE_DESC', `${minPrice} desc, p.id desc`],
    ['RELEVANCE', 'p.name asc, p.id asc'],
  ])('pages through all %s without gaps or repeats', async (sort, order) => {
    const expected = (await sql<{ id: string }>(`select p.id from catalog.product p where p.status = 'ACTIVE' order by ${order}`)).map(
      (r) => r.id,
    );
    expect(expected.length).toBeGreaterThanOrEqual(200);
    const { ids, pages } = await walk({ sort });
    expect(ids).toEqual(expected);
    expect(pages.every((p) => p.totalCount === expected.length)).toBe(true);
    expect(pages.length).toBe(Math.ceil(expected.length / 37));
  });

  it('enforces the hard page size', async () => {
    expect((await h.gql<{ products: Page }>(PRODUCTS, { first: 100 })).data.products.edges).toHaveLength(100);
    const r = await h.gql(PRODUCTS, { first: 101 });
    expect((r.errors as { extensions: { code: string } }[])[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('keeps a cursor stable when products are added before it', async () => {
    const first = await h.gql<{ products: Page }>(PRODUCTS, { first: 10, sort: 'NAME' });
    const seen = first.data.products.edges.map((e) => e.node.id);
    const category = (await sql<{ id: string }>('select id from catalog.category limit 1'))[0]!.id;
    await sql(
      `insert into catalog.product (id, slug, name, description, brand, status, category_id, created_at, updated_at) values (gen_random_uuid(), 'aaa-early', 'AAA early bird', '', '', 'ACTIVE', ?, now(), now())`,
      [category],
    );
    const next = await h.gql<{ products: Page }>(PRODUCTS, { first: 10, sort: 'NAME', after: first.data.products.pageInfo.endCursor });
    const expected = (await sql<{ id: string }>(`select p.id from catalog.product p where p.status = 'ACTIVE' order by p.name, p.id`)).map(
      (r) => r.id,
    );
    const at = expected.indexOf(seen.at(-1)!);
    expect(next.data.products.edges.map((e) => e.node.id)).toEqual(expected.slice(at + 1, at + 11));
    await sql(`delete from catalog.product where slug = 'aaa-early'`);
  });

  it('filters by a category including its descendants', async () => {
    const [top] = await sql<{ id: string }>(
      `select c.id from catalog.category c where c.parent_id is null and exists (select 1 from catalog.category k join catalog.category g on g.parent_id = k.id where k.parent_id = c.id) limit 1`,
    );
    const expected = (
      await sql<{ id: string }>(
        `with recursive t as (select id from catalog.category where id = ? union all select c.id from catalog.category c join t on c.parent_id = t.id)
         select p.id from catalog.product p where p.status = 'ACTIVE' and p.category_id in (select id from t) order by p.name, p.id`,
        [top!.id],
      )
    ).map((r) => r.id);
    const direct = await sql<{ n: string }>(`select count(*) as n from catalog.product where category_id = ?`, [top!.id]);
    expect(expected.length).toBeGreaterThan(Number(direct[0]!.n));
    const { ids, pages } = await walk({ filter: { categoryId: top!.id } }, 7);
    expect(ids).toEqual(expected);
    expect(pages[0]!.totalCount).toBe(expected.length);
  });

  it('filters by a base-price range on the lowest variant price, sorted by price', async () => {
    const { ids, pages } = await walk({ filter: { minPriceMinor: '300000', maxPriceMinor: '800000' }, sort: 'PRICE_ASC' }, 25);
    const expected = (
      await sql<{ id: string }>(
        `select p.id from catalog.product p where p.status = 'ACTIVE' and ${minPrice} between 300000 and 800000 order by ${minPrice}, p.id`,
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
    const lows = pages.flatMap((p) => p.edges.map((e) => Math.min(...e.node.variants.map((v) => Number(v.basePrice.amountMinor)))));
    expect(lows.every((x) => x >= 300_000 && x <= 800_000)).toBe(true);
    expect([...lows].sort((a, b) => a - b)).toEqual(lows);
  });

  it('finds products by a partial word in the name or description, ranked by relevance', async () => {
    const [sample] = await sql<{ id: string; name: string }>(
      `select id, name from catalog.product where name ~ '[A-Za-z]{6,}' order by name limit 1 offset 17`,
    );
    const word = sample!.name.split(' ').find((w) => w.length >= 6)!;
    const partial = word.slice(1, 5).toLowerCase();
    const { ids, pages } = await walk({ filter: { search: partial }, sort: 'RELEVANCE' }, 10);
    expect(ids).toContain(sample!.id);
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(nodes.every((n) => `${n.name} ${n.description}`.toLowerCase().includes(partial))).toBe(true);
    const expected = await sql<{ n: string }>(
      `select count(*) as n from catalog.product where status = 'ACTIVE' and (name || ' ' || description) ilike ?`,
      [`%${partial}%`],
    );
    expect(ids).toHaveLength(Number(expected[0]!.n));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages[0]!.totalCount).toBe(ids.length);
    const none = await h.gql<{ products: Page }>(PRODUCTS, { filter: { search: 'zzqx%' } });
    expect(none.data.products).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('ranks search results by trigram similarity, best first', async () => {
    const term = 'shirt';
    const { ids } = await walk({ filter: { search: term }, sort: 'RELEVANCE' }, 9);
    const expected = (
      await sql<{ id: string }>(
        `select id from catalog.product where status = 'ACTIVE' and (name || ' ' || description) ilike ?
         order by round(public.similarity(name || ' ' || description, ?) * 1000000) desc, id desc`,
        [`%${term}%`, term],
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(ids).toEqual(expected);
  });

  it('rejects a cursor from another sort order', async () => {
    const first = await h.gql<{ products: Page }>(PRODUCTS, { first: 2, sort: 'NAME' });
    const r = await h.gql(PRODUCTS, { first: 2, sort: 'NEWEST', after: first.data.products.pageInfo.endCursor });
    expect((r.errors as { extensions: { code: string } }[])[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});
