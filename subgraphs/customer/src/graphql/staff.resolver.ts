import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireKind } from '@shopgraph/auth';
import { RequiresPermission, type RequestContext } from '@shopgraph/subgraph';
import { customerConfig } from '../config.js';
import { mailerOf } from '../services/mailer.service.js';
import { type StaffSignInResult, acceptStaffInvite, staffLogin } from '../services/staff-auth.service.js';
import { revokeStaffSession, rotateStaffRefreshToken } from '../services/staff-session.service.js';
import { type StaffResult, changeStaff, inviteStaff, listStaff, staffById } from '../services/staff.service.js';
import { signInGate, signer } from './customer.resolver.js';
import {
  AcceptStaffInviteInput,
  ChangeStaffRoleInput,
  DeactivateStaffInput,
  InviteStaffInput,
  StaffLoginInput,
  StaffMember,
  StaffPayload,
  StaffSignInPayload,
} from './staff.types.js';
import { LogoutPayload, RefreshTokenInput, RefreshTokenPayload } from './types.js';

function signInPayload(result: StaffSignInResult): StaffSignInPayload {
  return {
    token: result.session?.token ?? null,
    refreshToken: result.session?.refreshToken ?? null,
    deviceToken: result.deviceToken ?? null,
    staff: result.member ? StaffMember.from(result.member) : null,
    userErrors: result.userErrors,
    retryAfterSeconds: result.retryAfterSeconds ?? null,
  };
}

function staffPayload(result: StaffResult): StaffPayload {
  return { staff: result.member ? StaffMember.from(result.member) : null, userErrors: result.userErrors };
}

/** Staff accounts: sign-in, invitations and management. */
@Resolver()
export class StaffResolver {
  @Query(() => StaffMember, { nullable: true, description: 'The signed-in staff member, with their role and permissions.' })
  async staffMe(@Ctx() ctx: RequestContext): Promise<StaffMember | null> {
    const member = await staffById(ctx.em, requireKind(ctx.identity, 'staff').staffId);
    return member ? StaffMember.from(member) : null;
  }

  @Query(() => [StaffMember], { description: 'Admin: every staff member, oldest first.' })
  @RequiresPermission('staff:manage')
  async staffMembers(@Ctx() ctx: RequestContext): Promise<StaffMember[]> {
    return (await listStaff(ctx.em)).map(StaffMember.from);
  }

  @Mutation(() => StaffSignInPayload, {
    description: 'Signs a staff member in. Failed attempts are throttled as for login; a known device (deviceToken) keeps its own budget.',
  })
  async staffLogin(@Arg('input', () => StaffLoginInput) input: StaffLoginInput, @Ctx() ctx: RequestContext): Promise<StaffSignInPayload> {
    const result = await staffLogin(ctx.em, signer(ctx), signInGate(ctx), ctx.logger, {
      email: input.email,
      password: input.password,
      clientIp: ctx.clientIp,
      deviceToken: input.deviceToken,
    });
    return signInPayload(result);
  }

  @Mutation(() => RefreshTokenPayload, {
    description: 'Exchanges a staff refresh token for a new pair (rotation); refused once deactivated.',
  })
  async refreshStaffToken(
    @Arg('input', () => RefreshTokenInput) input: RefreshTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RefreshTokenPayload> {
    const result = await rotateStaffRefreshToken(ctx.em, signer(ctx), ctx.logger, input.refreshToken);
    return { token: result.session?.token ?? null, refreshToken: result.session?.refreshToken ?? null, userErrors: result.userErrors };
  }

  @Mutation(() => LogoutPayload, { description: 'Signs a staff member out: revokes the refresh token and its whole family.' })
  async staffLogout(@Arg('input', () => RefreshTokenInput) input: RefreshTokenInput, @Ctx() ctx: RequestContext): Promise<LogoutPayload> {
    const userErrors = await revokeStaffSession(ctx.em, input.refreshToken);
    return { revoked: userErrors.length === 0, userErrors };
  }

  @Mutation(() => StaffPayload, {
    description: 'Admin: invites a staff member: mails a single-use, time-limited link to choose a password.',
  })
  @RequiresPermission('staff:manage')
  async inviteStaff(@Arg('input', () => InviteStaffInput) input: InviteStaffInput, @Ctx() ctx: RequestContext): Promise<StaffPayload> {
    const config = customerConfig();
    const rules = { ttlHours: config.STAFF_INVITE_TTL_HOURS, pageUrl: config.STAFF_INVITE_URL };
    const inviter = requireKind(ctx.identity, 'staff').staffId;
    return staffPayload(await inviteStaff(ctx.em, mailerOf(ctx.runtime), ctx.logger, rules, inviter, input));
  }

  @Mutation(() => StaffSignInPayload, {
    description: 'Accepts a staff invitation: sets the password, activates the member and signs them in.',
  })
  async acceptStaffInvite(
    @Arg('input', () => AcceptStaffInviteInput) input: AcceptStaffInviteInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StaffSignInPayload> {
    return signInPayload(await acceptStaffInvite(ctx.em, signer(ctx), signInGate(ctx).deviceSecret, input));
  }

  @Mutation(() => StaffPayload, {
    description: 'Admin: deactivates a staff member (not yourself, not the last owner) and revokes their sessions.',
  })
  @RequiresPermission('staff:manage')
  async deactivateStaff(
    @Arg('input', () => DeactivateStaffInput) input: DeactivateStaffInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StaffPayload> {
    const actor = requireKind(ctx.identity, 'staff').staffId;
    return staffPayload(await changeStaff(ctx.em, actor, input.id, { kind: 'deactivate' }));
  }

  @Mutation(() => StaffPayload, {
    description: 'Admin: changes a staff member role (never leaving the shop without an owner) and revokes their sessions.',
  })
  @RequiresPermission('staff:manage')
  async changeStaffRole(
    @Arg('input', () => ChangeStaffRoleInput) input: ChangeStaffRoleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StaffPayload> {
    const actor = requireKind(ctx.identity, 'staff').staffId;
    return staffPayload(await changeStaff(ctx.em, actor, input.id, { kind: 'changeRole', role: input.role }));
  }
}
