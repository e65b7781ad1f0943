import { Arg, Args, ArgsType, Ctx, Field, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, orderByKeys, pageSize, toConnection, type RequestContext, RequiresPermission } from '@shopgraph/subgraph';
import { customerConfig, deviceTokenSecret } from '../config.js';
import { customersByIds, login, register, startGuestSession, type SignInResult } from '../services/auth.service.js';
import { searchCustomers } from '../services/directory.service.js';
import { loginThrottleOf } from '../services/login-throttle.service.js';
import type { SignInGate } from '../services/sign-in.service.js';
import { revokeSession, rotateRefreshToken } from '../services/session.service.js';
import {
  Customer,
  CustomerConnection,
  LoginInput,
  LoginPayload,
  LogoutPayload,
  RefreshTokenInput,
  RefreshTokenPayload,
  RegisterInput,
  RegisterPayload,
  StartGuestSessionPayload,
} from './types.js';

/** Per-request loader of customers by id. */
export function customerLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, Customer | null>('customer', async (ids) =>
    orderByKeys(ids, (await customersByIds(ctx.em, ids)).map(Customer.from), (c) => c.id),
  );
}

/** The token signer of the customer subgraph (it holds the private key). */
export function signer(ctx: RequestContext) {
  if (!ctx.runtime.signer) throw new Error('The customer subgraph needs JWT_PRIVATE_KEY to issue tokens');
  return ctx.runtime.signer;
}

/** What guards password sign-ins: the shared throttle and the device-token secret. */
export function signInGate(ctx: RequestContext): SignInGate {
  return { throttle: loginThrottleOf(ctx.runtime), deviceSecret: deviceTokenSecret(customerConfig()) };
}

function signInPayload(result: SignInResult): RegisterPayload {
  return {
    token: result.session?.token ?? null,
    refreshToken: result.session?.refreshToken ?? null,
    customer: result.customer ? Customer.from(result.customer) : null,
    userErrors: result.userErrors,
  };
}

/** Arguments of `customers`. */
@ArgsType()
class CustomersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Part of the email, first or last name (case-insensitive).' })
  search?: string;
}

/** Accounts and sessions. */
@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: 'The signed-in customer; null for guests and anonymous callers.' })
  me(@Ctx() ctx: RequestContext): Promise<Customer | null> | null {
    return ctx.identity.kind === 'customer' ? customerLoader(ctx).load(ctx.identity.customerId) : null;
  }

  @Query(() => CustomerConnection, { description: 'Admin: customer accounts, newest first, optionally filtered by email or name.' })
  @RequiresPermission('customers:read')
  async customers(
    @Args(() => CustomersArgs) args: CustomersArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<InstanceType<typeof CustomerConnection>> {
    const page = await searchCustomers(ctx.em, args.search, pageSize(args.first), args.after);
    return toConnection({ ...page, items: page.items.map(({ cursor, row }) => ({ cursor, node: Customer.from(row) })) }, args.after);
  }

  @Mutation(() => StartGuestSessionPayload, { description: 'Issues a guest token so an anonymous shopper can keep a cart.' })
  async startGuestSession(@Ctx() ctx: RequestContext): Promise<StartGuestSessionPayload> {
    return { token: await startGuestSession(signer(ctx)), userErrors: [] };
  }

  @Mutation(() => RegisterPayload, { description: 'Creates a customer account and signs it in.' })
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: RequestContext): Promise<RegisterPayload> {
    return signInPayload(await register(ctx.em, signer(ctx), input));
  }

  @Mutation(() => LoginPayload, {
    description:
      'Signs a customer in with email and password. Failed attempts are throttled per email and per IP address, and from a known device (deviceToken) per device.',
  })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const result = await login(ctx.em, signer(ctx), signInGate(ctx), ctx.logger, {
      email: input.email,
      password: input.password,
      clientIp: ctx.clientIp,
      deviceToken: input.deviceToken,
    });
    return { ...signInPayload(result), deviceToken: result.deviceToken ?? null, retryAfterSeconds: result.retryAfterSeconds ?? null };
  }

  @Mutation(() => RefreshTokenPayload, { description: 'Exchanges a refresh token for a new access token and refresh token (rotation).' })
  async refreshToken(
    @Arg('input', () => RefreshTokenInput) input: RefreshTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RefreshTokenPayload> {
    const result = await rotateRefreshToken(ctx.em, signer(ctx), ctx.logger, input.refreshToken);
    return { token: result.session?.token ?? null, refreshToken: result.session?.refreshToken ?? null, userErrors: result.userErrors };
  }

  @Mutation(() => LogoutPayload, { description: 'Signs out: revokes the refresh token and every token rotated from the same sign-in.' })
  async logout(@Arg('input', () => RefreshTokenInput) input: RefreshTokenInput, @Ctx() ctx: RequestContext): Promise<LogoutPayload> {
    const userErrors = await revokeSession(ctx.em, input.refreshToken);
    return { revoked: userErrors.length === 0, userErrors };
  }
}
