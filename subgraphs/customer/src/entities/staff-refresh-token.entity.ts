import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** One refresh token of a staff sign-in: rotated and reuse-detected by family, as customers' are (refresh-token.entity.ts). */
@Entity({ tableName: 'staff_refresh_token' })
@Index({ name: 'staff_refresh_token_family_idx', properties: ['familyId'] })
// Deactivation and role changes revoke every token of a member.
@Index({ name: 'staff_refresh_token_staff_idx', properties: ['staffId'] })
export class StaffRefreshToken {
  [OptionalProps]?: 'createdAt' | 'usedAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 of the token; the token itself is never stored. */
  @Unique({ name: 'staff_refresh_token_hash_unique' })
  @Property({ hidden: true })
  tokenHash!: string;

  @Property({ type: 'uuid' })
  familyId!: string;

  @Property({ type: 'uuid' })
  staffId!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
