import { Migration } from '@mikro-orm/migrations';

export class Migration20261205180000_self_service extends Migration {
  override name = 'Migration20261205180000_self_service';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "customer"."password_reset_token" ("id" uuid not null, "token_hash" varchar(255) not null, "customer_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "password_reset_token_customer_idx" on "customer"."password_reset_token" ("customer_id", "created_at");`);
    this.addSql(`alter table "customer"."password_reset_token" add constraint "password_reset_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create index "refresh_token_customer_idx" on "customer"."refresh_token" ("customer_id");`);

    this.addSql(`alter table "customer"."customer" add "deleted_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."password_reset_token" cascade;`);

    this.addSql(`drop index "customer"."refresh_token_customer_idx";`);

    this.addSql(`alter table "customer"."customer" drop column "deleted_at";`);
  }
}
