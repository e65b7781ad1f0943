import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { TokenSigner, generateKeyPairPem } from '@shopgraph/auth';
import { type CommonConfig, commonEnv, loadConfig } from '@shopgraph/config';
import { OrderDelivered, OrderReturnReceived } from '@shopgraph/contracts';
import { PreparedSql } from '@shopgraph/db';
import { type EventDescriptor, createEnvelope } from '@shopgraph/events';
import { type StartedSubgraph, startSubgraph } from '@shopgraph/subgraph';
import { type TestDatabase, freshDatabase } from '@shopgraph/testing';
import { definition } from '../../src/definition.js';
import { ORDER_EVENTS_CONSUMER } from '../../src/events/order-events.handler.js';

/** A GraphQL answer as received over HTTP. */
export interface RawResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Resolves once `predicate` holds (a database state, a counter), polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Selection of a review in payloads. */
export const REVIEW_FIELDS =
  'id productId authorName rating title body verifiedPurchase status moderationReason helpfulCount merchantReply { body } createdAt';
/** Selection of a review payload. */
export const PAYLOAD = `review { ${REVIEW_FIELDS} } userErrors { code field message }`;

/** The review subgraph alone over a fresh database (or an existing one), called directly. */
export interface ReviewSubgraph {
  running: StartedSubgraph;
  database: TestDatabase;
  config: CommonConfig;
  signer: TokenSigner;
  /** Posts an operation; `token` as Bearer. */
  call<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<RawResponse<T>>;
  /** A token of a new customer (its id is the token's subject). */
  customer(): Promise<{ id: string; token: string }>;
  /** A token of staff with `role`. */
  staff(role?: 'OWNER' | 'CATALOG_MANAGER' | 'FULFILMENT' | 'SUPPORT' | 'READ_ONLY'): Promise<string>;
  /** Publishes an order event as the order subgraph would (through the bus, to every subscribed consumer). */
  publish<P>(descriptor: EventDescriptor<P>, aggregateId: string, payload: P): Promise<string>;
  /** Resolves once the review subgraph's inbox holds the event (it was applied). */
  applied(eventId: string): Promise<void>;
  /** Resolves once every order event delivered to the review subgraph so far has been handled (none waiting or running). */
  settled(): Promise<void>;
  /** Rows of a query on the review schema. */
  rows<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** Starts the review subgraph with its bus, on `existing` when given (a restart), else on a fresh database. */
export async function startReviewSubgraph(
  options: { existing?: { database: TestDatabase; keys: { publicKey: string; privateKey: string } }; env?: Record<string, string> } = {},
): Promise<ReviewSubgraph & { keys: { publicKey: string; privateKey: string } }> {
  const database = options.existing?.database ?? (await freshDatabase('review'));
  const keys = options.existing?.keys ?? generateKeyPairPem();
  const config = loadConfig(commonEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', ...options.env });
  const running = await startSubgraph(definition, { config, port: 0, databaseUrl: database.url, publicKey: keys.publicKey });
  const signer = new TokenSigner(keys.privateKey, config.JWT_ISSUER);
  const call = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as RawResponse<T>;
  };
  const rows = async <R extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await PreparedSql.of(running.runtime.orm.em.fork())).rows<R>('test.query', text, values, { prepare: false });
  return {
    running,
    database,
    config,
    signer,
    keys,
    call,
    rows,
    async customer() {
      const id = randomUUID();
      return { id, token: (await signer.sign(id, { role: 'customer' }, 3600)).token };
    },
    async staff(role = 'OWNER') {
      return (await signer.sign(randomUUID(), { role: 'staff', staffRole: role }, 3600)).token;
    },
    async publish(descriptor, aggregateId, payload) {
      const envelope = createEnvelope(descriptor, { producer: 'order', aggregateId, payload });
      await running.runtime.bus!.publish(envelope);
      return envelope.id;
    },
    async applied(eventId) {
      await waitFor(async () => (await rows(`select 1 from review.inbox where event_id = $1`, [eventId])).length === 1);
    },
    async settled() {
      await waitFor(async () => {
        const counts = await running.runtime.bus!.jobs.jobCounts(ORDER_EVENTS_CONSUMER);
        return counts.waiting === 0 && counts.active === 0;
      });
    },
    async stop() {
      await running.stop();
    },
  };
}

type Payload<D> = D extends EventDescriptor<infer P> ? P : never;
type OrderLine = { productId: string; sku: string; quantity: number };

/** The order events, as the order subgraph sends them: arguments of `publish`. */
export const orderEvents = {
  delivered(o: { orderId: string; customerId: string | null; lines: OrderLine[]; email?: string; deliveredAt?: Date }) {
    const payload: Payload<typeof OrderDelivered> = {
      orderId: o.orderId,
      number: `SG-${o.orderId.slice(0, 6)}`,
      version: 5,
      customerId: o.customerId,
      email: o.email ?? 'shopper@example.com',
      deliveredAt: (o.deliveredAt ?? new Date()).toISOString(),
      lines: o.lines,
    };
    return [OrderDelivered, o.orderId, payload] as [typeof OrderDelivered, string, typeof payload];
  },
  returned(o: { orderId: string; customerId: string | null; lines: OrderLine[] }) {
    const payload: Payload<typeof OrderReturnReceived> = {
      orderId: o.orderId,
      number: `SG-${o.orderId.slice(0, 6)}`,
      version: 7,
      customerId: o.customerId,
      lines: o.lines,
      restock: [],
    };
    return [OrderReturnReceived, o.orderId, payload] as [typeof OrderReturnReceived, string, typeof payload];
  },
};

/** Creates a review through the API and returns the payload; fails the test on GraphQL errors. */
export async function createReview(
  subgraph: ReviewSubgraph,
  token: string,
  input: { productId: string; rating: number; title?: string; body?: string; authorName?: string },
): Promise<any> {
  const res = await subgraph.call(
    `mutation($input: CreateReviewInput!) { createReview(input: $input) { ${PAYLOAD} } }`,
    { input: { title: 'Solid and well made', body: `Works as described, used it for ${randomUUID().slice(0, 8)} days.`, ...input } },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createReview;
}

/** Staff approve or reject a review; returns the payload. */
export async function moderate(
  subgraph: ReviewSubgraph,
  token: string,
  input: { id: string; decision: 'APPROVE' | 'REJECT'; reason?: string },
): Promise<any> {
  const res = await subgraph.call(
    `mutation($input: ModerateReviewInput!) { moderateReview(input: $input) { ${PAYLOAD} } }`,
    { input },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.moderateReview;
}

/** A product's rating as the API shows it. */
export async function ratingOf(
  subgraph: ReviewSubgraph,
  productId: string,
): Promise<{ average: number | null; count: number; histogram: number[] }> {
  const res = await subgraph.call<{
    _entities: { rating: { average: number | null; count: number; histogram: { stars: number; count: number }[] } }[];
  }>(
    `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { rating { average count histogram { stars count } } } } }`,
    { reps: [{ __typename: 'Product', id: productId }] },
  );
  expect(res.errors).toBeUndefined();
  const rating = res.data!._entities[0]!.rating;
  return { average: rating.average, count: rating.count, histogram: rating.histogram.map((b) => b.count) };
}
