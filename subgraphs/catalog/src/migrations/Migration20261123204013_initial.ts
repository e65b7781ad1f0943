import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204013_initial extends Migration {
  override name = 'Migration20261123204013_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "catalog";`);
    this.addSql(`create type "catalog"."product_status" as enum ('DRAFT', 'ACTIVE', 'ARCHIVED');`);
    this.addSql(
      `create table "catalog"."category" ("id" uuid not null, "slug" varchar(255) not null, "name" varchar(255) not null, "parent_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "catalog"."category" add constraint "category_slug_unique" unique ("slug");`);
    this.addSql(`create index "category_parent_idx" on "catalog"."category" ("parent_id");`);

    this.addSql(
      `create table "catalog"."product" ("id" uuid not null, "slug" varchar(255) not null, "name" varchar(255) not null, "description" text not null default '', "brand" varchar(255) not null default '', "status" "catalog"."product_status" not null default 'ACTIVE', "category_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "catalog"."product" add constraint "product_slug_unique" unique ("slug");`);
    this.addSql(`create index "product_name_idx" on "catalog"."product" ("name");`);
    this.addSql(`create index "product_category_idx" on "catalog"."product" ("category_id");`);

    this.addSql(
      `create table "catalog"."product_variant" ("sku" varchar(255) not null, "product_id" uuid not null, "name" varchar(255) not null, "options" jsonb not null, "base_price_minor" bigint not null, "weight_grams" int not null default 0, primary key ("sku"));`,
    );
    this.addSql(`create index "product_variant_product_idx" on "catalog"."product_variant" ("product_id");`);

    this.addSql(
      `alter table "catalog"."category" add constraint "category_parent_id_foreign" foreign key ("parent_id") references "catalog"."category" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "catalog"."product" add constraint "product_category_id_foreign" foreign key ("category_id") references "catalog"."category" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "catalog"."product_variant" add constraint "product_variant_product_id_foreign" foreign key ("product_id") references "catalog"."product" ("id") on delete cascade;`,
    );
  }
}
