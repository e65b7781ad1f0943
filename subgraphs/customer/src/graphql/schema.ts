import { ForbiddenError } from '@shopgraph/errors';
import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { CustomerResolver, customerLoader } from './customer.resolver.js';

/** The customer subgraph schema. */
export function customerSchema() {
  return buildFederatedSchema({
    resolvers: [CustomerResolver],
    references: {
      Customer: {
        __resolveReference: (ref: { id: string }, ctx: RequestContext) => {
          const who = ctx.identity;
          const allowed = who.kind === 'admin' || who.kind === 'service' || (who.kind === 'customer' && who.customerId === ref.id);
          if (!allowed) throw new ForbiddenError('Not allowed to read this customer');
          return customerLoader(ctx).load(ref.id);
        },
      },
    },
  });
}
