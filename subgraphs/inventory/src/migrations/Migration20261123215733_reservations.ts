import { Migration } from '@mikro-orm/migrations';

export class Migration20261123215733_reservations extends Migration {
  override name = 'Migration20261123215733_reservations';

  override up(): void | Promise<void> {
    this.addSql(`create type "inventory"."reservation_status" as enum ('ACTIVE', 'RELEASED', 'CONFIRMED', 'EXPIRED');`);
    this.addSql(
      `create type "inventory"."stock_movement_kind" as enum ('RECEIPT', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'CONFIRMATION', 'RETURN');`,
    );
    this.addSql(
      `create table "inventory"."reservation" ("id" uuid not null, "owner" varchar(255) not null, "idempotency_key" varchar(255) not null, "status" "inventory"."reservation_status" not null default 'ACTIVE', "expires_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "reservation_owner_idx" on "inventory"."reservation" ("owner");`);
    this.addSql(`alter table "inventory"."reservation" add constraint "reservation_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "reservation_status_expires_idx" on "inventory"."reservation" ("status", "expires_at");`);

    this.addSql(
      `create table "inventory"."stock_movement" ("id" uuid not null, "sku" varchar(255) not null, "warehouse_id" uuid not null, "kind" "inventory"."stock_movement_kind" not null, "on_hand_delta" int not null default 0, "reserved_delta" int not null default 0, "reason" text null, "reservation_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "stock_movement_reservation_idx" on "inventory"."stock_movement" ("reservation_id");`);
    this.addSql(`create index "stock_movement_sku_warehouse_idx" on "inventory"."stock_movement" ("sku", "warehouse_id");`);

    this.addSql(
      `create table "inventory"."reservation_line" ("id" uuid not null, "reservation_id" uuid not null, "sku" varchar(255) not null, "warehouse_id" uuid not null, "quantity" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "reservation_line_reservation_idx" on "inventory"."reservation_line" ("reservation_id");`);

    this.addSql(
      `alter table "inventory"."stock_movement" add constraint "stock_movement_warehouse_id_foreign" foreign key ("warehouse_id") references "inventory"."warehouse" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "inventory"."reservation_line" add constraint "reservation_line_reservation_id_foreign" foreign key ("reservation_id") references "inventory"."reservation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "inventory"."reservation_line" add constraint "reservation_line_warehouse_id_foreign" foreign key ("warehouse_id") references "inventory"."warehouse" ("id") on delete restrict;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "inventory"."reservation_line" drop constraint "reservation_line_reservation_id_foreign";`);

    this.addSql(`drop table if exists "inventory"."reservation" cascade;`);
    this.addSql(`drop table if exists "inventory"."stock_movement" cascade;`);
    this.addSql(`drop table if exists "inventory"."reservation_line" cascade;`);

    this.addSql(`drop type "inventory"."reservation_status";`);
    this.addSql(`drop type "inventory"."stock_movement_kind";`);
  }
}
