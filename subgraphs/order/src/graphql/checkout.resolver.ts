import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { type Identity, type Permission, requireKind, requirePermission, shopperKey } from '@shopgraph/auth';
import { MoneyType, money } from '@shopgraph/money';
import type { RequestContext } from '@shopgraph/subgraph';
import type { CheckoutAddress as CheckoutAddressData } from '../domain/checkout-state.js';
import type { CheckoutUpdate } from '../domain/checkout-update.js';
import {
  type CheckoutOutcome,
  type Shopper,
  abandonCheckout,
  describeSession,
  findSession,
  startCheckout,
  updateCheckoutState,
} from '../services/checkout.service.js';
import { currencyOf } from './cart.resolver.js';
import { Cart } from './cart.types.js';
import {
  CheckoutAddress,
  type CheckoutAddressInput,
  CheckoutDiscount,
  CheckoutDiscountKind,
  CheckoutLine,
  CheckoutLoyalty,
  CheckoutPayload,
  CheckoutCard,
  CheckoutSession,
  CheckoutSessionInput,
  CheckoutShippingOption,
  CheckoutTotals,
  PromotionRef,
  StartCheckoutInput,
  UpdateCheckoutStateInput,
} from './checkout.types.js';
import { ProductRef, VariantRef } from './types.js';

/** The caller as a shopper of checkout (staff holding `permission` act for any shopper). */
export function shopperOf(identity: Identity, permission: Permission = 'orders:write'): Shopper {
  if (identity.kind === 'staff') {
    requirePermission(identity, permission);
    return { ownerKey: '', customerId: null, staff: true };
  }
  const shopper = requireKind(identity, 'customer', 'guest');
  return { ownerKey: shopperKey(shopper), customerId: shopper.kind === 'customer' ? shopper.customerId : null, staff: false };
}

/** Maps a computed session to its GraphQL shape (the provider token never leaves the server). */
export function toSession(outcome: CheckoutOutcome): CheckoutSession | null {
  const { session, cart, computation: c } = outcome;
  if (!session || !cart || !c) return null;
  const currency = c.totals.currency;
  const m = MoneyType.from;
  const context = c.facts.context;
  const discounts: CheckoutDiscount[] = [
    ...c.discounted.promotions.map((p) =>
      Object.assign(new CheckoutDiscount(), {
        kind: CheckoutDiscountKind.PROMOTION,
        promotion: Object.assign(new PromotionRef(), { id: p.promotionId }),
        code: p.code,
        points: null,
        amount: m(p.amount),
      }),
    ),
    ...(c.discounted.tierShippingDiscount.amountMinor > 0n
      ? [
          Object.assign(new CheckoutDiscount(), {
            kind: CheckoutDiscountKind.TIER_BENEFIT,
            promotion: null,
            code: null,
            points: null,
            amount: m(c.discounted.tierShippingDiscount),
          }),
        ]
      : []),
    ...(c.discounted.pointsUsed > 0
      ? [
          Object.assign(new CheckoutDiscount(), {
            kind: CheckoutDiscountKind.LOYALTY,
            promotion: null,
            code: null,
            points: c.discounted.pointsUsed,
            amount: m(c.discounted.loyaltyDiscount),
          }),
        ]
      : []),
  ];
  return Object.assign(new CheckoutSession(), {
    id: session.id,
    status: session.status,
    expiresAt: session.expiresAt,
    currency,
    cart: Cart.from(cart, currency),
    lines: c.discounted.lines.map((l) =>
      Object.assign(new CheckoutLine(), {
        id: l.key,
        sku: l.sku,
        name: c.facts.lines.find((f) => f.key === l.key)?.name ?? l.sku,
        quantity: l.quantity,
        unitPrice: m(l.unitPrice),
        lineTotal: m(l.lineTotal),
        promotionDiscount: m(l.promotionDiscount),
        loyaltyDiscount: m(l.loyaltyDiscount),
        total: m(l.amountAfterDiscounts),
        variant: Object.assign(new VariantRef(), { sku: l.sku }),
        product: Object.assign(new ProductRef(), { id: c.facts.lines.find((f) => f.key === l.key)!.productId }),
      }),
    ),
    shippingAddress: session.shippingAddress ? CheckoutAddress.from(session.shippingAddress) : null,
    billingAddress: session.billingAddress ? CheckoutAddress.from(session.billingAddress) : null,
    shippingOptions: c.shippingOptions.map((o) => CheckoutShippingOption.from(o, currency)),
    shippingMethod: c.shipping ? CheckoutShippingOption.from(c.shipping, currency) : null,
    paymentMethod: session.payment ? CheckoutCard.from(session.payment) : null,
    promotionCodes: session.promotionCodes,
    notes: session.notes ?? null,
    email: session.email ?? context?.email ?? null,
    savedAddresses: (context?.addresses ?? []).map((a) => CheckoutAddress.from(a as CheckoutAddressData & { id: string })),
    savedPaymentMethods: (context?.paymentMethods ?? []).map((p) => CheckoutCard.from({ ...p, savedPaymentMethodId: p.id })),
    loyalty: context
      ? Object.assign(new CheckoutLoyalty(), {
          availablePoints: context.loyaltyPoints,
          availableValue: m(money(BigInt(context.loyaltyValue.amountMinor), context.loyaltyValue.currencyCode as typeof currency)),
          maxUsablePoints: Math.min(context.loyaltyPoints, c.discounted.pointsMax),
          pointsToUse: session.loyaltyPoints,
          tier: context.tier,
          pointsMultiplierPercent: context.benefits.pointsMultiplierPercent,
          freeStandardShipping: context.benefits.freeStandardShipping,
        })
      : null,
    totals: Object.assign(new CheckoutTotals(), {
      currency,
      subtotal: m(c.totals.subtotal),
      discounts,
      discountTotal: m(money(c.totals.promotionDiscount.amountMinor + c.totals.loyaltyDiscount.amountMinor, currency)),
      shipping: m(c.totals.shipping),
      tax: m(c.totals.tax),
      exclusiveTax: m(c.totals.exclusiveTax),
      total: m(c.totals.total),
    }),
  });
}

