import { Migration } from '@mikro-orm/migrations';

export class Migration20261123220505_stock_reserved_within_on_hand extends Migration {
  override name = 'Migration20261123220505_stock_reserved_within_on_hand';

  override up(): void | Promise<void> {
    this.addSql(`alter table "inventory"."stock_level" add constraint "stock_level_reserved_within_on_hand" check (reserved <= on_hand);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "inventory"."stock_level" drop constraint "stock_level_reserved_within_on_hand";`);
  }
}
