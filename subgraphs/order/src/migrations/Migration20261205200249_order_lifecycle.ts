import { Migration } from '@mikro-orm/migrations';

export class Migration20261205200249_order_lifecycle extends Migration {
  override name = 'Migration20261205200249_order_lifecycle';

  override up(): void | Promise<void> {
    this.addSql(`create type "order"."order_state" as enum ('PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED');`);
    this.addSql(`create type "order"."fulfilment_state" as enum ('PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED');`);
    this.addSql(`create type "order"."return_request_state" as enum ('REQUESTED', 'APPROVED', 'DECLINED', 'RECEIVED');`);
    this.addSql(
      `alter table "order"."order" add "state" "order"."order_state" not null default 'PENDING', add "version" int not null default 0, add "delivered_at" timestamptz null;`,
    );
    // Orders placed before the lifecycle: the state from the status they had (fulfilment was never recorded).
    this.addSql(
      `update "order"."order" set "version" = 1, "state" = (case "status" when 'PENDING' then 'PENDING' when 'CANCELLED' then 'CANCELLED' else 'CONFIRMED' end)::"order"."order_state";`,
    );
    this.addSql(`create index "order_completion_due_idx" on "order"."order" ("delivered_at") where "state" = 'CONFIRMED';`);
    this.addSql(`alter table "order"."order_item" add "cancelled_quantity" int not null default 0;`);
    this.addSql(
      `create table "order"."fulfilment" ("id" uuid not null, "order_id" uuid not null, "state" "order"."fulfilment_state" not null default 'PENDING', "warehouse_id" uuid not null, "carrier" varchar(255) null, "tracking_number" varchar(255) null, "shipped_at" timestamptz null, "delivered_at" timestamptz null, "cancelled_at" timestamptz null, "restocked" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "fulfilment_order_idx" on "order"."fulfilment" ("order_id");`);
    this.addSql(
      `alter table "order"."fulfilment" add constraint "fulfilment_order_id_foreign" foreign key ("order_id") references "order"."order" ("id") on delete cascade;`,
    );
    this.addSql(
      `create table "order"."fulfilment_line" ("id" uuid not null, "fulfilment_id" uuid not null, "order_item_id" uuid not null, "quantity" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "fulfilment_line_fulfilment_idx" on "order"."fulfilment_line" ("fulfilment_id");`);
    this.addSql(`create index "fulfilment_line_order_item_idx" on "order"."fulfilment_line" ("order_item_id");`);
    this.addSql(
      `alter table "order"."fulfilment_line" add constraint "fulfilment_line_fulfilment_id_foreign" foreign key ("fulfilment_id") references "order"."fulfilment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order"."fulfilment_line" add constraint "fulfilment_line_order_item_id_foreign" foreign key ("order_item_id") references "order"."order_item" ("id") on delete cascade;`,
    );
    this.addSql(
      `create table "order"."refund" ("id" uuid not null, "order_id" uuid not null, "kind" varchar(255) not null, "amount_minor" bigint not null, "voided_minor" bigint not null default 0, "reason" text null, "lines" jsonb not null default '[]', "restock" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "refund_order_idx" on "order"."refund" ("order_id");`);
    this.addSql(
      `alter table "order"."refund" add constraint "refund_order_id_foreign" foreign key ("order_id") references "order"."order" ("id") on delete cascade;`,
    );
    this.addSql(
      `create table "order"."return_request" ("id" uuid not null, "order_id" uuid not null, "state" "order"."return_request_state" not null default 'REQUESTED', "reason" text not null, "lines" jsonb not null, "decided_at" timestamptz null, "received_at" timestamptz null, "restock" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "return_request_order_idx" on "order"."return_request" ("order_id");`);
    this.addSql(
      `alter table "order"."return_request" add constraint "return_request_order_id_foreign" foreign key ("order_id") references "order"."order" ("id") on delete cascade;`,
    );
  }
}
