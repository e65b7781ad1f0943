import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import type { RequestContext } from '@shopgraph/subgraph';
import { priceCacheOf } from '../services/cached-pricing.service.js';
import { checkoutQuote } from '../services/checkout-quote.service.js';
import { CheckoutQuote, CheckoutQuoteInput, QUOTE_RULES } from './checkout-quote.types.js';

/** The order subgraph's shipping and tax quote (service credential). */
@Resolver()
export class CheckoutQuoteResolver {
  @Directive('@inaccessible')
  @Query(() => CheckoutQuote, {
    description: `Internal: shipping options and tax for a cart, in one call with a bounded number of queries (service credential). ${QUOTE_RULES}`,
  })
  async internalCheckoutQuote(
    @Arg('input', () => CheckoutQuoteInput) input: CheckoutQuoteInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CheckoutQuote> {
    requireKind(ctx.identity, 'service');
    return CheckoutQuote.from(await checkoutQuote(ctx.em, priceCacheOf(ctx.runtime), ctx.runtime.config.BASE_CURRENCY, input));
  }
}
