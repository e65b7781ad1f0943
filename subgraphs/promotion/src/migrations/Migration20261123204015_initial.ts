import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204015_initial extends Migration {
  override name = 'Migration20261123204015_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "promotion";`);
    this.addSql(`create type "promotion"."discount_type" as enum ('PERCENTAGE', 'FIXED_AMOUNT', 'BUY_X_GET_Y', 'FREE_SHIPPING');`);
    this.addSql(
      `create table "promotion"."campaign" ("id" uuid not null, "name" varchar(255) not null, "description" text not null default '', "discount_type" "promotion"."discount_type" not null, "percentage_basis_points" int null, "active" boolean not null default true, "starts_at" timestamptz not null, "ends_at" timestamptz null, "product_ids" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "campaign_active_window_idx" on "promotion"."campaign" ("active", "starts_at", "ends_at");`);
  }
}
