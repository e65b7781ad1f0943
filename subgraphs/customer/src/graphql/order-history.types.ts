import { MoneyType, money } from '@shopgraph/money';
import type { CurrencyCode } from '@shopgraph/money';
import { Field, Int, ObjectType } from 'type-graphql';
import type { OrderHistory as OrderHistoryData } from '../domain/order-history.js';

/** A customer's order history, from the order events. */
@ObjectType({ description: "A customer's paid orders, from the order events: cancelled orders do not count, refunds come off the value." })
export class OrderHistory {
  @Field(() => Int, { description: 'Paid orders that were not cancelled.' })
  ordersCount!: number;

  @Field(() => MoneyType, {
    description: 'Paid minus refunded of those orders, in the base currency (orders paid in another currency add nothing).',
  })
  lifetimeValue!: MoneyType;

  @Field(() => Date, { nullable: true, description: 'When the last of those orders was paid.' })
  lastOrderAt!: Date | null;

  /** Maps a domain history to its GraphQL shape. */
  static from(h: OrderHistoryData, baseCurrency: CurrencyCode): OrderHistory {
    return Object.assign(new OrderHistory(), {
      ordersCount: h.ordersCount,
      lifetimeValue: MoneyType.from(money(h.lifetimeValueMinor, baseCurrency)),
      lastOrderAt: h.lastOrderAt,
    });
  }
}
