import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '@shopgraph/errors';
import { ConnectionArgs, type RequestContext, pageSize, toConnection } from '@shopgraph/subgraph';
import { listProducts, productBySlug } from '../services/catalog.service.js';
import { catalogLoaders } from './loaders.js';
import { Category, Product, ProductConnection, ProductVariant } from './types.js';

/** Product queries and the product's own fields. */
@Resolver(() => Product)
export class ProductResolver {
  @Query(() => ProductConnection, { description: 'Active products in name order, as a Relay connection.' })
  async products(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext): Promise<InstanceType<typeof ProductConnection>> {
    const first = pageSize(args.first);
    const page = await listProducts(ctx.em, first, args.after);
    return toConnection({ ...page, items: page.items.map(({ cursor, product }) => ({ cursor, node: Product.from(product) })) }, args.after);
  }

  @Query(() => Product, { nullable: true, description: 'One product by id or by slug (exactly one of them).' })
  async product(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ): Promise<Product | null> {
    if ((id === undefined || id === null) === (slug === undefined || slug === null)) {
      throw new BadUserInputError('Give exactly one of id or slug', ['id']);
    }
    if (id) return catalogLoaders(ctx).product.load(id);
    const found = await productBySlug(ctx.em, slug!);
    return found ? Product.from(found) : null;
  }

  @FieldResolver(() => [ProductVariant], { description: 'The product\'s variants, by SKU.' })
  variants(@Root() product: Product, @Ctx() ctx: RequestContext): Promise<ProductVariant[]> {
    return catalogLoaders(ctx).variantsOfProduct.load(product.id);
  }

  @FieldResolver(() => Category, { description: 'The category the product is filed under.' })
  async category(@Root() product: Product, @Ctx() ctx: RequestContext): Promise<Category> {
    const category = await catalogLoaders(ctx).category.load(product.categoryId);
    if (!category) throw new Error(`Category ${product.categoryId} missing`);
    return category;
  }
}
