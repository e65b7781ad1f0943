import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ReservationStatus } from '../domain/reservation-status.js';
import { ReservationLine } from './reservation-line.entity.js';

export { ReservationStatus };

/** Stock held for an owner (a checkout session) until it is confirmed, released or expires. */
@Entity({ tableName: 'reservation' })
@Index({ name: 'reservation_status_expires_idx', properties: ['status', 'expiresAt'] })
export class Reservation {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Who holds the stock, e.g. a checkout session id. */
  @Index({ name: 'reservation_owner_idx' })
  @Property()
  owner!: string;

  /** Repeating a reserve call with the same key returns this reservation. */
  @Unique({ name: 'reservation_idempotency_key_unique' })
  @Property()
  idempotencyKey!: string;

  @Enum({ items: () => ReservationStatus, nativeEnumName: 'reservation_status' })
  status: ReservationStatus = ReservationStatus.ACTIVE;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @OneToMany(() => ReservationLine, (l) => l.reservation, { orderBy: { sku: 'asc', warehouse: 'asc' } })
  lines = new Collection<ReservationLine>(this);

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
