import { Migration } from '@mikro-orm/migrations';

export class Migration20261205220000_order_history extends Migration {
  override name = 'Migration20261205220000_order_history';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "customer"."order_history" ("order_id" uuid not null, "customer_id" uuid not null, "order_version" int not null, "currency" varchar(3) null, "paid_minor" bigint null, "refunded_minor" bigint not null default 0, "confirmed_at" timestamptz null, "cancelled" boolean not null default false, primary key ("order_id"));`,
    );
    this.addSql(`create index "order_history_customer_idx" on "customer"."order_history" ("customer_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."order_history" cascade;`);
  }
}
