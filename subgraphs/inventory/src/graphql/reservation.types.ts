import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@shopgraph/errors';
import { ConnectionArgs, connectionTypes } from '@shopgraph/subgraph';
import { ReservationStatus } from '../entities/index.js';
import type { ReservationLineView, ReservationView } from '../services/reservation.service.js';

registerEnumType(ReservationStatus, {
  name: 'ReservationStatus',
  description: 'Lifecycle of a stock reservation: only ACTIVE holds stock.',
});

/** Units held in one warehouse. */
@ObjectType({ description: 'Units of one SKU held in one warehouse by a reservation.' })
export class ReservationLine {
  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field(() => ID, { description: 'Id of the warehouse the units are held in.' })
  warehouseId!: string;

  @Field(() => Int, { description: 'Units held.' })
  quantity!: number;

  /** Maps a line to its GraphQL shape. */
  static from(l: ReservationLineView): ReservationLine {
    return Object.assign(new ReservationLine(), { sku: l.sku, warehouseId: l.warehouseId, quantity: l.quantity });
  }
}

/** Stock held for an owner. */
@ObjectType({ description: 'Stock held for a checkout until it is confirmed, released or expires.' })
export class Reservation {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Who holds the stock, e.g. a checkout session id.' })
  owner!: string;

  @Field(() => ReservationStatus, { description: 'Lifecycle status.' })
  status!: ReservationStatus;

  @Field({ description: 'When an ACTIVE reservation is released unless extended or confirmed.' })
  expiresAt!: Date;

  @Field({ description: 'When the stock was reserved.' })
  createdAt!: Date;

  @Field(() => [ReservationLine], { description: 'Held units per SKU and warehouse.' })
  lines!: ReservationLine[];

  /** Maps a reservation with its lines to its GraphQL shape. */
  static from(e: ReservationView): Reservation {
    return Object.assign(new Reservation(), {
      id: e.id,
      owner: e.owner,
      status: e.status,
      expiresAt: e.expiresAt,
      createdAt: e.createdAt,
      lines: e.lines.map(ReservationLine.from),
    });
  }
}

const reservationConnection = connectionTypes(Reservation, 'Reservation');
/** A page of reservations. */
export const ReservationConnection = reservationConnection.Connection;

/** Arguments of `reservations`. */
@ArgsType()
export class ReservationsArgs extends ConnectionArgs {
  @Field(() => ReservationStatus, { nullable: true, description: 'Only reservations with this status.' })
  status?: ReservationStatus;
}

/** One requested line of `reserveStock`. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: units of a SKU to hold.' })
export class ReserveStockLineInput {
  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field(() => Int, { description: 'Units to hold.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'Take the units only from this warehouse; by priority across warehouses when absent.' })
  warehouseId?: string;
}

/** Input of `reserveStock`. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: what to hold, for whom, and for how long.' })
export class ReserveStockInput {
  @Field({ description: 'Who holds the stock, e.g. a checkout session id.' })
  owner!: string;

  @Field({ description: 'Repeating the call with the same key returns the same reservation and holds nothing more.' })
  idempotencyKey!: string;

  @Field(() => [ReserveStockLineInput], { description: 'Lines to hold; all are held or none.' })
  lines!: ReserveStockLineInput[];

  @Field(() => Int, { nullable: true, description: 'Seconds to hold the stock; the configured default (15 minutes) when absent.' })
  ttlSeconds?: number;
}

/** A line `reserveStock` could not fill. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: a requested line that could not be filled.' })
export class ShortStockLine {
  @Field(() => ID, { description: 'The SKU.' })
  sku!: string;

  @Field(() => Int, { description: 'Units requested.' })
  requested!: number;

  @Field(() => Int, { description: 'Units that could have been held.' })
  available!: number;
}

/** Result of `reserveStock`. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: the reservation, or the short lines and nothing held.' })
export class ReserveStockPayload {
  @Field(() => Reservation, { nullable: true, description: 'The reservation, when every line was held.' })
  reservation!: Reservation | null;

  @Field(() => [ShortStockLine], { description: 'Lines that could not be filled; empty on success.' })
  shortLines!: ShortStockLine[];

  @Field(() => [UserError], { description: 'Why nothing was held, if so.' })
  userErrors!: UserError[];
}

/** Input of `extendReservation`. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: keep a reservation longer.' })
export class ExtendReservationInput {
  @Field(() => ID, { description: 'The reservation.' })
  reservationId!: string;

  @Field(() => Int, { description: 'Hold until at least this many seconds from now.' })
  seconds!: number;
}

/** Input of `confirmReservation` and `releaseReservation`. */
@Directive('@inaccessible')
@InputType({ description: 'Internal: the reservation to settle.' })
export class SettleReservationInput {
  @Field(() => ID, { description: 'The reservation.' })
  reservationId!: string;
}

/** Result of a call on an existing reservation. */
@Directive('@inaccessible')
@ObjectType({ description: 'Internal: the reservation after the call.' })
export class ReservationPayload {
  @Field(() => Reservation, { nullable: true, description: 'The reservation, unless the call failed.' })
  reservation!: Reservation | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
