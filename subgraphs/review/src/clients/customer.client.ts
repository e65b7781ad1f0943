import type { SubgraphRuntime } from '@shopgraph/subgraph';

/** What a review request needs to know of a customer. */
export interface CustomerContact {
  firstName: string;
  /** The customer's consent to review requests (customer preferences). */
  allowsReviewRequests: boolean;
}

/**
 * A customer's first name and consent to review requests, read from the customer subgraph with the
 * service credential (its `Customer` entity, whose preferences services may read); null for a
 * customer it does not know.
 */
export async function fetchCustomerContact(runtime: SubgraphRuntime, customerId: string): Promise<CustomerContact | null> {
  const data = await runtime.client('customer').request<{
    _entities: ({ firstName: string; preferences: { reviewRequestsOptIn: boolean } } | null)[];
  }>(
    `query ReviewRequestContact($reps: [_Any!]!) {
      _entities(representations: $reps) { ... on Customer { firstName preferences { reviewRequestsOptIn } } }
    }`,
    { reps: [{ __typename: 'Customer', id: customerId }] },
  );
  const customer = data._entities[0];
  return customer ? { firstName: customer.firstName, allowsReviewRequests: customer.preferences.reviewRequestsOptIn } : null;
}
