import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import { recordEvent } from '@shopgraph/events';
import type { Mailer } from '@shopgraph/mail';
import type { CustomerContact } from '../clients/customer.client.js';
import { reviewRequestDecision } from '../domain/review-request-policy.js';
import { ReviewRequestSent, ReviewRequestSkipped } from '../events/review.events.js';
import { reviewRequestTemplate } from '../mail/review-request.template.js';
import { type ReviewRequestView, decideRequest, lockReviewRequest, remainingProducts, reviewRequest } from '../store/purchase.sql.js';

/** The job that decides an order's review request when it is due. */
export const REVIEW_REQUEST_JOB = 'review.request';

/** What deciding a review request uses beyond the database. */
export interface ReviewRequestPorts {
  /** The customer's name and consent; null for a customer the customer subgraph does not know. */
  customerContact(customerId: string): Promise<CustomerContact | null>;
  mailer: Mailer;
  /** The page a link opens, with `productId` and `orderId` added. */
  writeUrl: string;
}

/** What became of a request when its job ran. */
export type ReviewRequestOutcome = 'SENT' | 'SKIPPED' | 'NOT_DUE' | 'ALREADY_DECIDED' | 'UNKNOWN';

const linkOf = (writeUrl: string, orderId: string, productId: string) => {
  const url = new URL(writeUrl);
  url.searchParams.set('productId', productId);
  url.searchParams.set('orderId', orderId);
  return url.toString();
};

/**
 * Decides an order's review request once it is due: sends the mail (a link per product not
 * returned) and publishes ReviewRequestSent, or publishes ReviewRequestSkipped with the reason.
 * The customer's consent is read first, then the request is locked and decided in one
 * transaction, so two runs of the job (a retry, two instances) decide it once. The mail goes out
 * before the commit: a failed mail leaves the request scheduled for the job's retry.
 */
export async function decideReviewRequest(
  em: EntityManager,
  ports: ReviewRequestPorts,
  orderId: string,
  now = new Date(),
): Promise<ReviewRequestOutcome> {
  const pool = await PreparedSql.of(em);
  const peek = await reviewRequest(pool, orderId);
  if (!peek) return 'UNKNOWN';
  // `contact` undefined: not asked yet (decided as if the customer allowed requests).
  const decide = async (sql: PreparedSql, request: ReviewRequestView, contact: CustomerContact | null | undefined) =>
    reviewRequestDecision({
      status: request.status,
      dueAt: request.dueAt,
      now,
      customerId: request.customerId,
      allowsRequests: contact === undefined ? true : (contact?.allowsReviewRequests ?? null),
      productIds: await remainingProducts(sql, orderId),
    });
  // Only a request that would be sent needs the customer subgraph, asked before any lock is held.
  const early = await decide(pool, peek, undefined);
  const contact = early.kind === 'SEND' && peek.customerId ? await ports.customerContact(peek.customerId) : undefined;
  return em.transactional(async (tx) => {
    const sql = PreparedSql.ofTransaction(tx);
    const request = await lockReviewRequest(sql, orderId);
    if (!request) return 'UNKNOWN';
    const decision = await decide(sql, request, contact);
    // The request became sendable after the first look (very rare): the job's retry asks the customer.
    if (decision.kind === 'SEND' && contact === undefined) throw new Error(`review request ${orderId} changed while being decided`);
    if (decision.kind === 'DONE') return 'ALREADY_DECIDED';
    if (decision.kind === 'WAIT') return 'NOT_DUE';
    if (decision.kind === 'SKIP') {
      await decideRequest(sql, orderId, 'SKIPPED', decision.reason);
      await recordEvent(tx, ReviewRequestSkipped, {
        aggregateId: orderId,
        payload: { orderId, customerId: request.customerId, reason: decision.reason },
      });
      return 'SKIPPED';
    }
    await ports.mailer.send({
      to: request.email,
      template: reviewRequestTemplate,
      data: {
        firstName: contact!.firstName,
        orderNumber: request.orderNumber,
        links: decision.productIds.map((productId, i) => ({
          label: `Product ${i + 1} of your order`,
          url: linkOf(ports.writeUrl, orderId, productId),
        })),
      },
    });
    await decideRequest(sql, orderId, 'SENT', null);
    await recordEvent(tx, ReviewRequestSent, {
      aggregateId: orderId,
      payload: { orderId, customerId: request.customerId!, email: request.email, productIds: decision.productIds },
    });
    return 'SENT';
  });
}
