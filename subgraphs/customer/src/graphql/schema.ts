import { buildFederatedSchema, type RequestContext } from '@shopgraph/subgraph';
import { assertCanReadCustomer } from './guards.js';
import { AccountResolver } from './account.resolver.js';
import { AddressResolver } from './address.resolver.js';
import { CustomerResolver, customerLoader } from './customer.resolver.js';
import { LoyaltyResolver } from './loyalty.resolver.js';
import { OrderHistoryResolver } from './order-history.resolver.js';
import { PasswordResolver } from './password.resolver.js';
import { ProfileResolver } from './profile.resolver.js';
import { StaffResolver } from './staff.resolver.js';
import { StandingResolver } from './standing.resolver.js';

/** The customer subgraph schema. */
export function customerSchema() {
  return buildFederatedSchema({
    // Ids looked up in uuid columns: a malformed one is BAD_USER_INPUT before any query (issue 16).
    uuids: [
      'Query.checkoutContext.customerId',
      'UpdateAddressInput.id',
      'DeleteAddressInput.id',
      'SetDefaultAddressInput.id',
      'RemovePaymentMethodInput.id',
      'OrderPointsInput.customerId',
      'ReversePointsInput.customerId',
      'AdjustLoyaltyPointsInput.customerId',
      'DeactivateStaffInput.id',
      'ChangeStaffRoleInput.id',
    ],
    resolvers: [
      CustomerResolver,
      AddressResolver,
      ProfileResolver,
      LoyaltyResolver,
      StandingResolver,
      OrderHistoryResolver,
      AccountResolver,
      PasswordResolver,
      StaffResolver,
    ],
    references: {
      Customer: {
        __resolveReference: (ref: { id: string }, ctx: RequestContext) => {
          assertCanReadCustomer(ctx.identity, ref.id);
          return customerLoader(ctx).load(ref.id);
        },
      },
    },
  });
}
