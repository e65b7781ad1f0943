import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '@shopgraph/errors';
import { ConnectionArgs, type RequestContext, pageSize, toConnection } from '@shopgraph/subgraph';
import { productBySlug } from '../services/catalog.service.js';
import { ProductSort, searchProducts } from '../services/product-search.service.js';
import { catalogLoaders } from './loaders.js';
import { Category, Product, ProductConnection, ProductFilterInput, ProductVariant } from './types.js';

/** Product queries and the product's own fields. */
@Resolver(() => Product)
export class ProductResolver {
  @Query(() => ProductConnection, {
    description: 'Active products, filtered and sorted, as a Relay connection with stable keyset cursors.',
  })
  async products(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ProductFilterInput, { nullable: true, description: 'Which products to list; all active ones when omitted.' })
    filter?: ProductFilterInput,
    @Arg('sort', () => ProductSort, {
      defaultValue: ProductSort.NAME,
      description: 'Order of the list; a cursor only continues the order it came from.',
    })
    sort = ProductSort.NAME,
  ): Promise<InstanceType<typeof ProductConnection>> {
    const first = pageSize(args.first);
    const page = await searchProducts(ctx.em, { ...filter }, sort, first, args.after);
    return toConnection(
      { ...page, items: page.items.map(({ cursor, product }) => ({ cursor, node: Product.fromRow(product) })) },
      args.after,
    );
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

  @FieldResolver(() => [ProductVariant], { description: "The product's active variants, by SKU." })
  variants(@Root() product: Product, @Ctx() ctx: RequestContext): Promise<ProductVariant[]> {
    return catalogLoaders(ctx).variantsOfProduct.load(product.id);
  }

  @FieldResolver(() => Category, { description: 'The category the product is filed under.' })
  category(@Root() product: Product, @Ctx() ctx: RequestContext): Category | Promise<Category> {
    if (product.joinedCategory) return product.joinedCategory;
    return catalogLoaders(ctx)
      .category.load(product.categoryId)
      .then((category) => {
        if (!category) throw new Error(`Category ${product.categoryId} missing`);
        return category;
      });
  }
}
