import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@shopgraph/events';

export class Migration20261123230830_variant_status_events extends Migration {
  override name = 'Migration20261123230830_variant_status_events';

  override up(): void | Promise<void> {
    this.addSql(`create type "catalog"."variant_status" as enum ('ACTIVE', 'ARCHIVED');`);
    this.addSql(`create table "catalog"."pricing_version" ("id" int not null default 1, "version" bigint not null, primary key ("id"));`);

    this.addSql(`insert into "catalog"."pricing_version" ("id", "version") values (1, 0);`);

    this.addSql(`alter table "catalog"."product_variant" add "status" "catalog"."variant_status" not null default 'ACTIVE';`);

    this.addSql(eventTablesSql('catalog'));
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "catalog"."pricing_version" cascade;`);

    this.addSql(`alter table "catalog"."product_variant" drop column "status";`);

    this.addSql(`drop type "catalog"."variant_status";`);
  }
}
