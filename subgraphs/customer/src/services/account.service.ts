import { IsolationLevel, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { erasedIdentity } from '../domain/erasure.js';
import { verifyPassword } from '../domain/password.js';
import { Address, Customer, LoyaltyEntry, PasswordResetToken, PaymentMethod, RefreshToken } from '../entities/index.js';
import { addressesOf } from './address.service.js';
import { nameErrors } from './auth.service.js';
import { paymentMethodsOf } from './profile.service.js';

/** Profile fields a customer may change; omitted ones stay. */
export interface ProfileChanges {
  firstName?: string;
  lastName?: string;
}

/** Outcome of `updateProfile`. */
export interface ProfileResult {
  customer?: Customer;
  userErrors: UserError[];
}

const notFound = () => [userError(UserErrorCode.NOT_FOUND, 'Account not found', ['input'])];

/** Changes the customer's names after checking them. */
export async function updateProfile(em: EntityManager, customerId: string, changes: ProfileChanges): Promise<ProfileResult> {
  const problems = nameErrors(changes);
  if (problems.length) return { userErrors: problems };
  return em.transactional(async (tx) => {
    const customer = await tx.findOne(Customer, { id: customerId, deletedAt: null });
    if (!customer) return { userErrors: notFound() };
    if (changes.firstName !== undefined) customer.firstName = changes.firstName.trim();
    if (changes.lastName !== undefined) customer.lastName = changes.lastName.trim();
    await tx.flush();
    return { customer, userErrors: [] };
  });
}

/**
 * Deletes an account after the password is confirmed. Personal data is erased: names and email
 * become placeholders, the password can no longer match, and addresses, saved cards, preferences,
 * sessions and reset links are removed. The row and the loyalty ledger stay, so orders (kept by the
 * order subgraph under this customer id) and the ledger's order references still resolve.
 */
export async function deleteAccount(em: EntityManager, customerId: string, password: string): Promise<UserError[]> {
  const customer = await em.findOne(Customer, { id: customerId, deletedAt: null });
  if (!customer) return notFound();
  if (!(await verifyPassword(password, customer.passwordHash)))
    return [userError(UserErrorCode.INVALID_CREDENTIALS, 'The password is incorrect', ['input', 'password'])];
  await em.transactional(async (tx) => {
    const locked = await tx.findOneOrFail(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    Object.assign(locked, erasedIdentity(customerId), {
      defaultShippingAddressId: null,
      defaultBillingAddressId: null,
      marketingOptIn: false,
      reviewRequestsOptIn: false,
      deletedAt: new Date(),
    });
    await tx.nativeDelete(Address, { customerId });
    await tx.nativeDelete(PaymentMethod, { customerId });
    await tx.nativeDelete(RefreshToken, { customerId });
    await tx.nativeDelete(PasswordResetToken, { customerId });
    await tx.flush();
  });
  return [];
}

/** Everything the shop keeps about a customer, for the customer to take away. */
export interface CustomerData {
  customer: Customer;
  addresses: Address[];
  paymentMethods: PaymentMethod[];
  loyaltyLedger: LoyaltyEntry[];
}

/** Reads the customer's data from one snapshot, so the parts agree with each other; null for an unknown or deleted account. */
export function exportCustomerData(em: EntityManager, customerId: string): Promise<CustomerData | null> {
  return em.transactional(
    async (tx) => {
      const customer = await tx.findOne(Customer, { id: customerId, deletedAt: null });
      if (!customer) return null;
      return {
        customer,
        addresses: await addressesOf(tx, customerId),
        paymentMethods: await paymentMethodsOf(tx, customerId),
        loyaltyLedger: await tx.find(LoyaltyEntry, { customerId }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
