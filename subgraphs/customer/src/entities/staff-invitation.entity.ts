import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** An invitation mailed to a new staff member: single use, valid until `expiresAt`. */
@Entity({ tableName: 'staff_invitation' })
@Index({ name: 'staff_invitation_staff_idx', properties: ['staffId'] })
export class StaffInvitation {
  [OptionalProps]?: 'createdAt' | 'usedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 of the token; the token itself exists only in the mail. */
  @Unique({ name: 'staff_invitation_hash_unique' })
  @Property({ hidden: true })
  tokenHash!: string;

  @Property({ type: 'uuid' })
  staffId!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set when the invitation was accepted, or voided by a deactivation. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;
}
