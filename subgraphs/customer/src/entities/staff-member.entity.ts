import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { StaffRole } from '@shopgraph/auth';

/** Someone who runs the shop: an account apart from customers, with a role that grants permissions. */
@Entity({ tableName: 'staff_member' })
// Emails are stored lower-cased; the expression index keeps them unique whatever a writer did.
@Index({
  name: 'staff_member_email_unique',
  expression: 'create unique index "staff_member_email_unique" on "customer"."staff_member" (lower("email"))',
})
export class StaffMember {
  [OptionalProps]?: 'createdAt' | 'active' | 'invitedBy' | 'lastSignInAt' | 'passwordHash';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stored lower-cased. */
  @Property()
  email!: string;

  @Property()
  name!: string;

  /** scrypt hash, as for customers; null until an invited member accepts. */
  @Property({ hidden: true, nullable: true })
  passwordHash: string | null = null;

  @Property({ type: 'string', length: 32 })
  role!: StaffRole;

  /** False while invited and once deactivated: such a member cannot sign in or refresh. */
  @Property({ default: false })
  active: boolean = false;

  /** The staff member who sent the invitation; null for an owner created at start-up or by the CLI. */
  @Property({ type: 'uuid', nullable: true })
  invitedBy: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null = null;
}
