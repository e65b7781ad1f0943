import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** A password reset link sent by mail: single use, valid until `expiresAt`. */
@Entity({ tableName: 'password_reset_token' })
@Index({ name: 'password_reset_token_customer_idx', properties: ['customerId', 'createdAt'] })
export class PasswordResetToken {
  [OptionalProps]?: 'createdAt' | 'usedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 of the token; the token itself exists only in the mail. */
  @Unique({ name: 'password_reset_token_hash_unique' })
  @Property({ hidden: true })
  tokenHash!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set when the token reset the password, or when another reset made it void. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;
}