const payload = (outcome: CheckoutOutcome): CheckoutPayload => ({ checkoutSession: toSession(outcome), userErrors: outcome.userErrors });

function addressChoice(input: CheckoutAddressInput | null | undefined) {
  if (input === undefined) return undefined;
  if (input === null) return null;
  return { savedAddressId: input.savedAddressId ?? null, address: input.address ? { ...input.address } : null };
}

/** Checkout sessions: start, update with a totals preview, read, abandon. */
@Resolver(() => CheckoutSession)
export class CheckoutResolver {
  @Query(() => CheckoutSession, {
    nullable: true,
    description:
      "One checkout session of the caller (any for an admin), with totals recomputed now; null for an unknown id. Another shopper's session is FORBIDDEN.",
  })
  async checkoutSession(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<CheckoutSession | null> {
    const session = await findSession(ctx.em, ctx.runtime, shopperOf(ctx.identity, 'orders:read'), id);
    return session ? toSession(await describeSession(ctx.em, ctx.runtime, session)) : null;
  }

  @Mutation(() => CheckoutPayload, {
    description:
      "Starts checkout on the caller's cart: validates every line, holds the stock for 15 minutes and locks the cart (CHECKOUT: edits are refused until the session is abandoned or expires). Returns the session with saved addresses, cards, loyalty and the promotions that apply. Starting again while a session is open returns it.",
  })
  async startCheckout(
    @Arg('input', () => StartCheckoutInput, { nullable: true }) input: StartCheckoutInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CheckoutPayload> {
    return payload(await startCheckout(ctx.em, ctx.runtime, shopperOf(ctx.identity), currencyOf(ctx, input?.currency)));
  }

  @Mutation(() => CheckoutPayload, {
    description:
      'Sets addresses, shipping method, payment method, promotion codes, loyalty points, contact email or notes of an open checkout and returns the totals preview. Any invalid value returns user errors and changes nothing; an expired session gives CHECKOUT_EXPIRED.',
  })
  async updateCheckoutState(
    @Arg('input', () => UpdateCheckoutStateInput) input: UpdateCheckoutStateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CheckoutPayload> {
    const update: CheckoutUpdate = {
      shippingAddress: addressChoice(input.shippingAddress),
      billingAddress: addressChoice(input.billingAddress),
      ...(input.shippingMethodCode !== undefined ? { shippingMethodCode: input.shippingMethodCode } : {}),
      ...(input.payment !== undefined
        ? {
            payment: input.payment
              ? {
                  savedPaymentMethodId: input.payment.savedPaymentMethodId ?? null,
                  card: input.payment.card ? { ...input.payment.card } : null,
                }
              : null,
          }
        : {}),
      ...(input.promotionCodes !== undefined ? { promotionCodes: input.promotionCodes } : {}),
      ...(input.loyaltyPoints !== undefined ? { loyaltyPoints: input.loyaltyPoints } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
    };
    if (update.shippingAddress === undefined) delete update.shippingAddress;
    if (update.billingAddress === undefined) delete update.billingAddress;
    return payload(await updateCheckoutState(ctx.em, ctx.runtime, shopperOf(ctx.identity), input.checkoutSessionId, update));
  }

  @Mutation(() => CheckoutPayload, {
    description: 'Abandons an open checkout: the cart becomes ACTIVE (editable) again and the held stock is released.',
  })
  async abandonCheckout(
    @Arg('input', () => CheckoutSessionInput) input: CheckoutSessionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CheckoutPayload> {
    const outcome = await abandonCheckout(ctx.em, ctx.runtime, shopperOf(ctx.identity), input.checkoutSessionId);
    return payload(outcome.session ? await describeSession(ctx.em, ctx.runtime, outcome.session, outcome.cart ?? undefined) : outcome);
  }
}
