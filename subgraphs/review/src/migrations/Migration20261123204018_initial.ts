import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204018_initial extends Migration {
  override name = 'Migration20261123204018_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "review";`);
    this.addSql(`create type "review"."review_status" as enum ('PENDING', 'APPROVED', 'REJECTED');`);
    this.addSql(
      `create table "review"."review" ("id" uuid not null, "product_id" uuid not null, "customer_id" uuid null, "author_name" varchar(255) not null, "rating" smallint not null, "title" varchar(255) not null, "body" text not null, "verified_purchase" boolean not null default false, "status" "review"."review_status" not null default 'PENDING', "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "review_product_status_idx" on "review"."review" ("product_id", "status", "created_at");`);
    this.addSql(`alter table "review"."review" add constraint "review_rating_range" check (rating between 1 and 5);`);
  }
}
