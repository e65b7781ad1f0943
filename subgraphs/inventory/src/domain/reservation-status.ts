import { defineMachine } from '@shopgraph/fsm';

/** Lifecycle of a reservation: only ACTIVE holds stock. */
export enum ReservationStatus {
  ACTIVE = 'ACTIVE',
  RELEASED = 'RELEASED',
  CONFIRMED = 'CONFIRMED',
  EXPIRED = 'EXPIRED',
}

/** What the reservation guards read. */
export interface ReservationFacts {
  expiresAt: Date;
  now: Date;
}

/**
 * The reservation lifecycle as data: an ACTIVE reservation is settled once (confirmed, released,
 * or expired once its time is up) and then holds nothing.
 */
export const RESERVATION_MACHINE = defineMachine<ReservationStatus, never, ReservationFacts>(
  {
    [ReservationStatus.ACTIVE]: [
      { to: ReservationStatus.CONFIRMED },
      { to: ReservationStatus.RELEASED },
      { to: ReservationStatus.EXPIRED, guard: ({ expiresAt, now }) => (expiresAt > now ? 'The reservation has not expired yet' : null) },
    ],
    [ReservationStatus.RELEASED]: [],
    [ReservationStatus.CONFIRMED]: [],
    [ReservationStatus.EXPIRED]: [],
  },
  { name: 'reservation' },
);
