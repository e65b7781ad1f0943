import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '@shopgraph/subgraph';
import { allCategories } from '../services/catalog.service.js';
import { catalogLoaders } from './loaders.js';
import { Category } from './types.js';

/** Category queries. */
@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'Every category; rebuild the tree with `parent`.' })
  async categories(@Ctx() ctx: RequestContext): Promise<Category[]> {
    return (await allCategories(ctx.em)).map(Category.from);
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The parent category; null at the top level.' })
  parent(@Root() category: Category, @Ctx() ctx: RequestContext): Promise<Category | null> {
    return category.parentId ? catalogLoaders(ctx).category.load(category.parentId) : Promise.resolve(null);
  }
}
