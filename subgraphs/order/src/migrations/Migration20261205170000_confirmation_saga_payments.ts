import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@shopgraph/events';
import { sagaTablesSql } from '@shopgraph/saga';

export class Migration20261205170000_confirmation_saga_payments extends Migration {
  override name = 'Migration20261205170000_confirmation_saga_payments';

  override up(): void | Promise<void> {
    this.addSql(eventTablesSql('order'));
    this.addSql(sagaTablesSql('order'));
    this.addSql(`alter type "order"."checkout_status" add value if not exists 'CONFIRMING' before 'COMPLETED';`);
    this.addSql(
      `alter table "order"."order" add column "checkout_session_id" uuid null, add column "email" varchar(254) null, add column "shipping_address" jsonb null, add column "billing_address" jsonb null, add column "shipping_method_code" varchar(255) null, add column "shipping_method_name" varchar(255) null, add column "discount_minor" bigint not null default 0, add column "loyalty_discount_minor" bigint not null default 0, add column "shipping_minor" bigint not null default 0, add column "shipping_discount_minor" bigint not null default 0, add column "tax_minor" bigint not null default 0, add column "exclusive_tax_minor" bigint not null default 0, add column "discounts" jsonb not null default '[]', add column "points_used" int not null default 0, add column "points_earned" int not null default 0, add column "notes" text null;`,
    );
    this.addSql(`alter table "order"."order" add constraint "order_checkout_session_unique" unique ("checkout_session_id");`);
    this.addSql(
      `alter table "order"."order_item" add column "discount_minor" bigint not null default 0, add column "loyalty_discount_minor" bigint not null default 0;`,
    );
    this.addSql(
      `create table "order"."payment" ("id" uuid not null, "order_id" uuid null, "checkout_session_id" uuid not null, "provider" varchar(255) not null, "psp_reference" varchar(255) null, "currency" varchar(3) not null, "amount_minor" bigint not null, "card_brand" varchar(255) not null, "card_last4" varchar(4) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_order_idx" on "order"."payment" ("order_id");`);
    this.addSql(`alter table "order"."payment" add constraint "payment_psp_reference_unique" unique ("psp_reference");`);
    this.addSql(
      `create table "order"."payment_event" ("id" uuid not null, "payment_id" uuid not null, "type" varchar(255) not null, "amount_minor" bigint not null, "psp_reference" varchar(255) null, "psp_event_id" varchar(255) null, "idempotency_key" varchar(255) null, "dedupe_key" varchar(255) not null, "code" varchar(255) null, "message" text null, "occurred_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_event_payment_idx" on "order"."payment_event" ("payment_id", "occurred_at");`);
    this.addSql(`alter table "order"."payment_event" add constraint "payment_event_dedupe_unique" unique ("dedupe_key");`);
    this.addSql(
      `alter table "order"."payment_event" add constraint "payment_event_payment_id_foreign" foreign key ("payment_id") references "order"."payment" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `create table "order"."payment_provider_event" ("provider" varchar(255) not null, "event_id" varchar(255) not null, "payload" jsonb not null, "received_at" timestamptz not null, "processed_at" timestamptz null, primary key ("provider", "event_id"));`,
    );
    this.addSql(
      `create index "payment_provider_event_unprocessed_idx" on "order"."payment_provider_event" ("received_at") where "processed_at" is null;`,
    );
  }
}
