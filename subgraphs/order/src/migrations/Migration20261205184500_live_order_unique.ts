import { Migration } from '@mikro-orm/migrations';

export class Migration20261205184500_live_order_unique extends Migration {
  override name = 'Migration20261205184500_live_order_unique';

  override up(): void | Promise<void> {
    // A cancelled order (a confirmation compensated after create-order) must not block the next attempt.
    this.addSql(`alter table "order"."order" drop constraint if exists "order_cart_unique";`);
    this.addSql(`alter table "order"."order" drop constraint if exists "order_checkout_session_unique";`);
    this.addSql(`create unique index "order_cart_live_unique" on "order"."order" ("cart_id") where "status" <> 'CANCELLED';`);
    this.addSql(
      `create unique index "order_checkout_session_live_unique" on "order"."order" ("checkout_session_id") where "status" <> 'CANCELLED';`,
    );
  }
}
