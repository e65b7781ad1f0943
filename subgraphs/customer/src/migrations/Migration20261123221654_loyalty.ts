import { Migration } from '@mikro-orm/migrations';

export class Migration20261123221654_loyalty extends Migration {
  override name = 'Migration20261123221654_loyalty';

  override up(): void | Promise<void> {
    this.addSql(`create type "customer"."loyalty_entry_kind" as enum ('EARN', 'REDEEM', 'EXPIRE', 'REVERSE', 'ADJUST');`);
    this.addSql(
      `create table "customer"."loyalty_entry" ("id" uuid not null, "customer_id" uuid not null, "kind" "customer"."loyalty_entry_kind" not null, "points" int not null, "order_id" varchar(255) null, "reason" varchar(255) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "loyalty_entry_customer_idx" on "customer"."loyalty_entry" ("customer_id", "created_at");`);
    this.addSql(
      `alter table "customer"."loyalty_entry" add constraint "loyalty_entry_customer_kind_order_unique" unique ("customer_id", "kind", "order_id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."loyalty_entry" cascade;`);

    this.addSql(`drop type "customer"."loyalty_entry_kind";`);
  }
}
