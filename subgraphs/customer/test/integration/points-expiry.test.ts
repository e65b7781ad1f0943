import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expireDuePoints } from '../../src/services/points-expiry.service.js';
import { type CustomerSubgraph, registerCustomer, startCustomerSubgraph } from './subgraph-client.js';

const EARN = 'mutation($input: OrderPointsInput!) { earnPoints(input: $input) { balance userErrors { code } } }';
const REDEEM = 'mutation($input: OrderPointsInput!) { redeemPoints(input: $input) { balance userErrors { code } } }';
const MY_LOYALTY = '{ me { loyalty { points entries { kind points } } } }';

/** Issue 4: earned points expire after LOYALTY_POINTS_EXPIRE_MONTHS (12 by default), FIFO against what was spent. */
describe('loyalty points expiry', () => {
  let subgraph: CustomerSubgraph;
  const service = { service: true };

  beforeAll(async () => {
    // Read once by the subgraph's config: run the scheduled job every second for the background test.
    process.env.LOYALTY_EXPIRY_INTERVAL_SECONDS = '1';
    subgraph = await startCustomerSubgraph();
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  const em = () => subgraph.running.runtime.orm.em.fork();
  const earn = async (customerId: string, points: number) => {
    const orderId = randomUUID();
    expect((await subgraph.call(EARN, { input: { customerId, orderId, points } }, service)).data!.earnPoints.userErrors).toEqual([]);
    return orderId;
  };
  // Backdated only after every earn and redeem of a test: the job also runs in the background
  // every second, and must not expire points before the test has spent what it means to spend.
  const backdate = (orderId: string, monthsAgo: number) =>
    em().execute(`update customer.loyalty_entry set created_at = now() - make_interval(months => ?) where order_id = ?`, [
      monthsAgo,
      orderId,
    ]);
  const redeem = async (customerId: string, points: number) =>
    expect(
      (await subgraph.call(REDEEM, { input: { customerId, orderId: randomUUID(), points } }, service)).data!.redeemPoints.userErrors,
    ).toEqual([]);
  const loyalty = async (token: string) =>
    (await subgraph.call(MY_LOYALTY, {}, { token })).data!.me.loyalty as { points: number; entries: { kind: string; points: number }[] };
  const expiries = (l: { entries: { kind: string; points: number }[] }) =>
    l.entries.filter((e) => e.kind === 'EXPIRE').map((e) => e.points);
  const run = () => expireDuePoints(em(), 12);

  it('points past expiry are expired exactly once, however often the job runs; the balance stays right', async () => {
    const c = await registerCustomer(subgraph, 'expire-once@example.com');
    await backdate(await earn(c.id, 100), 13);
    await earn(c.id, 50);
    await run();
    await run();
    const after = await loyalty(c.accessToken);
    expect(expiries(after)).toEqual([-100]);
    expect(after.points).toBe(50);
  });

  it('redeemed points are not expired again: only what is left of the old points expires (FIFO)', async () => {
    const c = await registerCustomer(subgraph, 'expire-fifo@example.com');
    const old = await earn(c.id, 100);
    await redeem(c.id, 60);
    await backdate(old, 13);
    await run();
    await run();
    const after = await loyalty(c.accessToken);
    expect(expiries(after)).toEqual([-40]);
    expect(after.points).toBe(0);

    const spent = await registerCustomer(subgraph, 'expire-spent@example.com');
    const oldest = await earn(spent.id, 100);
    const newer = await earn(spent.id, 100);
    await redeem(spent.id, 150);
    await backdate(oldest, 13);
    await backdate(newer, 6);
    await run();
    const untouched = await loyalty(spent.accessToken);
    expect(expiries(untouched)).toEqual([]);
    expect(untouched.points).toBe(50);
  });

  it('points younger than the expiry period stay', async () => {
    const c = await registerCustomer(subgraph, 'expire-young@example.com');
    await backdate(await earn(c.id, 70), 11);
    await run();
    expect(await loyalty(c.accessToken)).toEqual({ points: 70, entries: [{ kind: 'EARN', points: 70 }] });
  });

  it('parallel runs of the job expire the points once', async () => {
    const c = await registerCustomer(subgraph, 'expire-parallel@example.com');
    await backdate(await earn(c.id, 300), 14);
    await Promise.all([run(), run(), run(), run()]);
    const after = await loyalty(c.accessToken);
    expect(expiries(after)).toEqual([-300]);
    expect(after.points).toBe(0);
  });

  it('the scheduled job on the event bus expires due points by itself', async () => {
    const c = await registerCustomer(subgraph, 'expire-scheduled@example.com');
    await earn(c.id, 5);
    await backdate(await earn(c.id, 25), 13);
    const deadline = Date.now() + 20_000;
    let after = await loyalty(c.accessToken);
    while (expiries(after).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await loyalty(c.accessToken);
    }
    expect(expiries(after)).toEqual([-25]);
    expect(after.points).toBe(5);
  });
});
