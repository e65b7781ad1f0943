import { Migration } from '@mikro-orm/migrations';

export class Migration20261123221546_rules extends Migration {
  override name = 'Migration20261123221546_rules';

  override up(): void | Promise<void> {
    this.addSql(`create type "promotion"."campaign_type" as enum ('CART', 'CATALOG', 'CUSTOMER');`);
    this.addSql(`create type "promotion"."redemption_status" as enum ('REDEEMED', 'REVERSED');`);
    this.addSql(
      `create table "promotion"."coupon_code" ("id" uuid not null, "code" varchar(255) not null, "campaign_id" uuid not null, "single_use" boolean not null default false, "usage_count" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`alter table "promotion"."coupon_code" add constraint "coupon_code_code_unique" unique ("code");`);
    this.addSql(`create index "coupon_code_campaign_idx" on "promotion"."coupon_code" ("campaign_id");`);

    this.addSql(
      `create table "promotion"."redemption" ("id" uuid not null, "campaign_id" uuid not null, "code" varchar(255) null, "order_id" varchar(255) not null, "customer_id" varchar(255) not null, "amount_minor" bigint not null, "status" "promotion"."redemption_status" not null default 'REDEEMED', "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "redemption_order_idx" on "promotion"."redemption" ("order_id");`);
    this.addSql(`create index "redemption_campaign_customer_idx" on "promotion"."redemption" ("campaign_id", "customer_id");`);
    this.addSql(
      `alter table "promotion"."redemption" add constraint "redemption_campaign_order_unique" unique ("campaign_id", "order_id");`,
    );

    this.addSql(
      `alter table "promotion"."campaign" add "campaign_type" "promotion"."campaign_type" not null default 'CART', add "currency" varchar(3) not null default 'USD', add "fixed_amount_minor" bigint null, add "buy_quantity" int null, add "get_quantity" int null, add "minimum_order_amount_minor" bigint null, add "maximum_discount_amount_minor" bigint null, add "category_ids" jsonb not null default '[]', add "excluded_product_ids" jsonb not null default '[]', add "excluded_category_ids" jsonb not null default '[]', add "customer_segments" jsonb not null default '[]', add "usage_limit" int null, add "per_customer_limit" int null, add "budget_minor" bigint null, add "usage_count" int not null default 0, add "budget_used_minor" bigint not null default '0', add "requires_code" boolean not null default false, add "exclusive" boolean not null default false, add "priority" int not null default 0;`,
    );

    this.addSql(
      `alter table "promotion"."coupon_code" add constraint "coupon_code_campaign_id_foreign" foreign key ("campaign_id") references "promotion"."campaign" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "promotion"."redemption" add constraint "redemption_campaign_id_foreign" foreign key ("campaign_id") references "promotion"."campaign" ("id") on delete restrict;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "promotion"."coupon_code" cascade;`);
    this.addSql(`drop table if exists "promotion"."redemption" cascade;`);

    this.addSql(
      `alter table "promotion"."campaign" drop column "campaign_type", drop column "currency", drop column "fixed_amount_minor", drop column "buy_quantity", drop column "get_quantity", drop column "minimum_order_amount_minor", drop column "maximum_discount_amount_minor", drop column "category_ids", drop column "excluded_product_ids", drop column "excluded_category_ids", drop column "customer_segments", drop column "usage_limit", drop column "per_customer_limit", drop column "budget_minor", drop column "usage_count", drop column "budget_used_minor", drop column "requires_code", drop column "exclusive", drop column "priority";`,
    );

    this.addSql(`drop type "promotion"."campaign_type";`);
    this.addSql(`drop type "promotion"."redemption_status";`);
  }
}
