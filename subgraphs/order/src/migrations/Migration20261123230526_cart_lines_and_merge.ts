import { Migration } from '@mikro-orm/migrations';

export class Migration20261123230526_cart_lines_and_merge extends Migration {
  override name = 'Migration20261123230526_cart_lines_and_merge';

  override up(): void | Promise<void> {
    // A value added with ALTER TYPE cannot be used in the same transaction (the index below uses
    // CHECKOUT), so the enum is recreated with every value instead.
    this.addSql(`drop index "order"."cart_one_active_per_owner";`);
    this.addSql(`alter type "order"."cart_status" rename to "cart_status_old";`);
    this.addSql(`create type "order"."cart_status" as enum ('ACTIVE', 'CHECKOUT', 'ORDERED', 'MERGED');`);
    this.addSql(`alter table "order"."cart" alter column "status" drop default;`);
    this.addSql(`alter table "order"."cart" alter column "status" type "order"."cart_status" using "status"::text::"order"."cart_status";`);
    this.addSql(`alter table "order"."cart" alter column "status" set default 'ACTIVE';`);
    this.addSql(`drop type "order"."cart_status_old";`);
    this.addSql(`alter table "order"."cart" add "merged_into_id" uuid null;`);
    this.addSql(`create unique index "cart_one_open_per_owner" on "order"."cart" ("owner_key") where "status" in ('ACTIVE', 'CHECKOUT');`);

    this.addSql(
      `alter table "order"."cart_line" add "warehouse_id" uuid null, add "seen_unit_price_minor" bigint null, add "seen_currency" varchar(3) null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "order"."cart_one_open_per_owner";`);
    this.addSql(`alter table "order"."cart" drop column "merged_into_id";`);
    this.addSql(
      `create unique index "cart_one_active_per_owner" on "order"."cart" ("owner_key") where status = 'ACTIVE'::"order".cart_status;`,
    );

    this.addSql(
      `alter table "order"."cart_line" drop column "warehouse_id", drop column "seen_unit_price_minor", drop column "seen_currency";`,
    );
  }
}
