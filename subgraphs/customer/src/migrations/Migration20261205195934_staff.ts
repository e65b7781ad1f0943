import { Migration } from '@mikro-orm/migrations';

export class Migration20261205195934_staff extends Migration {
  override name = 'Migration20261205195934_staff';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "customer"."staff_invitation" ("id" uuid not null, "token_hash" varchar(255) not null, "staff_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "customer"."staff_invitation" add constraint "staff_invitation_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "staff_invitation_staff_idx" on "customer"."staff_invitation" ("staff_id");`);

    this.addSql(
      `create table "customer"."staff_member" ("id" uuid not null, "email" varchar(255) not null, "name" varchar(255) not null, "password_hash" varchar(255) null, "role" varchar(32) not null, "active" boolean not null default false, "invited_by" uuid null, "created_at" timestamptz not null, "last_sign_in_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create unique index "staff_member_email_unique" on "customer"."staff_member" (lower("email"));`);

    this.addSql(
      `create table "customer"."staff_refresh_token" ("id" uuid not null, "token_hash" varchar(255) not null, "family_id" uuid not null, "staff_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "customer"."staff_refresh_token" add constraint "staff_refresh_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "staff_refresh_token_staff_idx" on "customer"."staff_refresh_token" ("staff_id");`);
    this.addSql(`create index "staff_refresh_token_family_idx" on "customer"."staff_refresh_token" ("family_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."staff_invitation" cascade;`);
    this.addSql(`drop table if exists "customer"."staff_member" cascade;`);
    this.addSql(`drop table if exists "customer"."staff_refresh_token" cascade;`);
  }
}
