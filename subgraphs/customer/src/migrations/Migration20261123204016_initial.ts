import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204016_initial extends Migration {
  override name = 'Migration20261123204016_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "customer";`);
    this.addSql(
      `create table "customer"."customer" ("id" uuid not null, "email" varchar(255) not null, "password_hash" varchar(255) not null, "first_name" varchar(255) not null, "last_name" varchar(255) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "customer"."customer" add constraint "customer_email_unique" unique ("email");`);
  }
}
