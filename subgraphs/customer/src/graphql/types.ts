import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
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

  /** Maps an entity to its GraphQL shape. */
  static from(e: CustomerEntity): Customer {
    return Object.assign(new Customer(), { id: e.id, email: e.email, firstName: e.firstName, lastName: e.lastName, createdAt: e.createdAt });
  }
}

/** Credentials for `login`. */
@InputType({ description: 'Credentials for login.' })
export class LoginInput {
  @Field({ description: 'Account email (case-insensitive).' })
  email!: string;

  @Field({ description: 'Account password.' })
  password!: string;
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

  @Field(() => Customer, { nullable: true, description: 'The signed-in customer; null on failure.' })
  customer!: Customer | null;

  @Field(() => [UserError], { description: 'Why login failed, if it did.' })
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
