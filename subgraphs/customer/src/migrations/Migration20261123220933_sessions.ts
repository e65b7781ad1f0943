import { Migration } from '@mikro-orm/migrations';

export class Migration20261123220933_sessions extends Migration {
  override name = 'Migration20261123220933_sessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "customer"."refresh_token" ("id" uuid not null, "token_hash" varchar(255) not null, "family_id" uuid not null, "customer_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "customer"."refresh_token" add constraint "refresh_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_token_family_idx" on "customer"."refresh_token" ("family_id");`);

    this.addSql(
      `alter table "customer"."customer" add "failed_login_count" int not null default 0, add "failed_login_window_started_at" timestamptz null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."refresh_token" cascade;`);

    this.addSql(`alter table "customer"."customer" drop column "failed_login_count", drop column "failed_login_window_started_at";`);
  }
}
