import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { STAFF_ROLES, type StaffRole as Role } from '@shopgraph/auth';
import { UserError } from '@shopgraph/errors';
import { permissionsOf } from '../domain/staff.js';
import type { StaffMember as StaffMemberEntity } from '../entities/index.js';
import { AccessToken } from './types.js';

/** The staff roles as a GraphQL enum (values as in `STAFF_ROLES`). */
export const StaffRole = Object.fromEntries(STAFF_ROLES.map((role) => [role, role])) as { [R in Role]: R };

registerEnumType(StaffRole, {
  name: 'StaffRole',
  description:
    'What a staff member does: OWNER (everything), CATALOG_MANAGER, FULFILMENT, SUPPORT or READ_ONLY; each grants a set of permissions.',
});

/** Someone who runs the shop. */
@ObjectType({ description: 'A staff member: runs the shop with the permissions of their role.' })
export class StaffMember {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Sign-in email, lower-cased.' })
  email!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => StaffRole, { description: 'Role; its permissions are listed in permissions.' })
  role!: Role;

  @Field(() => [String], { description: 'Permissions the role grants, such as catalog:write.' })
  permissions!: string[];

  @Field({ description: 'False while invited (until the invitation is accepted) and once deactivated.' })
  active!: boolean;

  @Field({ description: 'When the member was created or invited.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Last successful sign-in; null if never.' })
  lastSignInAt!: Date | null;

  /** Maps an entity to its GraphQL shape. */
  static from(e: StaffMemberEntity): StaffMember {
    return Object.assign(new StaffMember(), {
      id: e.id,
      email: e.email,
      name: e.name,
      role: e.role,
      permissions: permissionsOf(e.role),
      active: e.active,
      createdAt: e.createdAt,
      lastSignInAt: e.lastSignInAt,
    });
  }
}

/** Credentials for `staffLogin`. */
@InputType({ description: 'Credentials for staffLogin.' })
export class StaffLoginInput {
  @Field({ description: 'Staff email (case-insensitive).' })
  email!: string;

  @Field({ description: 'Password.' })
  password!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The deviceToken an earlier sign-in on this device returned: a known device keeps its own failed-attempt budget.',
  })
  deviceToken?: string | null;
}

/** Result of `staffLogin` and `acceptStaffInvite`. */
@ObjectType({ description: 'Result of staffLogin or acceptStaffInvite: a signed-in staff member.' })
export class StaffSignInPayload {
  @Field(() => AccessToken, { nullable: true, description: 'Staff access token; null on failure.' })
  token!: AccessToken | null;

  @Field(() => String, { nullable: true, description: 'Opaque refresh token for refreshStaffToken; single use; null on failure.' })
  refreshToken!: string | null;

  @Field(() => String, { nullable: true, description: 'Keep on this device and send with the next staffLogin; null on failure.' })
  deviceToken!: string | null;

  @Field(() => StaffMember, { nullable: true, description: 'The signed-in member; null on failure.' })
  staff!: StaffMember | null;

  @Field(() => [UserError], { description: 'Why sign-in failed, if it did.' })
  userErrors!: UserError[];

  @Field(() => Int, { nullable: true, description: 'When refused with TOO_MANY_ATTEMPTS: seconds until attempts are accepted again.' })
  retryAfterSeconds!: number | null;
}

/** Input of `inviteStaff`. */
@InputType({ description: 'Input of inviteStaff.' })
export class InviteStaffInput {
  @Field({ description: 'Where the invitation is mailed; the sign-in email.' })
  email!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => StaffRole, { description: 'Role granted on acceptance.' })
  role!: Role;
}

/** Input of `acceptStaffInvite`. */
@InputType({ description: 'Input of acceptStaffInvite.' })
export class AcceptStaffInviteInput {
  @Field({ description: 'The token of the invitation mail.' })
  token!: string;

  @Field({ description: 'The password to sign in with: at least 10 characters with letters and digits.' })
  password!: string;
}

/** Input of `deactivateStaff`. */
@InputType({ description: 'Input of deactivateStaff.' })
export class DeactivateStaffInput {
  @Field(() => ID, { description: 'The staff member.' })
  id!: string;
}

/** Input of `changeStaffRole`. */
@InputType({ description: 'Input of changeStaffRole.' })
export class ChangeStaffRoleInput {
  @Field(() => ID, { description: 'The staff member.' })
  id!: string;

  @Field(() => StaffRole, { description: 'The new role; it takes effect at their next sign-in.' })
  role!: Role;
}

/** Result of a change to a staff member. */
@ObjectType({ description: 'Result of inviteStaff, deactivateStaff or changeStaffRole.' })
export class StaffPayload {
  @Field(() => StaffMember, { nullable: true, description: 'The member as changed; null on failure.' })
  staff!: StaffMember | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
