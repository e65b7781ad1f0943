import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_CUSTOMER } from '@shopgraph/demo-data';
import { hashPassword } from './domain/password.js';
import { Customer } from './entities/index.js';

/** Seeds the demo customer once. */
export async function seedCustomers(em: EntityManager): Promise<void> {
  if (await em.findOne(Customer, { email: DEMO_CUSTOMER.email })) return;
  em.create(Customer, {
    email: DEMO_CUSTOMER.email,
    passwordHash: await hashPassword(DEMO_CUSTOMER.password),
    firstName: DEMO_CUSTOMER.firstName,
    lastName: DEMO_CUSTOMER.lastName,
  });
  await em.flush();
}
