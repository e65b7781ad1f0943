import { describe, expect, it } from '@jest/globals';
import { RESERVATION_MACHINE, ReservationStatus } from '../../src/domain/reservation-status.js';

const now = new Date('2026-11-23T12:00:00Z');
const due = { expiresAt: new Date(now.getTime() - 1), now };
const later = { expiresAt: new Date(now.getTime() + 60_000), now };
const { ACTIVE, CONFIRMED, RELEASED, EXPIRED } = ReservationStatus;

describe('reservation lifecycle', () => {
  it('settles an ACTIVE reservation once; it expires only when its time is up', () => {
    expect(RESERVATION_MACHINE.can(ACTIVE, CONFIRMED, undefined, later)).toBe(true);
    expect(RESERVATION_MACHINE.can(ACTIVE, RELEASED, undefined, later)).toBe(true);
    expect(RESERVATION_MACHINE.can(ACTIVE, EXPIRED, undefined, due)).toBe(true);
    expect(RESERVATION_MACHINE.refusal(ACTIVE, EXPIRED, undefined, later)).toBe('The reservation has not expired yet');
    for (const settled of [CONFIRMED, RELEASED, EXPIRED]) {
      expect(RESERVATION_MACHINE.isTerminal(settled)).toBe(true);
      expect(RESERVATION_MACHINE.refusal(settled, ACTIVE, undefined, due)).toBe(`The reservation is ${settled}: it cannot become ACTIVE`);
    }
  });
});
