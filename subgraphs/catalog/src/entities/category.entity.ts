import { randomUUID } from 'node:crypto';
import { type Rel, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** A node of the category tree. */
@Entity({ tableName: 'category' })
export class Category {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Unique({ name: 'category_slug_unique' })
  @Property()
  slug!: string;

  @Property()
  name!: string;

  @Index({ name: 'category_parent_idx' })
  @ManyToOne(() => Category, { nullable: true, deleteRule: 'restrict' })
  parent?: Rel<Category>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
