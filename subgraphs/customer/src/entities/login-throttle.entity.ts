import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Failed sign-in counters, owned by rate-limiter-flexible's PostgreSQL store (services/login-throttle.service.ts):
 * the layout is the library's; declared here so migrations create it and every instance shares it.
 */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottleCounter {
  /** `<account|ip>:<sha-256>`. */
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points: number = 0;

  /** Epoch milliseconds when the window ends. */
  @Property({ type: new BigIntType('number'), nullable: true })
  expire: number | null = null;
}
