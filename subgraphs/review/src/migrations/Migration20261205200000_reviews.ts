import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@shopgraph/events';

export class Migration20261205200000_reviews extends Migration {
  override name = 'Migration20261205200000_reviews';

  override up(): void | Promise<void> {
    this.addSql(`alter type "review"."review_status" add value if not exists 'FLAGGED';`);
    this.addSql(
      `alter table "review"."review" add column "moderation_reason" text null, add column "text_hash" text null, add column "helpful_count" int not null default 0, add column "report_count" int not null default 0, add column "reply_body" text null, add column "reply_by" text null, add column "replied_at" timestamptz null, add column "updated_at" timestamptz not null default now();`,
    );
    this.addSql(`alter table "review"."review" alter column "updated_at" drop default;`);
    // One review per customer and product; reviews without an account (demo data) are not limited.
    this.addSql(
      `create unique index "review_customer_product_unique" on "review"."review" ("customer_id", "product_id") where "customer_id" is not null;`,
    );
    this.addSql(`create index "review_customer_idx" on "review"."review" ("customer_id", "created_at");`);
    this.addSql(`create index "review_text_hash_idx" on "review"."review" ("text_hash");`);
    this.addSql(
      `create table "review"."product_rating" ("product_id" uuid not null, "count" int not null default 0, "sum" int not null default 0, "hist_1" int not null default 0, "hist_2" int not null default 0, "hist_3" int not null default 0, "hist_4" int not null default 0, "hist_5" int not null default 0, primary key ("product_id"), constraint "product_rating_count" check (count = hist_1 + hist_2 + hist_3 + hist_4 + hist_5), constraint "product_rating_sum" check (sum = hist_1 + 2 * hist_2 + 3 * hist_3 + 4 * hist_4 + 5 * hist_5), constraint "product_rating_nonnegative" check (least(hist_1, hist_2, hist_3, hist_4, hist_5) >= 0));`,
    );
    // Ratings of the reviews approved so far, from the rows (the table replaces aggregating on read).
    this.addSql(
      `insert into "review"."product_rating" ("product_id", "count", "sum", "hist_1", "hist_2", "hist_3", "hist_4", "hist_5") select "product_id", count(*), sum("rating"), count(*) filter (where "rating" = 1), count(*) filter (where "rating" = 2), count(*) filter (where "rating" = 3), count(*) filter (where "rating" = 4), count(*) filter (where "rating" = 5) from "review"."review" where "status" = 'APPROVED' group by "product_id";`,
    );
    this.addSql(
      `create table "review"."purchase" ("order_id" uuid not null, "sku" text not null, "customer_id" uuid null, "product_id" uuid not null, "quantity" int not null, "returned_quantity" int not null default 0, "delivered_at" timestamptz not null, primary key ("order_id", "sku"));`,
    );
    this.addSql(`create index "purchase_customer_product_idx" on "review"."purchase" ("customer_id", "product_id");`);
    this.addSql(
      `create table "review"."helpful_vote" ("review_id" uuid not null, "customer_id" uuid not null, "created_at" timestamptz not null, primary key ("review_id", "customer_id"), constraint "helpful_vote_review_fk" foreign key ("review_id") references "review"."review" ("id") on delete cascade);`,
    );
    this.addSql(
      `create table "review"."review_report" ("review_id" uuid not null, "customer_id" uuid not null, "reason" text not null, "note" text null, "created_at" timestamptz not null, primary key ("review_id", "customer_id"), constraint "review_report_review_fk" foreign key ("review_id") references "review"."review" ("id") on delete cascade);`,
    );
    this.addSql(
      `create table "review"."moderation_entry" ("id" uuid not null, "review_id" uuid not null, "actor" text not null, "actor_id" text null, "from_status" text null, "to_status" text null, "reason" text null, "note" text null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "moderation_entry_review_idx" on "review"."moderation_entry" ("review_id", "created_at");`);
    this.addSql(
      `create table "review"."review_request" ("order_id" uuid not null, "order_number" text not null, "customer_id" uuid null, "email" text not null, "status" text not null default 'SCHEDULED', "due_at" timestamptz not null, "skip_reason" text null, "decided_at" timestamptz null, "created_at" timestamptz not null, primary key ("order_id"), constraint "review_request_status" check (status in ('SCHEDULED', 'SENT', 'SKIPPED')));`,
    );
    this.addSql(
      `create table "review"."customer_action" ("id" uuid not null, "customer_id" uuid not null, "action" text not null, "occurred_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "customer_action_recent_idx" on "review"."customer_action" ("customer_id", "action", "occurred_at");`);
    this.addSql(eventTablesSql('review'));
  }
}
