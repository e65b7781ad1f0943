import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225911_shipping_tax extends Migration {
  override name = 'Migration20261123225911_shipping_tax';

  override up(): void | Promise<void> {
    this.addSql(`create type "catalog"."tax_category" as enum ('STANDARD', 'REDUCED', 'ZERO');`);
    this.addSql(
      `create table "catalog"."shipping_method" ("code" varchar(32) not null, "name" varchar(255) not null, "description" text not null default '', "estimated_days_min" int not null, "estimated_days_max" int not null, "free_shipping_threshold_minor" bigint null, "active" boolean not null default true, primary key ("code"));`,
    );

    this.addSql(
      `create table "catalog"."shipping_zone" ("code" varchar(32) not null, "name" varchar(255) not null, primary key ("code"));`,
    );

    this.addSql(
      `create table "catalog"."shipping_rate" ("id" uuid not null, "method_code" varchar(32) not null, "zone_code" varchar(32) not null, "min_weight_grams" int not null, "max_weight_grams" int null, "price_minor" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "shipping_rate_zone_idx" on "catalog"."shipping_rate" ("zone_code");`);
    this.addSql(
      `alter table "catalog"."shipping_rate" add constraint "shipping_rate_method_zone_min_unique" unique ("method_code", "zone_code", "min_weight_grams");`,
    );

    this.addSql(
      `create table "catalog"."shipping_zone_country" ("country_code" varchar(2) not null, "zone_code" varchar(32) not null, primary key ("country_code"));`,
    );
    this.addSql(`create index "shipping_zone_country_zone_idx" on "catalog"."shipping_zone_country" ("zone_code");`);

    this.addSql(
      `create table "catalog"."tax_rate" ("id" uuid not null, "country_code" varchar(2) not null, "region" varchar(64) not null default '', "category" "catalog"."tax_category" not null, "rate_percent" numeric(7,4) not null, "inclusive" boolean not null, primary key ("id"));`,
    );
    this.addSql(`create index "tax_rate_country_idx" on "catalog"."tax_rate" ("country_code");`);
    this.addSql(
      `alter table "catalog"."tax_rate" add constraint "tax_rate_country_region_category_unique" unique ("country_code", "region", "category");`,
    );

    this.addSql(`alter table "catalog"."product" add "tax_category" "catalog"."tax_category" not null default 'STANDARD';`);

    this.addSql(
      `alter table "catalog"."shipping_rate" add constraint "shipping_rate_method_code_foreign" foreign key ("method_code") references "catalog"."shipping_method" ("code") on delete cascade;`,
    );
    this.addSql(
      `alter table "catalog"."shipping_rate" add constraint "shipping_rate_zone_code_foreign" foreign key ("zone_code") references "catalog"."shipping_zone" ("code") on delete cascade;`,
    );

    this.addSql(
      `alter table "catalog"."shipping_zone_country" add constraint "shipping_zone_country_zone_code_foreign" foreign key ("zone_code") references "catalog"."shipping_zone" ("code") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "catalog"."shipping_rate" drop constraint "shipping_rate_method_code_foreign";`);
    this.addSql(`alter table "catalog"."shipping_rate" drop constraint "shipping_rate_zone_code_foreign";`);
    this.addSql(`alter table "catalog"."shipping_zone_country" drop constraint "shipping_zone_country_zone_code_foreign";`);

    this.addSql(`drop table if exists "catalog"."shipping_method" cascade;`);
    this.addSql(`drop table if exists "catalog"."shipping_zone" cascade;`);
    this.addSql(`drop table if exists "catalog"."shipping_rate" cascade;`);
    this.addSql(`drop table if exists "catalog"."shipping_zone_country" cascade;`);
    this.addSql(`drop table if exists "catalog"."tax_rate" cascade;`);

    this.addSql(`alter table "catalog"."product" drop column "tax_category";`);

    this.addSql(`drop type "catalog"."tax_category";`);
  }
}
