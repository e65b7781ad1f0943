import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204017_initial extends Migration {
  override name = 'Migration20261123204017_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "order";`);
    this.addSql(`create sequence if not exists "order"."order_number_seq";`);
    this.addSql(`create type "order"."cart_status" as enum ('ACTIVE', 'ORDERED');`);
    this.addSql(`create type "order"."order_status" as enum ('PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED');`);
    this.addSql(
      `create table "order"."cart" ("id" uuid not null, "owner_key" varchar(255) not null, "status" "order"."cart_status" not null default 'ACTIVE', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create unique index "cart_one_active_per_owner" on "order"."cart" ("owner_key") where "status" = 'ACTIVE';`);

    this.addSql(
      `create table "order"."cart_line" ("id" uuid not null, "cart_id" uuid not null, "sku" varchar(255) not null, "product_id" uuid not null, "quantity" int not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "order"."cart_line" add constraint "cart_line_cart_sku_unique" unique ("cart_id", "sku");`);
    this.addSql(`alter table "order"."cart_line" add constraint "cart_line_quantity_positive" check (quantity > 0);`);

    this.addSql(
      `create table "order"."order" ("id" uuid not null, "number" varchar(255) not null, "cart_id" uuid not null, "owner_key" varchar(255) not null, "customer_id" uuid null, "status" "order"."order_status" not null default 'PENDING', "currency" varchar(3) not null, "subtotal_minor" bigint not null, "total_minor" bigint not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "order"."order" add constraint "order_number_unique" unique ("number");`);
    this.addSql(`alter table "order"."order" add constraint "order_cart_unique" unique ("cart_id");`);
    this.addSql(`create index "order_owner_created_idx" on "order"."order" ("owner_key", "created_at");`);

    this.addSql(
      `create table "order"."order_item" ("id" uuid not null, "order_id" uuid not null, "position" int not null, "sku" varchar(255) not null, "product_id" uuid not null, "name" varchar(255) not null, "quantity" int not null, "unit_price_minor" bigint not null, "line_total_minor" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "order_item_order_idx" on "order"."order_item" ("order_id");`);

    this.addSql(
      `create table "order"."order_status_change" ("id" uuid not null, "order_id" uuid not null, "from_status" "order"."order_status" null, "to_status" "order"."order_status" not null, "actor" varchar(255) not null, "occurred_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "order_status_change_order_idx" on "order"."order_status_change" ("order_id");`);

    this.addSql(
      `alter table "order"."cart_line" add constraint "cart_line_cart_id_foreign" foreign key ("cart_id") references "order"."cart" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "order"."order_item" add constraint "order_item_order_id_foreign" foreign key ("order_id") references "order"."order" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "order"."order_status_change" add constraint "order_status_change_order_id_foreign" foreign key ("order_id") references "order"."order" ("id") on delete cascade;`,
    );
  }
}
