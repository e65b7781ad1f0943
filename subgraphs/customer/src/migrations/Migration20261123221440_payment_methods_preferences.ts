import { Migration } from '@mikro-orm/migrations';

export class Migration20261123221440_payment_methods_preferences extends Migration {
  override name = 'Migration20261123221440_payment_methods_preferences';

  override up(): void | Promise<void> {
    this.addSql(`create type "customer"."card_brand" as enum ('VISA', 'MASTERCARD', 'AMEX', 'JCB', 'OTHER');`);
    this.addSql(
      `create table "customer"."payment_method" ("id" uuid not null, "customer_id" uuid not null, "provider_token" varchar(255) not null, "brand" "customer"."card_brand" not null, "last4" varchar(4) not null, "expiry_month" smallint not null, "expiry_year" smallint not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_method_customer_idx" on "customer"."payment_method" ("customer_id", "created_at");`);
    this.addSql(
      `alter table "customer"."payment_method" add constraint "payment_method_customer_token_unique" unique ("customer_id", "provider_token");`,
    );

    this.addSql(
      `alter table "customer"."customer" add "marketing_opt_in" boolean not null default false, add "review_requests_opt_in" boolean not null default true;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."payment_method" cascade;`);

    this.addSql(`alter table "customer"."customer" drop column "marketing_opt_in", drop column "review_requests_opt_in";`);

    this.addSql(`drop type "customer"."card_brand";`);
  }
}
