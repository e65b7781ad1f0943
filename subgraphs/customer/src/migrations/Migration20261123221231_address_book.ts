import { Migration } from '@mikro-orm/migrations';

export class Migration20261123221231_address_book extends Migration {
  override name = 'Migration20261123221231_address_book';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "customer"."address" ("id" uuid not null, "customer_id" uuid not null, "full_name" varchar(255) not null, "line1" varchar(255) not null, "line2" varchar(255) null, "city" varchar(255) not null, "region" varchar(255) null, "postal_code" varchar(255) null, "country_code" varchar(2) not null, "phone" varchar(255) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "address_customer_idx" on "customer"."address" ("customer_id", "created_at");`);

    this.addSql(
      `alter table "customer"."customer" add "default_shipping_address_id" uuid null, add "default_billing_address_id" uuid null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."address" cascade;`);

    this.addSql(`alter table "customer"."customer" drop column "default_shipping_address_id", drop column "default_billing_address_id";`);
  }
}
