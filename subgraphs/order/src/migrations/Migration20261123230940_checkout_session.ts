import { Migration } from '@mikro-orm/migrations';

export class Migration20261123230940_checkout_session extends Migration {
  override name = 'Migration20261123230940_checkout_session';

  override up(): void | Promise<void> {
    this.addSql(`create type "order"."checkout_status" as enum ('OPEN', 'ABANDONED', 'EXPIRED', 'COMPLETED');`);
    this.addSql(
      `create table "order"."checkout_session" ("id" uuid not null, "cart_id" uuid not null, "owner_key" varchar(255) not null, "customer_id" uuid null, "status" "order"."checkout_status" not null default 'OPEN', "currency" varchar(3) not null, "reservation_id" uuid not null, "expires_at" timestamptz not null, "shipping_address" jsonb null, "billing_address" jsonb null, "shipping_method_code" varchar(255) null, "payment" jsonb null, "promotion_codes" jsonb not null, "loyalty_points" int not null default 0, "notes" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "checkout_open_expiry_idx" on "order"."checkout_session" ("expires_at") where "status" = 'OPEN';`);
    this.addSql(`create unique index "checkout_one_open_per_cart" on "order"."checkout_session" ("cart_id") where "status" = 'OPEN';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "order"."checkout_session" cascade;`);

    this.addSql(`drop type "order"."checkout_status";`);
  }
}
