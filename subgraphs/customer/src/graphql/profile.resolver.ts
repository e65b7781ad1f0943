import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { assertCanReadCustomer, signedInCustomerId } from './guards.js';
import { addPaymentMethod, paymentMethodsOf, removePaymentMethod, updatePreferences } from '../services/profile.service.js';
import {
  AddPaymentMethodInput,
  AddPaymentMethodPayload,
  CustomerPreferences,
  PaymentMethod,
  RemovePaymentMethodInput,
  RemovePaymentMethodPayload,
  UpdatePreferencesInput,
  UpdatePreferencesPayload,
} from './profile.types.js';
import { Customer } from './types.js';

/** Saved payment methods and preferences of the signed-in customer. */
@Resolver(() => Customer)
export class ProfileResolver {
  @FieldResolver(() => [PaymentMethod], { description: 'Saved cards, oldest first. Readable by the customer, admins and services.' })
  async paymentMethods(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<PaymentMethod[]> {
    assertCanReadCustomer(ctx.identity, customer.id);
    return (await paymentMethodsOf(ctx.em, customer.id)).map(PaymentMethod.from);
  }

  @FieldResolver(() => CustomerPreferences, { description: 'Communication preferences. Readable by the customer, admins and services.' })
  preferences(@Root() customer: Customer, @Ctx() ctx: RequestContext): CustomerPreferences {
    assertCanReadCustomer(ctx.identity, customer.id);
    return { marketingOptIn: customer.marketingOptIn, reviewRequestsOptIn: customer.reviewRequestsOptIn };
  }

  @Mutation(() => AddPaymentMethodPayload, { description: 'Saves a card tokenized by the payment provider for the signed-in customer.' })
  async addPaymentMethod(
    @Arg('input', () => AddPaymentMethodInput) input: AddPaymentMethodInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AddPaymentMethodPayload> {
    const result = await addPaymentMethod(ctx.em, signedInCustomerId(ctx.identity), input);
    return { paymentMethod: result.paymentMethod ? PaymentMethod.from(result.paymentMethod) : null, userErrors: result.userErrors };
  }

  @Mutation(() => RemovePaymentMethodPayload, { description: 'Removes one of the signed-in customer saved cards.' })
  async removePaymentMethod(
    @Arg('input', () => RemovePaymentMethodInput) input: RemovePaymentMethodInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RemovePaymentMethodPayload> {
    const userErrors = await removePaymentMethod(ctx.em, signedInCustomerId(ctx.identity), input.id);
    return { removedPaymentMethodId: userErrors.length ? null : input.id, userErrors };
  }

  @Mutation(() => UpdatePreferencesPayload, { description: 'Changes the signed-in customer communication preferences.' })
  async updatePreferences(
    @Arg('input', () => UpdatePreferencesInput) input: UpdatePreferencesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdatePreferencesPayload> {
    const preferences = await updatePreferences(ctx.em, signedInCustomerId(ctx.identity), {
      ...(input.marketingOptIn != null ? { marketingOptIn: input.marketingOptIn } : {}),
      ...(input.reviewRequestsOptIn != null ? { reviewRequestsOptIn: input.reviewRequestsOptIn } : {}),
    });
    return { preferences, userErrors: [] };
  }
}
