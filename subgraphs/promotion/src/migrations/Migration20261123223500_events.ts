import { Migration } from '@mikro-orm/migrations';
import { eventTablesSql } from '@shopgraph/events';

export class Migration20261123223500_events extends Migration {
  override name = 'Migration20261123223500_events';

  override up(): void | Promise<void> {
    this.addSql(eventTablesSql('promotion'));
  }
}
