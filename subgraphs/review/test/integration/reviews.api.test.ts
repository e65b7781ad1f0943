import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ReviewPolicy } from '../../src/config.js';
import { ModerationReason } from '../../src/domain/moderation.js';
import { reportReview } from '../../src/services/feedback.service.js';
import { PAYLOAD, type ReviewSubgraph, createReview, moderate, ratingOf, startReviewSubgraph } from './harness.js';

let s: ReviewSubgraph;
let staff: string;
beforeAll(async () => {
  s = await startReviewSubgraph();
  staff = await s.staff('CATALOG_MANAGER');
});
afterAll(async () => {
  await s?.stop();
  await s?.database.drop();
});

const update = (token: string, input: Record<string, unknown>) =>
  s.call(`mutation($input: UpdateReviewInput!) { updateReview(input: $input) { ${PAYLOAD} } }`, { input }, token);
const remove = (token: string, id: string) =>
  s.call(
    `mutation($input: DeleteReviewInput!) { deleteReview(input: $input) { deletedReviewId userErrors { code } } }`,
    { input: { id } },
    token,
  );
const vote = (token: string, reviewId: string) =>
  s.call(`mutation($input: VoteReviewHelpfulInput!) { voteReviewHelpful(input: $input) { ${PAYLOAD} } }`, { input: { reviewId } }, token);
const report = (token: string, reviewId: string) =>
  s.call(
    `mutation($input: ReportReviewInput!) { reportReview(input: $input) { ${PAYLOAD} } }`,
    { input: { reviewId, reason: 'SPAM' } },
    token,
  );

/** An approved review of a fresh product by a fresh customer. */
async function approvedReview(rating = 4) {
  const author = await s.customer();
  const productId = randomUUID();
  const created = await createReview(s, author.token, { productId, rating });
  expect(created.review.status).toBe('PENDING');
  expect((await moderate(s, staff, { id: created.review.id, decision: 'APPROVE' })).review.status).toBe('APPROVED');
  return { author, productId, id: created.review.id as string };
}

describe('writing reviews', () => {
  it('takes the author from the token: anonymous callers and staff cannot write, and there is no author input', async () => {
    const input = { productId: randomUUID(), rating: 5, title: 'Great item', body: 'Really liked it a lot.' };
    const anonymous = await s.call(`mutation($input: CreateReviewInput!) { createReview(input: $input) { ${PAYLOAD} } }`, { input });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const asStaff = await s.call(`mutation($input: CreateReviewInput!) { createReview(input: $input) { ${PAYLOAD} } }`, { input }, staff);
    expect(asStaff.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const someone = await s.customer();
    const smuggled = await s.call(
      `mutation($input: CreateReviewInput!) { createReview(input: $input) { ${PAYLOAD} } }`,
      { input: { ...input, customerId: someone.id } },
      (await s.customer()).token,
    );
    expect(smuggled.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('keeps one review per customer and product, and checks stars and lengths', async () => {
    const author = await s.customer();
    const productId = randomUUID();
    const first = await createReview(s, author.token, { productId, rating: 3 });
    expect(first.userErrors).toEqual([]);
    expect(first.review).toMatchObject({ rating: 3, verifiedPurchase: false, status: 'PENDING', authorName: 'Customer' });
    const second = await createReview(s, author.token, { productId, rating: 5 });
    expect(second).toEqual({
      review: null,
      userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'productId'] })],
    });
    const bad = await createReview(s, author.token, { productId: randomUUID(), rating: 6, title: 'ok', body: 'short' });
    expect(bad.userErrors.map((e: { field: string[] }) => e.field[1])).toEqual(['rating', 'title', 'body']);
  });

  it('lets only the author edit or delete a review; to anyone else it does not exist', async () => {
    const { author, productId, id } = await approvedReview(5);
    const other = await s.customer();
    const edit = (await update(other.token, { id, rating: 1 })).data!.updateReview;
    expect(edit).toEqual({ review: null, userErrors: [expect.objectContaining({ code: 'NOT_FOUND' })] });
    expect((await remove(other.token, id)).data!.deleteReview).toEqual({ deletedReviewId: null, userErrors: [{ code: 'NOT_FOUND' }] });
    expect(await ratingOf(s, productId)).toEqual({ average: 5, count: 1, histogram: [0, 0, 0, 0, 1] });

    // The author's edit sends it back to moderation (unverified: it waits for staff) and it leaves the rating meanwhile.
    const edited = (await update(author.token, { id, rating: 2, body: 'Changed my mind after a week of use.' })).data!.updateReview;
    expect(edited.review).toMatchObject({ rating: 2, status: 'PENDING' });
    expect(await ratingOf(s, productId)).toEqual({ average: null, count: 0, histogram: [0, 0, 0, 0, 0] });
    await moderate(s, staff, { id, decision: 'APPROVE' });
    expect(await ratingOf(s, productId)).toEqual({ average: 2, count: 1, histogram: [0, 1, 0, 0, 0] });

    expect((await remove(author.token, id)).data!.deleteReview).toEqual({ deletedReviewId: id, userErrors: [] });
    expect(await ratingOf(s, productId)).toEqual({ average: null, count: 0, histogram: [0, 0, 0, 0, 0] });
  });
});

