import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_CUSTOMER, DEMO_OWNER } from '@shopgraph/demo-data';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { customerConfig, ownerFromEnv } from './config.js';
import { hashPassword } from './domain/password.js';
import { Customer } from './entities/index.js';
import { ensureFirstOwner } from './services/staff.service.js';

/**
 * Seeds the demo customer once, and the demo owner on a first start, unless the environment names
 * the owner (STAFF_OWNER_EMAIL), who is then created at start-up instead (definition.ts).
 */
export async function seedCustomers(em: EntityManager, runtime: SubgraphRuntime): Promise<void> {
  if (!ownerFromEnv(customerConfig())) await ensureFirstOwner(em, runtime.logger, DEMO_OWNER);
  if (await em.findOne(Customer, { email: DEMO_CUSTOMER.email })) return;
  em.create(Customer, {
    email: DEMO_CUSTOMER.email,
    passwordHash: await hashPassword(DEMO_CUSTOMER.password),
    firstName: DEMO_CUSTOMER.firstName,
    lastName: DEMO_CUSTOMER.lastName,
  });
  await em.flush();
}
