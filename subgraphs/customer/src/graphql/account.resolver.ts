import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { deleteAccount, exportCustomerData, updateProfile } from '../services/account.service.js';
import { CustomerDataExport, DeleteAccountInput, DeleteAccountPayload, UpdateProfileInput, UpdateProfilePayload } from './account.types.js';
import { Address } from './address.types.js';
import { signedInCustomerId } from './guards.js';
import { LoyaltyEntry } from './loyalty.types.js';
import { PaymentMethod } from './profile.types.js';
import { Customer } from './types.js';

/** The signed-in customer's own account: profile, deletion and data export. */
@Resolver()
export class AccountResolver {
  @Mutation(() => UpdateProfilePayload, { description: 'Changes the signed-in customer names.' })
  async updateProfile(
    @Arg('input', () => UpdateProfileInput) input: UpdateProfileInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateProfilePayload> {
    const result = await updateProfile(ctx.em, signedInCustomerId(ctx.identity), {
      ...(input.firstName != null ? { firstName: input.firstName } : {}),
      ...(input.lastName != null ? { lastName: input.lastName } : {}),
    });
    return { customer: result.customer ? Customer.from(result.customer) : null, userErrors: result.userErrors };
  }

  @Mutation(() => DeleteAccountPayload, {
    description: 'Deletes the signed-in customer account after the password is confirmed: personal data is erased, orders are kept.',
  })
  async deleteAccount(
    @Arg('input', () => DeleteAccountInput) input: DeleteAccountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteAccountPayload> {
    const userErrors = await deleteAccount(ctx.em, signedInCustomerId(ctx.identity), input.password);
    return { deleted: userErrors.length === 0, userErrors };
  }

  @Query(() => CustomerDataExport, {
    nullable: true,
    description: 'Everything kept about the signed-in customer, for download; null once the account is deleted.',
  })
  async exportMyData(@Ctx() ctx: RequestContext): Promise<CustomerDataExport | null> {
    const data = await exportCustomerData(ctx.em, signedInCustomerId(ctx.identity));
    if (!data) return null;
    const { customer } = data;
    return {
      exportedAt: new Date(),
      profile: Customer.from(customer),
      addresses: data.addresses.map((a) => Address.from(a, customer)),
      paymentMethods: data.paymentMethods.map(PaymentMethod.from),
      preferences: { marketingOptIn: customer.marketingOptIn, reviewRequestsOptIn: customer.reviewRequestsOptIn },
      loyaltyLedger: data.loyaltyLedger.map(LoyaltyEntry.from),
    };
  }
}
