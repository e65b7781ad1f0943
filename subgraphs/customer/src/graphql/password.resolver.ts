import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { customerConfig, passwordResetRules } from '../config.js';
import { mailerOf } from '../services/mailer.service.js';
import { changePassword, requestPasswordReset, resetPassword } from '../services/password.service.js';
import { signer } from './customer.resolver.js';
import { signedInCustomerId } from './guards.js';
import {
  ChangePasswordInput,
  ChangePasswordPayload,
  RequestPasswordResetInput,
  RequestPasswordResetPayload,
  ResetPasswordInput,
  ResetPasswordPayload,
} from './password.types.js';

/** Password change and reset by mail. */
@Resolver()
export class PasswordResolver {
  @Mutation(() => ChangePasswordPayload, {
    description: 'Changes the signed-in customer password (the current one is required); revokes every other sign-in.',
  })
  async changePassword(
    @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ChangePasswordPayload> {
    const result = await changePassword(ctx.em, signer(ctx), { customerId: signedInCustomerId(ctx.identity), ...input });
    return { token: result.session?.token ?? null, refreshToken: result.session?.refreshToken ?? null, userErrors: result.userErrors };
  }

  @Mutation(() => RequestPasswordResetPayload, {
    description: 'Mails a single-use, time-limited reset link if an account has this email; answers the same either way.',
  })
  requestPasswordReset(
    @Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput,
    @Ctx() ctx: RequestContext,
  ): RequestPasswordResetPayload {
    const rules = passwordResetRules(customerConfig());
    const userErrors = requestPasswordReset(ctx.em, mailerOf(ctx.runtime), ctx.logger, rules, input.email);
    return { accepted: userErrors.length === 0, userErrors };
  }

  @Mutation(() => ResetPasswordPayload, { description: 'Sets a new password with the token of a reset link; revokes every sign-in.' })
  async resetPassword(
    @Arg('input', () => ResetPasswordInput) input: ResetPasswordInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetPasswordPayload> {
    const userErrors = await resetPassword(ctx.em, input);
    return { reset: userErrors.length === 0, userErrors };
  }
}
