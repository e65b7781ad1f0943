import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';

/** Codes of errors thrown for the request itself (API.md): they fail the whole field. */
export type RequestErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'RATE_LIMITED' | 'INTERNAL_SERVER_ERROR';

/** A GraphQL error that carries a stable code in `extensions.code`. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }
}

/** The caller is not signed in, or its credential is invalid or expired. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

/** Why a presented credential was refused: refresh the access token, or sign in again. */
export type CredentialReason = 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'UNSUPPORTED_SCHEME';

/**
 * A presented credential was refused (API.md: HTTP 401, never a 5xx). `extensions.reason` tells a
 * client whether refreshing can help; `extensions.http` is read by Apollo Server (and removed from
 * the response) for the status and the RFC 6750 challenge, in the gateway and every subgraph alike.
 */
export class CredentialError extends AppError {
  constructor(
    message: string,
    readonly reason: CredentialReason,
  ) {
    // RFC 6750 §3.1: a request using another scheme gets the bare challenge, a bad token `invalid_token`.
    const challenge = reason === 'UNSUPPORTED_SCHEME' ? 'Bearer' : `Bearer error="invalid_token", error_description="${message}"`;
    super('UNAUTHENTICATED', message, { reason, http: { status: 401, headers: new Map([['www-authenticate', challenge]]) } });
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}

/** The request is malformed (as opposed to a business outcome, which is a `UserError`). */
export class BadUserInputError extends AppError {
  constructor(message: string, field?: string[]) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

/** Business outcomes a client can branch on; returned in payloads, never thrown. */
export enum UserErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  NOT_SELLABLE = 'NOT_SELLABLE',
  INVALID_QUANTITY = 'INVALID_QUANTITY',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  CART_EMPTY = 'CART_EMPTY',
  CART_NOT_ACTIVE = 'CART_NOT_ACTIVE',
  INVALID_PROMOTION_CODE = 'INVALID_PROMOTION_CODE',
  PAYMENT_DECLINED = 'PAYMENT_DECLINED',
  PAYMENT_FAILED = 'PAYMENT_FAILED',
  TOTALS_CHANGED = 'TOTALS_CHANGED',
  PROMOTION_UNAVAILABLE = 'PROMOTION_UNAVAILABLE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  CHECKOUT_EXPIRED = 'CHECKOUT_EXPIRED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_STATUS_TRANSITION = 'INVALID_STATUS_TRANSITION',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  INVALID_RESET_TOKEN = 'INVALID_RESET_TOKEN',
  INSUFFICIENT_POINTS = 'INSUFFICIENT_POINTS',
  SLUG_TAKEN = 'SLUG_TAKEN',
  SKU_TAKEN = 'SKU_TAKEN',
  INVALID_INVITATION = 'INVALID_INVITATION',
  LAST_OWNER = 'LAST_OWNER',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Machine-readable reason of a business error returned in a payload.',
});

/** A business error returned as data in a mutation payload (API.md). */
@Directive('@shareable')
@ObjectType({ description: 'A business error returned in a mutation payload; the mutation changed nothing.' })
export class UserError {
  @Field(() => UserErrorCode, { description: 'Stable code the client can branch on.' })
  code!: UserErrorCode;

  @Field(() => [String], { nullable: true, description: 'Path of the input field at fault, if any.' })
  field?: string[];

  @Field({ description: 'Human-readable explanation.' })
  message!: string;

  constructor(code: UserErrorCode, message: string, field?: string[]) {
    this.code = code;
    this.message = message;
    if (field) this.field = field;
  }
}

/** Shorthand for a `UserError`. */
export function userError(code: UserErrorCode, message: string, field?: string[]): UserError {
  return new UserError(code, message, field);
}
