import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { AddressFieldsInput } from '@shopgraph/contracts/graphql';
import type { Address as AddressEntity, Customer as CustomerEntity } from '../entities/index.js';
import { AddressUse } from '../services/address.service.js';

registerEnumType(AddressUse, { name: 'AddressUse', description: 'What a default address is used for.' });

/** An entry of the customer's address book. */
@ObjectType({ description: 'A postal address in the customer address book.' })
export class Address {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Recipient name.' })
  fullName!: string;

  @Field({ description: 'Street and number.' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Apartment, floor, building.' })
  line2!: string | null;

  @Field({ description: 'City or town.' })
  city!: string;

  @Field(() => String, { nullable: true, description: 'State, province or region (required in US, VN, JP).' })
  region!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code in the country format.' })
  postalCode!: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'Contact phone for the carrier.' })
  phone!: string | null;

  @Field({ description: 'Whether this is the default shipping address.' })
  isDefaultShipping!: boolean;

  @Field({ description: 'Whether this is the default billing address.' })
  isDefaultBilling!: boolean;

  /** Maps an entity to its GraphQL shape; the owner tells which defaults it is. */
  static from(e: AddressEntity, owner: Pick<CustomerEntity, 'defaultShippingAddressId' | 'defaultBillingAddressId'>): Address {
    return Object.assign(new Address(), {
      id: e.id,
      fullName: e.fullName,
      line1: e.line1,
      line2: e.line2,
      city: e.city,
      region: e.region,
      postalCode: e.postalCode,
      countryCode: e.countryCode,
      phone: e.phone,
      isDefaultShipping: owner.defaultShippingAddressId === e.id,
      isDefaultBilling: owner.defaultBillingAddressId === e.id,
    });
  }
}

/** Address fields as entered. */
@InputType({ description: 'Address fields as entered; validated per country.' })
export class AddressInput extends AddressFieldsInput {}

/** Input of `createAddress`. */
@InputType({ description: 'Input of createAddress.' })
export class CreateAddressInput {
  @Field(() => AddressInput, { description: 'The new address.' })
  address!: AddressInput;

  @Field(() => [AddressUse], { nullable: true, description: 'Defaults this address becomes.' })
  makeDefaultFor?: AddressUse[] | null;
}

/** Input of `updateAddress`. */
@InputType({ description: 'Input of updateAddress: replaces every field of the address.' })
export class UpdateAddressInput {
  @Field(() => ID, { description: 'The address to change.' })
  id!: string;

  @Field(() => AddressInput, { description: 'The new fields.' })
  address!: AddressInput;
}

/** Input of `deleteAddress`. */
@InputType({ description: 'Input of deleteAddress.' })
export class DeleteAddressInput {
  @Field(() => ID, { description: 'The address to delete.' })
  id!: string;
}

/** Input of `setDefaultAddress`. */
@InputType({ description: 'Input of setDefaultAddress.' })
export class SetDefaultAddressInput {
  @Field(() => ID, { description: 'The address to make the default.' })
  id!: string;

  @Field(() => AddressUse, { description: 'Shipping or billing.' })
  use!: AddressUse;
}

/** Result of address book mutations that leave an address. */
@ObjectType({ description: 'Result of createAddress, updateAddress and setDefaultAddress.' })
export class AddressPayload {
  @Field(() => Address, { nullable: true, description: 'The address as stored; null on failure.' })
  address!: Address | null;

  @Field(() => [UserError], { description: 'Why the change failed, if it did.' })
  userErrors!: UserError[];
}

/** Result of `deleteAddress`. */
@ObjectType({ description: 'Result of deleteAddress.' })
export class DeleteAddressPayload {
  @Field(() => ID, { nullable: true, description: 'Id of the deleted address; null on failure.' })
  deletedAddressId!: string | null;

  @Field(() => [UserError], { description: 'Why the deletion failed, if it did.' })
  userErrors!: UserError[];
}
