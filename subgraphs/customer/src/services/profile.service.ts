import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { type PaymentMethodFields, paymentMethodProblems } from '@shopgraph/contracts/payment-method';
import { Customer, PaymentMethod } from '../entities/index.js';

/** Communication preferences of a customer. */
export interface Preferences {
  marketingOptIn: boolean;
  reviewRequestsOptIn: boolean;
}

/** A customer's saved payment methods, oldest first. */
export function paymentMethodsOf(em: EntityManager, customerId: string): Promise<PaymentMethod[]> {
  return em.find(PaymentMethod, { customerId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Saves a payment method (token and display details only); saving the same token again returns the stored one. */
export async function addPaymentMethod(
  em: EntityManager,
  customerId: string,
  fields: PaymentMethodFields,
): Promise<{ paymentMethod?: PaymentMethod; userErrors: UserError[] }> {
  const problems = paymentMethodProblems(fields, new Date());
  if (problems.length) return { userErrors: problems.map((p) => userError(UserErrorCode.INVALID_INPUT, p.message, ['input', p.field])) };
  const providerToken = fields.providerToken.trim();
  return em.transactional(async (tx) => {
    const existing = await tx.findOne(PaymentMethod, { customerId, providerToken });
    if (existing) return { paymentMethod: existing, userErrors: [] };
    const created = tx.create(PaymentMethod, { ...fields, providerToken, customerId });
    await tx.flush();
    return { paymentMethod: created, userErrors: [] };
  });
}

/** Removes one of the customer's payment methods; another customer's is reported as not found. */
export async function removePaymentMethod(em: EntityManager, customerId: string, id: string): Promise<UserError[]> {
  const removed = await em.nativeDelete(PaymentMethod, { id, customerId });
  return removed ? [] : [userError(UserErrorCode.NOT_FOUND, 'Payment method not found', ['input', 'id'])];
}

/** Changes the given preferences, leaving the others as they are. */
export async function updatePreferences(em: EntityManager, customerId: string, changes: Partial<Preferences>): Promise<Preferences> {
  return em.transactional(async (tx) => {
    const customer = await tx.findOneOrFail(Customer, { id: customerId });
    if (changes.marketingOptIn !== undefined) customer.marketingOptIn = changes.marketingOptIn;
    if (changes.reviewRequestsOptIn !== undefined) customer.reviewRequestsOptIn = changes.reviewRequestsOptIn;
    await tx.flush();
    return { marketingOptIn: customer.marketingOptIn, reviewRequestsOptIn: customer.reviewRequestsOptIn };
  });
}
