import { Migration } from '@mikro-orm/migrations';

export class Migration20261124010057_checkout_email extends Migration {
  override name = 'Migration20261124010057_checkout_email';

  override up(): void | Promise<void> {
    this.addSql(`alter table "order"."checkout_session" add "email" varchar(254) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "order"."checkout_session" drop column "email";`);
  }
}
