import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A product's rating over its approved reviews, changed in the transaction of every approval,
 * rejection, edit and deletion (never a running average). Access path: `store/review.sql.ts`.
 */
@Entity({ tableName: 'product_rating' })
@Check({ name: 'product_rating_count', expression: 'count = hist_1 + hist_2 + hist_3 + hist_4 + hist_5' })
@Check({ name: 'product_rating_sum', expression: 'sum = hist_1 + 2 * hist_2 + 3 * hist_3 + 4 * hist_4 + 5 * hist_5' })
@Check({ name: 'product_rating_nonnegative', expression: 'least(hist_1, hist_2, hist_3, hist_4, hist_5) >= 0' })
export class ProductRating {
  @PrimaryKey({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'integer' })
  count = 0;

  @Property({ type: 'integer' })
  sum = 0;

  @Property({ type: 'integer', fieldName: 'hist_1' })
  hist1 = 0;

  @Property({ type: 'integer', fieldName: 'hist_2' })
  hist2 = 0;

  @Property({ type: 'integer', fieldName: 'hist_3' })
  hist3 = 0;

  @Property({ type: 'integer', fieldName: 'hist_4' })
  hist4 = 0;

  @Property({ type: 'integer', fieldName: 'hist_5' })
  hist5 = 0;
}
