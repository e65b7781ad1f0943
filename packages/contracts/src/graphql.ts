import { Field, InputType, registerEnumType } from 'type-graphql';
import { CardBrand } from './payment-method.js';

// Registered here, once, so every subgraph that exposes CardBrand declares the identical enum and
// composition keeps accepting it as one type.
registerEnumType(CardBrand, { name: 'CardBrand', description: 'Brand of a saved card.' });

export { CardBrand };

/**
 * The fields of a postal address as a shopper enters it, once for every subgraph that takes one
 * (the address book's `AddressInput`, checkout's `CheckoutNewAddressInput`); the rules that check
 * them are in `@shopgraph/contracts/address`. Each subgraph declares its own named input type that
 * extends this one and inherits the fields (type-graphql inherits fields only from a declared input
 * type); no field references this one, so no schema prints it.
 */
@InputType('AddressFieldsInput', { description: 'Postal address fields (base of every address input).' })
export abstract class AddressFieldsInput {
  @Field(() => String, { description: 'Recipient name.' })
  fullName!: string;

  @Field(() => String, { description: 'Street and number.' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Apartment, floor, building.' })
  line2?: string | null;

  @Field(() => String, { description: 'City or town.' })
  city!: string;

  @Field(() => String, { nullable: true, description: 'State, province or region (required in US, VN, JP).' })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code in the country format.' })
  postalCode?: string | null;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code; only countries the shop ships to.' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'Contact phone for the carrier.' })
  phone?: string | null;
}
