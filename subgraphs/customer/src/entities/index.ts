import { Address } from './address.entity.js';
import { Customer } from './customer.entity.js';
import { LoginThrottleCounter } from './login-throttle.entity.js';
import { LoyaltyEntry } from './loyalty-entry.entity.js';
import { PasswordResetToken } from './password-reset-token.entity.js';
import { PaymentMethod } from './payment-method.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { StaffInvitation } from './staff-invitation.entity.js';
import { StaffMember } from './staff-member.entity.js';
import { StaffRefreshToken } from './staff-refresh-token.entity.js';

/** Every entity of the customer schema. */
export const entities = [
  Customer,
  RefreshToken,
  Address,
  PaymentMethod,
  LoyaltyEntry,
  LoginThrottleCounter,
  PasswordResetToken,
  StaffMember,
  StaffInvitation,
  StaffRefreshToken,
];
export {
  Address,
  Customer,
  LoginThrottleCounter,
  LoyaltyEntry,
  PasswordResetToken,
  PaymentMethod,
  RefreshToken,
  StaffInvitation,
  StaffMember,
  StaffRefreshToken,
};
