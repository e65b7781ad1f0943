import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204014_initial extends Migration {
  override name = 'Migration20261123204014_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "inventory";`);
    this.addSql(
      `create table "inventory"."warehouse" ("id" uuid not null, "code" varchar(255) not null, "name" varchar(255) not null, "country" varchar(2) not null, "priority" int not null default 100, "active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "inventory"."warehouse" add constraint "warehouse_code_unique" unique ("code");`);

    this.addSql(
      `create table "inventory"."stock_level" ("id" uuid not null, "sku" varchar(255) not null, "warehouse_id" uuid not null, "on_hand" int not null default 0, "reserved" int not null default 0, "safety_stock" int not null default 0, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "stock_level_sku_idx" on "inventory"."stock_level" ("sku");`);
    this.addSql(`alter table "inventory"."stock_level" add constraint "stock_level_sku_warehouse_unique" unique ("sku", "warehouse_id");`);
    this.addSql(
      `alter table "inventory"."stock_level" add constraint "stock_level_non_negative" check (on_hand >= 0 and reserved >= 0 and safety_stock >= 0);`,
    );

    this.addSql(
      `alter table "inventory"."stock_level" add constraint "stock_level_warehouse_id_foreign" foreign key ("warehouse_id") references "inventory"."warehouse" ("id") on delete restrict;`,
    );
  }
}
