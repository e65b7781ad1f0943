import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { connectionTypes } from '@shopgraph/subgraph';
import type { Customer as CustomerEntity } from '../entities/index.js';

/** A customer account. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer account.' })
export class Customer {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Sign-in email, lower-cased.' })
  email!: string;

  @Field({ description: 'Given name.' })
  firstName!: string;

  @Field({ description: 'Family name.' })
  lastName!: string;

  @Field({ description: 'When the account was created.' })
  createdAt!: Date;

  /** Read by field resolvers; not exposed as such. */
  defaultShippingAddressId!: string | null;
  defaultBillingAddressId!: string | null;
  marketingOptIn!: boolean;
  reviewRequestsOptIn!: boolean;

  /** Maps an entity to its GraphQL shape. */
  static from(e: CustomerEntity): Customer {
    return Object.assign(new Customer(), {
      id: e.id,
      email: e.email,
      firstName: e.firstName,
      lastName: e.lastName,
      createdAt: e.createdAt,
      defaultShippingAddressId: e.defaultShippingAddressId,
      defaultBillingAddressId: e.defaultBillingAddressId,
      marketingOptIn: e.marketingOptIn,
      reviewRequestsOptIn: e.reviewRequestsOptIn,
    });
  }
}

/** Credentials for `login`. */
@InputType({ description: 'Credentials for login.' })
export class LoginInput {
  @Field({ description: 'Account email (case-insensitive).' })
  email!: string;

  @Field({ description: 'Account password.' })
  password!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The deviceToken an earlier login on this device returned: failed attempts from a known device count against its own budget, so a stranger cannot lock it out.',
  })
  deviceToken?: string | null;
}

/** An access token. */
@ObjectType({ description: 'A signed access token.' })
export class AccessToken {
  @Field({ description: 'Bearer token for the Authorization header.' })
  accessToken!: string;

  @Field({ description: 'When the token stops being accepted.' })
  expiresAt!: Date;
}

/** Result of `login`. */
@ObjectType({ description: 'Result of login.' })
export class LoginPayload {
  @Field(() => AccessToken, { nullable: true, description: 'The new token; null on failure.' })
  token!: AccessToken | null;

  @Field(() => String, { nullable: true, description: 'Opaque refresh token for refreshToken; single use; null on failure.' })
  refreshToken!: string | null;

  @Field(() => Customer, { nullable: true, description: 'The signed-in customer; null on failure.' })
  customer!: Customer | null;

  @Field(() => String, {
    nullable: true,
    description: 'Keep on this device and send with the next login (deviceToken); null on failure.',
  })
  deviceToken!: string | null;

  @Field(() => [UserError], { description: 'Why login failed, if it did.' })
  userErrors!: UserError[];

  @Field(() => Int, {
    nullable: true,
    description: 'When login was refused with TOO_MANY_ATTEMPTS: seconds until attempts are accepted again.',
  })
  retryAfterSeconds!: number | null;
}

/** Account details for `register`. */
@InputType({ description: 'Account details for register.' })
export class RegisterInput {
  @Field({ description: 'Sign-in email; stored lower-cased.' })
  email!: string;

  @Field({ description: 'Password: at least 10 characters with letters and digits.' })
  password!: string;

  @Field({ description: 'Given name.' })
  firstName!: string;

  @Field({ description: 'Family name.' })
  lastName!: string;
}

/** Result of `register`. */
@ObjectType({ description: 'Result of register: the new account, signed in.' })
export class RegisterPayload {
  @Field(() => AccessToken, { nullable: true, description: 'Access token of the new account; null on failure.' })
  token!: AccessToken | null;

  @Field(() => String, { nullable: true, description: 'Opaque refresh token; null on failure.' })
  refreshToken!: string | null;

  @Field(() => Customer, { nullable: true, description: 'The new customer; null on failure.' })
  customer!: Customer | null;

  @Field(() => [UserError], { description: 'Why registration failed, if it did.' })
  userErrors!: UserError[];
}

/** A refresh token presented by the client. */
@InputType({ description: 'A refresh token presented by the client.' })
export class RefreshTokenInput {
  @Field({ description: 'The refresh token returned by login, register or a previous refreshToken.' })
  refreshToken!: string;
}

/** Result of `refreshToken`. */
@ObjectType({ description: 'Result of refreshToken: a new access token and a new refresh token.' })
export class RefreshTokenPayload {
  @Field(() => AccessToken, { nullable: true, description: 'The new access token; null on failure.' })
  token!: AccessToken | null;

  @Field(() => String, { nullable: true, description: 'The next refresh token; the presented one is spent. Null on failure.' })
  refreshToken!: string | null;

  @Field(() => [UserError], { description: 'Why the refresh failed, if it did.' })
  userErrors!: UserError[];
}

/** Result of `logout`. */
@ObjectType({ description: 'Result of logout.' })
export class LogoutPayload {
  @Field({ description: 'Whether the session was revoked.' })
  revoked!: boolean;

  @Field(() => [UserError], { description: 'Why logout failed, if it did.' })
  userErrors!: UserError[];
}

/** Result of `startGuestSession`. */
@ObjectType({ description: 'Result of startGuestSession.' })
export class StartGuestSessionPayload {
  @Field(() => AccessToken, { description: 'A guest token: lets an anonymous shopper keep a cart.' })
  token!: AccessToken;

  @Field(() => [UserError], { description: 'Always empty; present for a uniform payload shape.' })
  userErrors!: UserError[];
}

/** A page of customers (admin). */
export const { Connection: CustomerConnection } = connectionTypes(Customer, 'Customer');
