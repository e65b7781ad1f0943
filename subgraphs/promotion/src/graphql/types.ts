import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DiscountType } from '../entities/index.js';
import type { Campaign } from '../entities/index.js';

registerEnumType(DiscountType, { name: 'DiscountType', description: 'How a promotion discounts.' });

/** A promotion campaign as shoppers and admins see it. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A promotion campaign.' })
export class Promotion {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;

  @Field({ description: 'Display name, e.g. "Summer sale".' })
  name!: string;

  @Field({ description: 'What the shopper gets.' })
  description!: string;

  @Field(() => DiscountType, { description: 'How the promotion discounts.' })
  discountType!: DiscountType;

  @Field(() => Int, { nullable: true, description: 'Percentage in basis points (1000 = 10%) for PERCENTAGE promotions.' })
  percentageBasisPoints!: number | null;

  @Field({ description: 'Whether the promotion is switched on.' })
  active!: boolean;

  @Field({ description: 'When the promotion starts.' })
  startsAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the promotion ends; null for open-ended.' })
  endsAt!: Date | null;

  /** Maps an entity to its GraphQL shape. */
  static from(e: Campaign): Promotion {
    return Object.assign(new Promotion(), {
      id: e.id,
      name: e.name,
      description: e.description,
      discountType: e.discountType,
      percentageBasisPoints: e.percentageBasisPoints ?? null,
      active: e.active,
      startsAt: e.startsAt,
      endsAt: e.endsAt ?? null,
    });
  }
}

/** The catalog's product, extended with its running promotions. */
@Directive('@key(fields: "id")')
@ObjectType('Product', { description: 'A product of the catalog, sold as one of its variants.' })
export class ProductRef {
  @Field(() => ID, { description: 'Opaque id.' })
  id!: string;
}
