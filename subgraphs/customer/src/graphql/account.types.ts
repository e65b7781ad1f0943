import { Field, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { Address } from './address.types.js';
import { LoyaltyEntry } from './loyalty.types.js';
import { CustomerPreferences, PaymentMethod } from './profile.types.js';
import { Customer } from './types.js';

/** Input of `updateProfile`: omitted fields stay as they are. */
@InputType({ description: 'Input of updateProfile; omitted fields are unchanged.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'Given name, 1 to 100 characters.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Family name, 1 to 100 characters.' })
  lastName?: string | null;
}

/** Result of `updateProfile`. */
@ObjectType({ description: 'Result of updateProfile.' })
export class UpdateProfilePayload {
  @Field(() => Customer, { nullable: true, description: 'The customer as now saved; null on failure.' })
  customer!: Customer | null;

  @Field(() => [UserError], { description: 'Why the change failed, if it did.' })
  userErrors!: UserError[];
}

/** Input of `deleteAccount`. */
@InputType({ description: 'Input of deleteAccount.' })
export class DeleteAccountInput {
  @Field({ description: 'The account password, to confirm.' })
  password!: string;
}

/** Result of `deleteAccount`. */
@ObjectType({ description: 'Result of deleteAccount.' })
export class DeleteAccountPayload {
  @Field({ description: 'Whether the account was deleted: personal data erased, every sign-in revoked; orders are kept without it.' })
  deleted!: boolean;

  @Field(() => [UserError], { description: 'Why deletion failed, if it did.' })
  userErrors!: UserError[];
}

/** Everything the shop keeps about the signed-in customer. */
@ObjectType({ description: 'Everything the customer subgraph keeps about the signed-in customer.' })
export class CustomerDataExport {
  @Field({ description: 'When the export was read.' })
  exportedAt!: Date;

  @Field(() => Customer, { description: 'Account: email, names, creation time.' })
  profile!: Customer;

  @Field(() => [Address], { description: 'Address book, oldest first.' })
  addresses!: Address[];

  @Field(() => [PaymentMethod], { description: 'Saved cards, display details only, oldest first.' })
  paymentMethods!: PaymentMethod[];

  @Field(() => CustomerPreferences, { description: 'Communication preferences.' })
  preferences!: CustomerPreferences;

  @Field(() => [LoyaltyEntry], { description: 'The whole loyalty ledger, oldest first.' })
  loyaltyLedger!: LoyaltyEntry[];
}
