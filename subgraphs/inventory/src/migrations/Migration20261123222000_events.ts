import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@shopgraph/events';

export class Migration20261123222000_events extends Migration {
  override name = 'Migration20261123222000_events';

  override up(): void | Promise<void> {
    this.addSql(eventTablesSql('inventory'));
    this.addSql(`alter table "inventory"."stock_level" add column "low_stock_threshold" int not null default 5;`);
  }
}
