import { OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** A place stock is kept and shipped from. */
@Entity({ tableName: 'warehouse' })
export class Warehouse {
  [OptionalProps]?: 'priority' | 'active';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Unique({ name: 'warehouse_code_unique' })
  @Property()
  code!: string;

  @Property()
  name!: string;

  /** ISO 3166-1 alpha-2 country code. */
  @Property({ length: 2 })
  country!: string;

  /** Lower ships first when a reservation names no warehouse. */
  @Property({ columnType: 'int' })
  priority = 100;

  @Property()
  active = true;
}
