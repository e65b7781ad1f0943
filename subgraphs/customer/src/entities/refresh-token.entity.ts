import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * One refresh token of a sign-in. Tokens rotated from the same login share a `familyId`, so a
 * reused (stolen) token can revoke every token of that sign-in at once.
 */
@Entity({ tableName: 'refresh_token' })
@Index({ name: 'refresh_token_family_idx', properties: ['familyId'] })
// Password changes, resets and account deletion revoke every token of a customer.
@Index({ name: 'refresh_token_customer_idx', properties: ['customerId'] })
export class RefreshToken {
  [OptionalProps]?: 'createdAt' | 'usedAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 of the token; the token itself is never stored. */
  @Unique({ name: 'refresh_token_hash_unique' })
  @Property({ hidden: true })
  tokenHash!: string;

  @Property({ type: 'uuid' })
  familyId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set when the token was exchanged for a new one; a second exchange is reuse. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
