import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@shopgraph/events';

export class Migration20261123230217_loyalty_standing_expiry_login_throttle extends Migration {
  override name = 'Migration20261123230217_loyalty_standing_expiry_login_throttle';

  override up(): void | Promise<void> {
    this.addSql(eventTablesSql('customer'));
    this.addSql(
      `create table "customer"."login_throttle" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`,
    );

    this.addSql(`alter table "customer"."customer" drop column "failed_login_count", drop column "failed_login_window_started_at";`);

    this.addSql(`alter table "customer"."loyalty_entry" add "base_points" int null, add "order_amount_minor" bigint null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer"."login_throttle" cascade;`);

    this.addSql(
      `alter table "customer"."customer" add "failed_login_count" int4 not null default 0, add "failed_login_window_started_at" timestamptz(6) null;`,
    );

    this.addSql(`alter table "customer"."loyalty_entry" drop column "base_points", drop column "order_amount_minor";`);
  }
}
