import { Arg, Args, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import { type RequestContext, pageSize, RequiresPermission } from '@shopgraph/subgraph';
import { inventoryConfig } from '../config.js';
import { type ReservationResult, confirm, extend, listReservations, release, reserve } from '../services/reservation.service.js';
import {
  ExtendReservationInput,
  Reservation,
  ReservationConnection,
  ReservationPayload,
  ReservationsArgs,
  ReserveStockInput,
  ReserveStockPayload,
  SettleReservationInput,
} from './reservation.types.js';

const toPayload = (result: ReservationResult): ReservationPayload => ({
  reservation: result.reservation ? Reservation.from(result.reservation) : null,
  userErrors: result.userErrors,
});

/** Stock reservations: internal calls of the order subgraph, and the admin's list. */
@Resolver(() => Reservation)
export class ReservationResolver {
  @Query(() => ReservationConnection, { description: 'Admin: stock reservations, newest first.' })
  @RequiresPermission('inventory:read')
  async reservations(
    @Args(() => ReservationsArgs) args: ReservationsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<InstanceType<typeof ReservationConnection>> {
    const page = await listReservations(ctx.em, pageSize(args.first), args.after, args.status ?? undefined);
    const edges = page.items.map(({ cursor, reservation }) => ({ cursor, node: Reservation.from(reservation) }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Directive('@inaccessible')
  @Mutation(() => ReserveStockPayload, {
    description: 'Internal (service credential): holds every line or nothing. Repeating the idempotency key returns the same reservation.',
  })
  async reserveStock(
    @Arg('input', () => ReserveStockInput) input: ReserveStockInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReserveStockPayload> {
    requireKind(ctx.identity, 'service');
    const result = await reserve(ctx.em, {
      owner: input.owner,
      idempotencyKey: input.idempotencyKey,
      lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseId: l.warehouseId ?? undefined })),
      ttlSeconds: input.ttlSeconds ?? inventoryConfig().INVENTORY_RESERVATION_TTL_SECONDS,
    });
    return {
      reservation: result.reservation ? Reservation.from(result.reservation) : null,
      shortLines: result.shortLines,
      userErrors: result.userErrors,
    };
  }

  @Directive('@inaccessible')
  @Mutation(() => ReservationPayload, {
    description: 'Internal (service credential): keeps an active reservation until at least the given seconds from now.',
  })
  async extendReservation(
    @Arg('input', () => ExtendReservationInput) input: ExtendReservationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReservationPayload> {
    requireKind(ctx.identity, 'service');
    return toPayload(await extend(ctx.em, input.reservationId, input.seconds));
  }

  @Directive('@inaccessible')
  @Mutation(() => ReservationPayload, { description: 'Internal (service credential): ships the held units. Idempotent.' })
  async confirmReservation(
    @Arg('input', () => SettleReservationInput) input: SettleReservationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReservationPayload> {
    requireKind(ctx.identity, 'service');
    return toPayload(await confirm(ctx.em, input.reservationId));
  }

  @Directive('@inaccessible')
  @Mutation(() => ReservationPayload, { description: 'Internal (service credential): gives the held units back. Idempotent.' })
  async releaseReservation(
    @Arg('input', () => SettleReservationInput) input: SettleReservationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReservationPayload> {
    requireKind(ctx.identity, 'service');
    return toPayload(await release(ctx.em, input.reservationId));
  }
}
