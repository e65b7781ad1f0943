import { Field, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { AccessToken } from './types.js';

/** Input of `changePassword`. */
@InputType({ description: 'Input of changePassword.' })
export class ChangePasswordInput {
  @Field({ description: 'The password in use now.' })
  currentPassword!: string;

  @Field({ description: 'The new password: at least 10 characters with letters and digits.' })
  newPassword!: string;
}

/** Result of `changePassword`. */
@ObjectType({ description: 'Result of changePassword: a new session for this device; every other sign-in is revoked.' })
export class ChangePasswordPayload {
  @Field(() => AccessToken, { nullable: true, description: 'A new access token for the caller; null on failure.' })
  token!: AccessToken | null;

  @Field(() => String, { nullable: true, description: 'A new refresh token for the caller (earlier ones are revoked); null on failure.' })
  refreshToken!: string | null;

  @Field(() => [UserError], { description: 'Why the change failed, if it did.' })
  userErrors!: UserError[];
}

/** Input of `requestPasswordReset`. */
@InputType({ description: 'Input of requestPasswordReset.' })
export class RequestPasswordResetInput {
  @Field({ description: 'The account email.' })
  email!: string;
}

/** Result of `requestPasswordReset`. */
@ObjectType({
  description: 'Result of requestPasswordReset: the same whether or not an account has the email; if one has, a reset link is mailed.',
})
export class RequestPasswordResetPayload {
  @Field({ description: 'Whether the request was taken (false only for a malformed email).' })
  accepted!: boolean;

  @Field(() => [UserError], { description: 'Why the request was refused, if it was.' })
  userErrors!: UserError[];
}

/** Input of `resetPassword`. */
@InputType({ description: 'Input of resetPassword.' })
export class ResetPasswordInput {
  @Field({ description: 'The token from the reset link.' })
  token!: string;

  @Field({ description: 'The new password: at least 10 characters with letters and digits.' })
  newPassword!: string;
}

/** Result of `resetPassword`. */
@ObjectType({ description: 'Result of resetPassword.' })
export class ResetPasswordPayload {
  @Field({ description: 'Whether the password was changed; every session of the account is then revoked.' })
  reset!: boolean;

  @Field(() => [UserError], { description: 'Why the reset failed, if it did (INVALID_RESET_TOKEN: unknown, used or expired).' })
  userErrors!: UserError[];
}
