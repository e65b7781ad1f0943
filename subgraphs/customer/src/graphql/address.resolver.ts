import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { assertCanReadCustomer, signedInCustomerId } from './guards.js';
import {
  type AddressResult,
  addressesOf,
  createAddress,
  deleteAddress,
  setDefaultAddress,
  updateAddress,
} from '../services/address.service.js';
import {
  Address,
  AddressPayload,
  CreateAddressInput,
  DeleteAddressInput,
  DeleteAddressPayload,
  SetDefaultAddressInput,
  UpdateAddressInput,
} from './address.types.js';
import { Customer } from './types.js';

function payload(result: AddressResult): AddressPayload {
  return {
    address: result.address && result.customer ? Address.from(result.address, result.customer) : null,
    userErrors: result.userErrors,
  };
}

/** The address book: a customer manages their own addresses. */
@Resolver(() => Customer)
export class AddressResolver {
  @FieldResolver(() => [Address], { description: 'Address book, oldest first. Readable by the customer, admins and services.' })
  async addresses(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<Address[]> {
    assertCanReadCustomer(ctx.identity, customer.id);
    return (await addressesOf(ctx.em, customer.id)).map((a) => Address.from(a, customer));
  }

  @Mutation(() => AddressPayload, { description: 'Adds an address to the signed-in customer address book.' })
  async createAddress(
    @Arg('input', () => CreateAddressInput) input: CreateAddressInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AddressPayload> {
    return payload(await createAddress(ctx.em, signedInCustomerId(ctx.identity), input.address, input.makeDefaultFor ?? []));
  }

  @Mutation(() => AddressPayload, { description: 'Replaces the fields of one of the signed-in customer addresses.' })
  async updateAddress(
    @Arg('input', () => UpdateAddressInput) input: UpdateAddressInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AddressPayload> {
    return payload(await updateAddress(ctx.em, signedInCustomerId(ctx.identity), input.id, input.address));
  }

  @Mutation(() => DeleteAddressPayload, { description: 'Deletes one of the signed-in customer addresses.' })
  async deleteAddress(
    @Arg('input', () => DeleteAddressInput) input: DeleteAddressInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteAddressPayload> {
    const result = await deleteAddress(ctx.em, signedInCustomerId(ctx.identity), input.id);
    return { deletedAddressId: result.address ? input.id : null, userErrors: result.userErrors };
  }

  @Mutation(() => AddressPayload, { description: 'Makes one of the signed-in customer addresses the default for shipping or billing.' })
  async setDefaultAddress(
    @Arg('input', () => SetDefaultAddressInput) input: SetDefaultAddressInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AddressPayload> {
    return payload(await setDefaultAddress(ctx.em, signedInCustomerId(ctx.identity), input.id, input.use));
  }
}
