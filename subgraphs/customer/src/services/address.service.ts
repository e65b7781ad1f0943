import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, userError, type UserError } from '@shopgraph/errors';
import { type AddressFields, addressProblems, normalizeAddress } from '@shopgraph/contracts/address';
import { Address, Customer } from '../entities/index.js';

/** Which default an address can be. */
export enum AddressUse {
  SHIPPING = 'SHIPPING',
  BILLING = 'BILLING',
}

/** Outcome of an address book change. */
export interface AddressResult {
  address?: Address;
  customer?: Customer;
  userErrors: UserError[];
}

const notFound = (): AddressResult => ({ userErrors: [userError(UserErrorCode.NOT_FOUND, 'Address not found', ['input', 'id'])] });

function validate(fields: AddressFields): { address: AddressFields; userErrors: UserError[] } {
  const address = normalizeAddress(fields);
  const userErrors = addressProblems(address).map((p) => userError(UserErrorCode.INVALID_INPUT, p.message, ['input', 'address', p.field]));
  return { address, userErrors };
}

function setDefault(customer: Customer, addressId: string, use: AddressUse): void {
  if (use === AddressUse.SHIPPING) customer.defaultShippingAddressId = addressId;
  else customer.defaultBillingAddressId = addressId;
}

/** A customer's addresses, oldest first. */
export function addressesOf(em: EntityManager, customerId: string): Promise<Address[]> {
  return em.find(Address, { customerId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Adds an address; optionally makes it a default. */
export async function createAddress(
  em: EntityManager,
  customerId: string,
  fields: AddressFields,
  defaults: AddressUse[] = [],
): Promise<AddressResult> {
  const { address, userErrors } = validate(fields);
  if (userErrors.length) return { userErrors };
  return em.transactional(async (tx) => {
    const customer = await tx.findOneOrFail(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const created = tx.create(Address, { ...address, customerId });
    for (const use of defaults) setDefault(customer, created.id, use);
    await tx.flush();
    return { address: created, customer, userErrors: [] };
  });
}

/** Replaces an address's fields. Another customer's address is reported as not found. */
export async function updateAddress(em: EntityManager, customerId: string, id: string, fields: AddressFields): Promise<AddressResult> {
  const { address, userErrors } = validate(fields);
  if (userErrors.length) return { userErrors };
  return em.transactional(async (tx) => {
    const existing = await tx.findOne(Address, { id, customerId });
    if (!existing) return notFound();
    tx.assign(existing, address);
    await tx.flush();
    return { address: existing, customer: await tx.findOneOrFail(Customer, { id: customerId }), userErrors: [] };
  });
}

/** Deletes an address and clears the defaults that pointed at it. */
export async function deleteAddress(em: EntityManager, customerId: string, id: string): Promise<AddressResult> {
  return em.transactional(async (tx) => {
    const customer = await tx.findOneOrFail(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const existing = await tx.findOne(Address, { id, customerId });
    if (!existing) return notFound();
    if (customer.defaultShippingAddressId === id) customer.defaultShippingAddressId = null;
    if (customer.defaultBillingAddressId === id) customer.defaultBillingAddressId = null;
    tx.remove(existing);
    await tx.flush();
    return { address: existing, customer, userErrors: [] };
  });
}

/** Makes an address the default for shipping or billing. */
export async function setDefaultAddress(em: EntityManager, customerId: string, id: string, use: AddressUse): Promise<AddressResult> {
  return em.transactional(async (tx) => {
    const customer = await tx.findOneOrFail(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const existing = await tx.findOne(Address, { id, customerId });
    if (!existing) return notFound();
    setDefault(customer, id, use);
    await tx.flush();
    return { address: existing, customer, userErrors: [] };
  });
}
