import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { orderByKeys, type RequestContext } from '@shopgraph/subgraph';
import { customersByIds, login, startGuestSession } from '../services/auth.service.js';
import { Customer, LoginInput, LoginPayload, StartGuestSessionPayload } from './types.js';

/** Per-request loader of customers by id. */
export function customerLoader(ctx: RequestContext) {
  return ctx.loaders.get<string, Customer | null>('customer', async (ids) =>
    orderByKeys(ids, (await customersByIds(ctx.em, ids)).map(Customer.from), (c) => c.id),
  );
}

function signer(ctx: RequestContext) {
  if (!ctx.runtime.signer) throw new Error('The customer subgraph needs JWT_PRIVATE_KEY to issue tokens');
  return ctx.runtime.signer;
}

/** Accounts and sessions. */
@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: 'The signed-in customer; null for guests and anonymous callers.' })
  me(@Ctx() ctx: RequestContext): Promise<Customer | null> | null {
    return ctx.identity.kind === 'customer' ? customerLoader(ctx).load(ctx.identity.customerId) : null;
  }

  @Mutation(() => StartGuestSessionPayload, { description: 'Issues a guest token so an anonymous shopper can keep a cart.' })
  async startGuestSession(@Ctx() ctx: RequestContext): Promise<StartGuestSessionPayload> {
    return { token: await startGuestSession(signer(ctx)), userErrors: [] };
  }

  @Mutation(() => LoginPayload, { description: 'Signs a customer in with email and password.' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const result = await login(ctx.em, signer(ctx), input.email, input.password);
    return {
      token: result.token ?? null,
      customer: result.customer ? Customer.from(result.customer) : null,
      userErrors: result.userErrors,
    };
  }
}
