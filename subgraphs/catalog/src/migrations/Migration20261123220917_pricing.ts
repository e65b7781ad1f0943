import { Migration } from '@mikro-orm/migrations';

export class Migration20261123220917_pricing extends Migration {
  override name = 'Migration20261123220917_pricing';

  override up(): void | Promise<void> {
    this.addSql(`create extension if not exists pg_trgm with schema public;`);
    this.addSql(`create type "catalog"."markup_kind" as enum ('PERCENT', 'FIXED');`);
    this.addSql(
      `create table "catalog"."currency_rate" ("id" uuid not null, "currency" varchar(3) not null, "rate" numeric(30,12) not null, "effective_from" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "currency_rate_currency_idx" on "catalog"."currency_rate" ("currency");`);
    this.addSql(
      `alter table "catalog"."currency_rate" add constraint "currency_rate_currency_effective_unique" unique ("currency", "effective_from");`,
    );

    this.addSql(
      `create table "catalog"."price_list_entry" ("sku" varchar(255) not null, "currency" varchar(3) not null, "amount_minor" bigint not null, primary key ("sku", "currency"));`,
    );

    this.addSql(
      `create table "catalog"."quantity_tier" ("id" uuid not null, "sku" varchar(255) null, "min_quantity" int not null, "discount_basis_points" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "quantity_tier_sku_idx" on "catalog"."quantity_tier" ("sku");`);
    this.addSql(`alter table "catalog"."quantity_tier" add constraint "quantity_tier_sku_min_unique" unique ("sku", "min_quantity");`);

    this.addSql(
      `create table "catalog"."warehouse_markup" ("warehouse_id" uuid not null, "kind" "catalog"."markup_kind" not null, "value" bigint not null, primary key ("warehouse_id"));`,
    );

    this.addSql(
      `create index "product_search_trgm_idx" on "catalog"."product" using gin (("name" || ' ' || "description") public.gin_trgm_ops);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "catalog"."currency_rate" cascade;`);
    this.addSql(`drop table if exists "catalog"."price_list_entry" cascade;`);
    this.addSql(`drop table if exists "catalog"."quantity_tier" cascade;`);
    this.addSql(`drop table if exists "catalog"."warehouse_markup" cascade;`);

    this.addSql(`drop index "catalog"."product_search_trgm_idx";`);

    this.addSql(`drop type "catalog"."markup_kind";`);
  }
}
