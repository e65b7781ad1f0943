import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Product } from '../../src/entities/index.js';
import { createProduct } from '../../src/services/product-admin.service.js';
import { type CatalogHarness, startCatalog } from './harness.js';

interface OutboxRow {
  name: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
}
type Errors = { code: string; field: string[] | null }[];
interface ProductResult {
  product: { id: string; slug: string; status: string; taxCategory: string; variants: { sku: string; status: string }[] } | null;
  userErrors: Errors;
}
interface VariantResult {
  variant: { sku: string; status: string; weightGrams: number } | null;
  userErrors: Errors;
}

const PRODUCT = 'product { id slug status taxCategory variants { sku status } } userErrors { code field }';
const VARIANT = 'variant { sku status weightGrams } userErrors { code field }';

/** Admin product management; every catalog change writes its event to the outbox in the same transaction. */
describe('catalog product admin and events', () => {
  let h: CatalogHarness;
  let categoryId: string;
  let em: () => EntityManager;

  const outbox = async (): Promise<OutboxRow[]> =>
    em().execute<OutboxRow[]>('select name, aggregate_id, payload from catalog.outbox order by seq');
  /** Runs `action` and returns the outbox rows it added. */
  const eventsOf = async (action: () => Promise<unknown>): Promise<OutboxRow[]> => {
    const before = (await outbox()).length;
    await action();
    return (await outbox()).slice(before);
  };
  const mutate = async <T>(
    name: string,
    inputType: string,
    selection: string,
    input: Record<string, unknown>,
    as: 'admin' | 'anonymous' = 'admin',
  ): Promise<T> => {
    const r = await h.gql<Record<string, T>>(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${selection} } }`, { input }, as);
    expect(r.errors).toBeUndefined();
    return r.data[name]!;
  };
  const create = (input: Record<string, unknown>) => mutate<ProductResult>('createProduct', 'CreateProductInput', PRODUCT, input);
  const update = (input: Record<string, unknown>) => mutate<ProductResult>('updateProduct', 'UpdateProductInput', PRODUCT, input);
  const updateVariant = (input: Record<string, unknown>) =>
    mutate<VariantResult>('updateProductVariant', 'UpdateProductVariantInput', VARIANT, input);
  const newProduct = (slug: string, skus: string[], extra: Record<string, unknown> = {}) => ({
    slug,
    name: `Product ${slug}`,
    categoryId,
    variants: skus.map((sku, i) => ({
      sku,
      name: `${slug} ${i}`,
      basePriceMinor: String(100_000 + i),
      weightGrams: 250,
      options: [{ name: 'size', value: String(i) }],
    })),
    ...extra,
  });

  beforeAll(async () => {
    h = await startCatalog('product_admin');
    em = () => h.running.runtime.orm.em.fork();
    [{ id: categoryId }] = await em().execute<{ id: string }[]>(`select id from catalog.category where slug = 'home-kitchen-cookware'`);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('creates a product with variants and records ProductUpdated (CREATED) with it', async () => {
    let result: ProductResult | undefined;
    const events = await eventsOf(
      async () => (result = await create(newProduct('admin-pan', ['ADM-PAN-1', 'ADM-PAN-2'], { taxCategory: 'REDUCED' }))),
    );
    expect(result!.userErrors).toEqual([]);
    expect(result!.product).toMatchObject({
      slug: 'admin-pan',
      status: 'DRAFT',
      taxCategory: 'REDUCED',
      variants: [
        { sku: 'ADM-PAN-1', status: 'ACTIVE' },
        { sku: 'ADM-PAN-2', status: 'ACTIVE' },
      ],
    });
    expect(events).toEqual([
      {
        name: 'catalog.product-updated',
        aggregate_id: result!.product!.id,
        payload: {
          productId: result!.product!.id,
          slug: 'admin-pan',
          status: 'DRAFT',
          change: 'CREATED',
          skus: ['ADM-PAN-1', 'ADM-PAN-2'],
        },
      },
    ]);
  });

  it('rejects a taken slug or SKU and invalid fields with userErrors, writing nothing and recording no event', async () => {
    const count = async () => Number((await em().execute<{ n: string }[]>('select count(*) as n from catalog.product'))[0]!.n);
    const products = await count();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [newProduct('admin-pan', ['ADM-NEW-1']), 'SLUG_TAKEN', ['input', 'slug']],
      [newProduct('admin-pan-2', ['ADM-PAN-1']), 'SKU_TAKEN', ['input', 'variants']],
      [newProduct('admin-pan-3', ['ADM-X', 'ADM-X']), 'SKU_TAKEN', ['input', 'variants']],
      [
        { ...newProduct('admin-pan-4', ['ADM-NEG']), variants: [{ sku: 'ADM-NEG', name: 'n', basePriceMinor: '-1' }] },
        'INVALID_INPUT',
        ['input', 'variants', '0', 'basePriceMinor'],
      ],
      [newProduct('Not A Slug', ['ADM-SLUG']), 'INVALID_INPUT', ['input', 'slug']],
      [newProduct('admin-pan-5', [], { status: 'ACTIVE' }), 'INVALID_STATUS_TRANSITION', ['input', 'status']],
      [newProduct('admin-pan-6', ['ADM-CAT'], { categoryId: randomUUID() }), 'NOT_FOUND', ['input', 'categoryId']],
    ];
    for (const [input, code, field] of cases) {
      let result: ProductResult | undefined;
      const events = await eventsOf(async () => (result = await create(input)));
      expect(result).toEqual({ product: null, userErrors: [{ code, field }] });
      expect(events).toEqual([]);
    }
    expect(await count()).toBe(products);
  });

  it('rolls the event back with the change when the surrounding transaction fails', async () => {
    const events = await eventsOf(async () => {
      await expect(
        em().transactional(async (tx) => {
          const r = await createProduct(tx, {
            slug: 'rolled-back',
            name: 'Rolled back',
            categoryId,
            variants: [{ sku: 'ADM-ROLLBACK', name: 'r', basePriceMinor: 1n }],
          });
          expect(r.errors).toEqual([]);
          throw new Error('failure after the change');
        }),
      ).rejects.toThrow('failure after the change');
    });
    expect(events).toEqual([]);
    expect(await em().count(Product, { slug: 'rolled-back' })).toBe(0);
  });

  it('moves the status only along the allowed transitions, each change recorded', async () => {
    const { product } = await create(newProduct('admin-wok', ['ADM-WOK-1']));
    const id = product!.id;
    const activated = await eventsOf(async () =>
      expect((await update({ id, status: 'ACTIVE', name: 'Admin Wok' })).product?.status).toBe('ACTIVE'),
    );
    expect(activated.map((e) => [e.name, e.payload.change, e.payload.status])).toEqual([['catalog.product-updated', 'UPDATED', 'ACTIVE']]);

    const archived = await eventsOf(async () => {
      const r = await mutate<ProductResult>('archiveProduct', 'ArchiveProductInput', PRODUCT, { id });
      expect(r.product?.status).toBe('ARCHIVED');
    });
    expect(archived.map((e) => e.payload.change)).toEqual(['ARCHIVED']);

    const refused = await eventsOf(async () =>
      expect((await update({ id, status: 'ACTIVE' })).userErrors).toEqual([
        { code: 'INVALID_STATUS_TRANSITION', field: ['input', 'status'] },
      ]),
    );
    expect(refused).toEqual([]);
    expect((await update({ id, status: 'DRAFT' })).product?.status).toBe('DRAFT');
    expect((await update({ id, slug: 'admin-pan' })).userErrors.map((e) => e.code)).toEqual(['SLUG_TAKEN']);
  });

  it('adds, changes and archives variants; a base price change also records PriceUpdated', async () => {
    const { product } = await create(newProduct('admin-pot', ['ADM-POT-1'], { status: 'ACTIVE' }));
    const added = await mutate<VariantResult>('createProductVariant', 'CreateProductVariantInput', VARIANT, {
      productId: product!.id,
      sku: 'ADM-POT-2',
      name: 'Pot 2',
      basePriceMinor: '5000',
      weightGrams: 900,
    });
    expect(added).toEqual({ variant: { sku: 'ADM-POT-2', status: 'ACTIVE', weightGrams: 900 }, userErrors: [] });
    expect(
      (
        await mutate<VariantResult>('createProductVariant', 'CreateProductVariantInput', VARIANT, {
          productId: product!.id,
          sku: 'ADM-POT-2',
          name: 'again',
          basePriceMinor: '1',
        })
      ).userErrors.map((e) => e.code),
    ).toEqual(['SKU_TAKEN']);

    const repriced = await eventsOf(async () =>
      expect((await updateVariant({ sku: 'ADM-POT-2', basePriceMinor: '6000', weightGrams: 950 })).variant?.weightGrams).toBe(950),
    );
    expect(repriced.map((e) => [e.name, e.payload.change, e.payload.sku ?? e.payload.skus])).toEqual([
      ['catalog.product-updated', 'VARIANT_UPDATED', ['ADM-POT-2']],
      ['catalog.price-updated', 'BASE_PRICE', 'ADM-POT-2'],
    ]);
    const negative = await eventsOf(async () =>
      expect((await updateVariant({ sku: 'ADM-POT-2', basePriceMinor: '-5' })).userErrors).toEqual([
        { code: 'INVALID_INPUT', field: ['input', 'basePriceMinor'] },
      ]),
    );
    expect(negative).toEqual([]);

    const archived = await eventsOf(async () =>
      expect(
        (await mutate<VariantResult>('archiveProductVariant', 'ArchiveProductVariantInput', VARIANT, { sku: 'ADM-POT-2' })).variant?.status,
      ).toBe('ARCHIVED'),
    );
    expect(archived.map((e) => e.payload.change)).toEqual(['VARIANT_ARCHIVED']);
    const listed = await h.gql<{ product: { variants: { sku: string }[] } }>(`query($id: ID!) { product(id: $id) { variants { sku } } }`, {
      id: product!.id,
    });
    expect(listed.data.product.variants.map((v) => v.sku)).toEqual(['ADM-POT-1']);
    // The last active variant of an ACTIVE product stays.
    expect(
      (await mutate<VariantResult>('archiveProductVariant', 'ArchiveProductVariantInput', VARIANT, { sku: 'ADM-POT-1' })).userErrors.map(
        (e) => e.code,
      ),
    ).toEqual(['INVALID_STATUS_TRANSITION']);
  });

  it('records PriceUpdated from every pricing mutation, and none when it fails', async () => {
    const sku = 'ADM-PAN-1';
    const warehouseId = randomUUID();
    const changes = await eventsOf(async () => {
      await h.gql(
        `mutation { setVariantPrice(input: { sku: "${sku}", currency: VND, amountMinor: "120000" }) { userErrors { code } } }`,
        {},
        'admin',
      );
      await h.gql(
        `mutation { setVariantPrice(input: { sku: "${sku}", currency: USD, amountMinor: "499" }) { userErrors { code } } }`,
        {},
        'admin',
      );
      await h.gql(`mutation { setCurrencyRate(input: { currency: USD, rate: "0.00004" }) { userErrors { code } } }`, {}, 'admin');
      await h.gql(
        `mutation { setWarehouseMarkup(input: { warehouseId: "${warehouseId}", kind: PERCENT, value: "250" }) { userErrors { code } } }`,
        {},
        'admin',
      );
      await h.gql(
        `mutation { setQuantityTier(input: { sku: "${sku}", minQuantity: 3, discountBasisPoints: 300 }) { userErrors { code } } }`,
        {},
        'admin',
      );
    });
    expect(changes.map((e) => [e.name, e.payload.change, e.payload.sku, e.payload.currency, e.payload.warehouseId])).toEqual([
      ['catalog.price-updated', 'BASE_PRICE', sku, 'VND', null],
      ['catalog.price-updated', 'LIST_PRICE', sku, 'USD', null],
      ['catalog.price-updated', 'CURRENCY_RATE', null, 'USD', null],
      ['catalog.price-updated', 'WAREHOUSE_MARKUP', null, null, warehouseId],
      ['catalog.price-updated', 'QUANTITY_TIER', sku, null, null],
    ]);
    const versions = changes.map((e) => BigInt(e.payload.pricingVersion as string));
    expect(versions).toEqual(versions.map((_, i) => versions[0]! + BigInt(i)));

    const failures = await eventsOf(async () => {
      await h.gql(
        `mutation { setVariantPrice(input: { sku: "${sku}", currency: VND, amountMinor: "-1" }) { userErrors { code } } }`,
        {},
        'admin',
      );
      await h.gql(
        `mutation { setVariantPrice(input: { sku: "NO-SUCH", currency: VND, amountMinor: "1" }) { userErrors { code } } }`,
        {},
        'admin',
      );
      await h.gql(`mutation { setCurrencyRate(input: { currency: USD, rate: "-2" }) { userErrors { code } } }`, {}, 'admin');
      await h.gql(
        `mutation { setQuantityTier(input: { sku: "NO-SUCH", minQuantity: 3, discountBasisPoints: 300 }) { userErrors { code } } }`,
        {},
        'admin',
      );
    });
    expect(failures).toEqual([]);
  });

  it('refuses product management to non-admins', async () => {
    const r = await h.gql(`mutation { archiveProduct(input: { id: "${randomUUID()}" }) { userErrors { code } } }`, {}, 'anonymous');
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