describe('moderation', () => {
  it('moves the rating exactly on approve and reject, and rejects only for a content reason', async () => {
    const productId = randomUUID();
    const reviews = [];
    for (const rating of [5, 1, 4]) reviews.push((await createReview(s, (await s.customer()).token, { productId, rating })).review.id);
    expect((await ratingOf(s, productId)).count).toBe(0);
    for (const id of reviews) await moderate(s, staff, { id, decision: 'APPROVE' });
    expect(await ratingOf(s, productId)).toEqual({ average: 3.3, count: 3, histogram: [1, 0, 0, 1, 1] });

    const noReason = await moderate(s, staff, { id: reviews[1]!, decision: 'REJECT' });
    expect(noReason.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATUS_TRANSITION', field: ['input', 'reason'] })]);
    const rejected = await moderate(s, staff, { id: reviews[1]!, decision: 'REJECT', reason: 'PROFANITY' });
    expect(rejected.review).toMatchObject({ status: 'REJECTED', moderationReason: 'PROFANITY' });
    expect(await ratingOf(s, productId)).toEqual({ average: 4.5, count: 2, histogram: [0, 0, 0, 1, 1] });
    const again = await moderate(s, staff, { id: reviews[0]!, decision: 'APPROVE' });
    expect(again.userErrors[0].code).toBe('INVALID_STATUS_TRANSITION');
    expect(await ratingOf(s, productId)).toEqual({ average: 4.5, count: 2, histogram: [0, 0, 0, 1, 1] });
  });

  it('needs catalog:write to moderate or reply and catalog:read for the queue; logs every decision', async () => {
    const { id } = await approvedReview();
    const support = await s.staff('SUPPORT');
    const refused = await s.call(
      `mutation($input: ModerateReviewInput!) { moderateReview(input: $input) { ${PAYLOAD} } }`,
      {
        input: { id, decision: 'REJECT', reason: 'SPAM' },
      },
      support,
    );
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const customer = await s.customer();
    const queueByCustomer = await s.call(`{ reviewModerationQueue(first: 5) { totalCount } }`, {}, customer.token);
    expect(queueByCustomer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const reply = await s.call(
      `mutation($input: ReplyToReviewInput!) { replyToReview(input: $input) { ${PAYLOAD} } }`,
      {
        input: { id, body: 'Thank you for the kind words!' },
      },
      staff,
    );
    expect(reply.data!.replyToReview.review.merchantReply).toEqual({ body: 'Thank you for the kind words!' });
    const byCustomer = await s.call(
      `mutation($input: ReplyToReviewInput!) { replyToReview(input: $input) { ${PAYLOAD} } }`,
      {
        input: { id, body: 'Me too' },
      },
      customer.token,
    );
    expect(byCustomer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const log = await s.rows<{ actor: string; to_status: string | null; reason: string | null }>(
      `select actor, to_status, reason from review.moderation_entry where review_id = $1 order by created_at`,
      [id],
    );
    expect(log.map((e) => [e.actor, e.to_status, e.reason])).toEqual([
      ['author', 'PENDING', 'CREATED'],
      ['system', 'PENDING', 'HELD:UNVERIFIED'],
      ['staff', 'APPROVED', null],
      ['staff', 'APPROVED', 'REPLY'],
    ]);
  });

  it('lists pending reviews oldest first for staff', async () => {
    const productId = randomUUID();
    const first = (await createReview(s, (await s.customer()).token, { productId, rating: 2 })).review.id;
    const second = (await createReview(s, (await s.customer()).token, { productId, rating: 3 })).review.id;
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await s.call(
        `query($after: String) { reviewModerationQueue(first: 50, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        await s.staff('READ_ONLY'),
      );
      ids.push(...res.data.reviewModerationQueue.edges.map((e: any) => e.node.id));
      after = res.data.reviewModerationQueue.pageInfo.hasNextPage ? res.data.reviewModerationQueue.pageInfo.endCursor : null;
    } while (after);
    expect(ids.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
  });
});

describe('helpful votes and reports', () => {
  it('counts 25 votes from 50 parallel requests by 25 customers', async () => {
    const { id } = await approvedReview();
    const voters = await Promise.all(Array.from({ length: 25 }, () => s.customer()));
    const results = await Promise.all([...voters, ...voters].map((v) => vote(v.token, id)));
    const accepted = results.filter((r) => r.data!.voteReviewHelpful.userErrors.length === 0);
    expect(accepted).toHaveLength(25);
    const [row] = await s.rows<{ helpful_count: number; votes: string }>(
      `select helpful_count, (select count(*) from review.helpful_vote where review_id = $1) as votes from review.review where id = $1`,
      [id],
    );
    expect(row).toEqual({ helpful_count: 25, votes: '25' });
  });

  it('refuses a second vote and a vote on your own review', async () => {
    const { author, id } = await approvedReview();
    const voter = await s.customer();
    expect((await vote(voter.token, id)).data!.voteReviewHelpful.review.helpfulCount).toBe(1);
    expect((await vote(voter.token, id)).data!.voteReviewHelpful.userErrors[0].code).toBe('INVALID_INPUT');
    expect((await vote(author.token, id)).data!.voteReviewHelpful.userErrors[0].code).toBe('INVALID_INPUT');
  });

  it('hides a review reported by three customers until staff look again, and takes it out of the rating meanwhile', async () => {
    const { productId, id } = await approvedReview(1);
    const reporters = await Promise.all([s.customer(), s.customer(), s.customer()]);
    expect((await report(reporters[0]!.token, id)).data!.reportReview.review.status).toBe('APPROVED');
    expect((await report(reporters[0]!.token, id)).data!.reportReview.userErrors[0].code).toBe('INVALID_INPUT');
    await report(reporters[1]!.token, id);
    expect((await report(reporters[2]!.token, id)).data!.reportReview.review.status).toBe('FLAGGED');
    expect((await ratingOf(s, productId)).count).toBe(0);
    expect((await moderate(s, staff, { id, decision: 'APPROVE' })).review.status).toBe('APPROVED');
    expect(await ratingOf(s, productId)).toEqual({ average: 1, count: 1, histogram: [1, 0, 0, 0, 0] });
  });
});

describe('abuse controls and the author’s own list', () => {
  it('limits how many reviews a customer writes within the window', async () => {
    const author = await s.customer();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => createReview(s, author.token, { productId: randomUUID(), rating: 4 })),
    );
    expect(results.filter((r) => r.review !== null)).toHaveLength(10);
    expect(results.filter((r) => r.userErrors[0]?.code === 'TOO_MANY_ATTEMPTS')).toHaveLength(2);
  });

  it('limits how many reviews a customer reports within the window', async () => {
    const policy: ReviewPolicy = {
      requireVerifiedPurchase: false,
      write: { max: 10, windowSeconds: 3600 },
      report: { max: 2, windowSeconds: 3600 },
      reportHideThreshold: 3,
    };
    const reviews = [await approvedReview(), await approvedReview(), await approvedReview()];
    const reporter = randomUUID();
    const results = [];
    for (const { id } of reviews) {
      results.push(
        await reportReview(s.running.runtime.orm.em.fork(), policy, reporter, { reviewId: id, reason: ModerationReason.OFF_TOPIC }),
      );
    }
    expect(results.map((r) => r.userErrors[0]?.code ?? 'OK')).toEqual(['OK', 'OK', 'TOO_MANY_ATTEMPTS']);
  });

  it('publishes the creation and every status change through the outbox, in the change’s transaction', async () => {
    const { id } = await approvedReview(2);
    const events = await s.rows<{ name: string; payload: any }>(
      `select name, payload from review.outbox where aggregate_id = $1 order by seq`,
      [id],
    );
    expect(events.map((e) => [e.name, e.payload.to ?? e.payload.status])).toEqual([
      ['review.created', 'PENDING'],
      ['review.status-changed', 'APPROVED'],
    ]);
  });

  it('shows a customer their reviews in every state, and nobody else', async () => {
    const author = await s.customer();
    const productId = randomUUID();
    const id = (await createReview(s, author.token, { productId, rating: 4 })).review.id;
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { reviews(first: 10) { totalCount edges { node { id status } } } } } }`;
    const reps = [{ __typename: 'Customer', id: author.id }];
    const own = await s.call(query, { reps }, author.token);
    expect(own.data!._entities[0].reviews).toEqual({ totalCount: 1, edges: [{ node: { id, status: 'PENDING' } }] });
    const other = await s.call(query, { reps }, (await s.customer()).token);
    expect(other.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
