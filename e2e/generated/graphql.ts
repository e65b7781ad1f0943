/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An integer of any size, serialized as a string of digits (e.g. "24999"). */
  BigInt: { input: string; output: string; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number serialized as a string, e.g. "249.99". */
  Decimal: { input: string; output: string; }
};

/** A signed access token. */
export type AccessToken = {
  __typename?: 'AccessToken';
  /** Bearer token for the Authorization header. */
  accessToken: Scalars['String']['output'];
  /** When the token stops being accepted. */
  expiresAt: Scalars['DateTime']['output'];
};

/** What to add to the cart. */
export type AddCartItemInput = {
  /** Units to add (1 to 99 per line). */
  quantity: Scalars['Int']['input'];
  /** SKU of the variant. */
  sku: Scalars['ID']['input'];
};

/** How many units of a variant can be sold now. */
export type Availability = {
  __typename?: 'Availability';
  /** Units available across active warehouses. */
  available: Scalars['Int']['output'];
  /** Whether at least one unit is available. */
  inStock: Scalars['Boolean']['output'];
};

/** Which order to cancel. */
export type CancelOrderInput = {
  /** The order. */
  orderId: Scalars['ID']['input'];
};

/** A shopper's cart. */
export type Cart = {
  __typename?: 'Cart';
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Total units across lines. */
  itemCount: Scalars['Int']['output'];
  /** Lines in the order they were added. */
  lines: Array<CartLine>;
  /** Lifecycle status. */
  status: CartStatus;
  /** When the cart last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** One SKU in a cart. */
export type CartLine = {
  __typename?: 'CartLine';
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** The product (served by catalog). */
  product: Product;
  /** Units wanted. */
  quantity: Scalars['Int']['output'];
  /** The SKU. */
  sku: Scalars['ID']['output'];
  /** The variant (served by catalog and inventory). */
  variant: ProductVariant;
};

/** Result of a cart mutation. */
export type CartPayload = {
  __typename?: 'CartPayload';
  /** The cart after the change; null if nothing changed. */
  cart?: Maybe<Cart>;
  /** Why nothing changed, if so. */
  userErrors: Array<UserError>;
};

/** Lifecycle of a cart. */
export type CartStatus =
  | 'ACTIVE'
  | 'ORDERED';

/** A category of the catalog tree. */
export type Category = {
  __typename?: 'Category';
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** The parent category; null at the top level. */
  parent?: Maybe<Category>;
  /** URL-safe unique name. */
  slug: Scalars['String']['output'];
};

/** ISO 4217 currency code. */
export type CurrencyCode =
  | 'EUR'
  | 'GBP'
  | 'JPY'
  | 'USD'
  | 'VND';

/** A customer account. */
export type Customer = {
  __typename?: 'Customer';
  /** When the account was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Sign-in email, lower-cased. */
  email: Scalars['String']['output'];
  /** Given name. */
  firstName: Scalars['String']['output'];
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Family name. */
  lastName: Scalars['String']['output'];
};

/** How a promotion discounts. */
export type DiscountType =
  | 'BUY_X_GET_Y'
  | 'FIXED_AMOUNT'
  | 'FREE_SHIPPING'
  | 'PERCENTAGE';

/** Credentials for login. */
export type LoginInput = {
  /** Account email (case-insensitive). */
  email: Scalars['String']['input'];
  /** Account password. */
  password: Scalars['String']['input'];
};

/** Result of login. */
export type LoginPayload = {
  __typename?: 'LoginPayload';
  /** The signed-in customer; null on failure. */
  customer?: Maybe<Customer>;
  /** The new token; null on failure. */
  token?: Maybe<AccessToken>;
  /** Why login failed, if it did. */
  userErrors: Array<UserError>;
};

/** An amount of money in integer minor units and as a decimal string. */
export type Money = {
  __typename?: 'Money';
  /** Amount in major units as an exact decimal string. */
  amount: Scalars['Decimal']['output'];
  /** Amount in minor units (cents; whole dong for VND). */
  amountMinor: Scalars['BigInt']['output'];
  /** ISO 4217 currency code. */
  currencyCode: CurrencyCode;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Adds units of a variant to the caller's cart, creating the cart if needed. */
  addCartItem: CartPayload;
  /** Cancels one of the caller's orders while the lifecycle allows it. */
  cancelOrder: OrderPayload;
  /** Signs a customer in with email and password. */
  login: LoginPayload;
  /** Places an order from the caller's cart at current prices. Repeating it returns the same order. */
  placeOrder: OrderPayload;
  /** Issues a guest token so an anonymous shopper can keep a cart. */
  startGuestSession: StartGuestSessionPayload;
  /** Admin: moves an order along its fulfilment lifecycle. */
  updateOrderStatus: OrderPayload;
};


export type MutationAddCartItemArgs = {
  input: AddCartItemInput;
};


export type MutationCancelOrderArgs = {
  input: CancelOrderInput;
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationPlaceOrderArgs = {
  input: PlaceOrderInput;
};


export type MutationUpdateOrderStatusArgs = {
  input: UpdateOrderStatusInput;
};

/** A placed order. */
export type Order = {
  __typename?: 'Order';
  /** When the order was placed. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Lines of the order. */
  items: Array<OrderItem>;
  /** Human-friendly order number, e.g. SG-2026-000042. */
  number: Scalars['String']['output'];
  /** Current status. */
  status: OrderStatus;
  /** Every status the order has had, oldest first. */
  statusHistory: Array<OrderStatusChange>;
  /** Sum of the line totals. */
  subtotal: Money;
  /** What the shopper pays. */
  total: Money;
};

/** A page of Order items. */
export type OrderConnection = {
  __typename?: 'OrderConnection';
  /** The items of this page with their cursors. */
  edges: Array<OrderEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of items in the whole list. */
  totalCount: Scalars['Int']['output'];
};

/** An edge to a Order. */
export type OrderEdge = {
  __typename?: 'OrderEdge';
  /** Opaque cursor of this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Order;
};

/** A line of an order, at the price it was sold. */
export type OrderItem = {
  __typename?: 'OrderItem';
  /** Unit price times quantity. */
  lineTotal: Money;
  /** Name of the variant when it was sold. */
  name: Scalars['String']['output'];
  /** The product (served by catalog). */
  product: Product;
  /** Units sold. */
  quantity: Scalars['Int']['output'];
  /** The SKU sold. */
  sku: Scalars['ID']['output'];
  /** Price of one unit. */
  unitPrice: Money;
  /** The variant (served by catalog and inventory). */
  variant: ProductVariant;
};

/** Result of an order mutation. */
export type OrderPayload = {
  __typename?: 'OrderPayload';
  /** The order after the change; null if nothing changed. */
  order?: Maybe<Order>;
  /** Why nothing changed, if so. */
  userErrors: Array<UserError>;
};

/** Where an order is in its life. */
export type OrderStatus =
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'DELIVERED'
  | 'PENDING'
  | 'PROCESSING'
  | 'SHIPPED';

/** One step of an order's status history. */
export type OrderStatusChange = {
  __typename?: 'OrderStatusChange';
  /** When the change took effect. */
  occurredAt: Scalars['DateTime']['output'];
  /** Status before the change; null when the order was placed. */
  previousStatus?: Maybe<OrderStatus>;
  /** Status after the change. */
  status: OrderStatus;
};

/** A change of an order's status. The first event of a subscription is the current status. */
export type OrderStatusEvent = {
  __typename?: 'OrderStatusEvent';
  /** When the status took effect. */
  occurredAt: Scalars['DateTime']['output'];
  /** The order as it is now, with fields from any subgraph. */
  order: Order;
  /** The order. */
  orderId: Scalars['ID']['output'];
  /** Status before the change; null for the current-status event. */
  previousStatus?: Maybe<OrderStatus>;
  /** Status after the change. */
  status: OrderStatus;
};

/** Where a page of a connection sits in the whole list. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item of the page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether there are items after this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether there are items before this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item of the page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Which cart to order. */
export type PlaceOrderInput = {
  /** The caller's active cart. */
  cartId: Scalars['ID']['input'];
};

/** A product of the catalog, sold as one of its variants. */
export type Product = {
  __typename?: 'Product';
  /** Brand or maker. */
  brand: Scalars['String']['output'];
  /** The category the product is filed under. */
  category: Category;
  /** When the product was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Long description (plain text). */
  description: Scalars['String']['output'];
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** Promotions running now that cover this product. */
  promotions: Array<Promotion>;
  /** Average and count of approved reviews. */
  rating: RatingSummary;
  /** URL-safe unique name. */
  slug: Scalars['String']['output'];
  /** Lifecycle status. */
  status: ProductStatus;
  /** The product's variants, by SKU. */
  variants: Array<ProductVariant>;
};

/** A page of Product items. */
export type ProductConnection = {
  __typename?: 'ProductConnection';
  /** The items of this page with their cursors. */
  edges: Array<ProductEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of items in the whole list. */
  totalCount: Scalars['Int']['output'];
};

/** An edge to a Product. */
export type ProductEdge = {
  __typename?: 'ProductEdge';
  /** Opaque cursor of this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Product;
};

/** Lifecycle of a product; only ACTIVE products are sold. */
export type ProductStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DRAFT';

/** A sellable variant of a product, identified by its SKU. */
export type ProductVariant = {
  __typename?: 'ProductVariant';
  /** Units that can be sold now, across active warehouses. */
  availability: Availability;
  /** Base price in the shop's base currency, before markups and tiers. */
  basePrice: Money;
  /** Display name including the options. */
  name: Scalars['String']['output'];
  /** Options that distinguish this variant. */
  options: Array<VariantOption>;
  /** The product this variant belongs to. */
  product: Product;
  /** Stock keeping unit. */
  sku: Scalars['ID']['output'];
  /** Shipping weight in grams. */
  weightGrams: Scalars['Int']['output'];
};

/** A promotion campaign. */
export type Promotion = {
  __typename?: 'Promotion';
  /** Whether the promotion is switched on. */
  active: Scalars['Boolean']['output'];
  /** What the shopper gets. */
  description: Scalars['String']['output'];
  /** How the promotion discounts. */
  discountType: DiscountType;
  /** When the promotion ends; null for open-ended. */
  endsAt?: Maybe<Scalars['DateTime']['output']>;
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Display name, e.g. "Summer sale". */
  name: Scalars['String']['output'];
  /** Percentage in basis points (1000 = 10%) for PERCENTAGE promotions. */
  percentageBasisPoints?: Maybe<Scalars['Int']['output']>;
  /** When the promotion starts. */
  startsAt: Scalars['DateTime']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The caller's active cart; null before the first item is added. */
  cart?: Maybe<Cart>;
  /** Every category; rebuild the tree with `parent`. */
  categories: Array<Category>;
  /** The signed-in customer; null for guests and anonymous callers. */
  me?: Maybe<Customer>;
  /** One order: the caller's own, or any for an admin. */
  order?: Maybe<Order>;
  /** The caller's orders, newest first; every order for an admin. */
  orders: OrderConnection;
  /** One product by id or by slug (exactly one of them). */
  product?: Maybe<Product>;
  /** One variant by SKU. */
  productVariant?: Maybe<ProductVariant>;
  /** Active products in name order, as a Relay connection. */
  products: ProductConnection;
  /** Every campaign (admin). */
  promotions: Array<Promotion>;
  /** Approved reviews of a product, newest first. */
  reviews: ReviewConnection;
  /** Every warehouse (admin). */
  warehouses: Array<Warehouse>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryProductArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  slug?: InputMaybe<Scalars['String']['input']>;
};


export type QueryProductVariantArgs = {
  sku: Scalars['ID']['input'];
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryReviewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  productId: Scalars['ID']['input'];
};

/** Summary of a product's approved reviews. */
export type RatingSummary = {
  __typename?: 'RatingSummary';
  /** Average stars to one decimal; null without reviews. */
  average?: Maybe<Scalars['Float']['output']>;
  /** Number of approved reviews. */
  count: Scalars['Int']['output'];
};

/** A shopper's review of a product. */
export type Review = {
  __typename?: 'Review';
  /** Name shown with the review. */
  authorName: Scalars['String']['output'];
  /** Text of the review. */
  body: Scalars['String']['output'];
  /** When the review was written. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** The reviewed product. */
  productId: Scalars['ID']['output'];
  /** Stars from 1 to 5. */
  rating: Scalars['Int']['output'];
  /** Moderation state. */
  status: ReviewStatus;
  /** Headline. */
  title: Scalars['String']['output'];
  /** Whether the author bought the product. */
  verifiedPurchase: Scalars['Boolean']['output'];
};

/** A page of Review items. */
export type ReviewConnection = {
  __typename?: 'ReviewConnection';
  /** The items of this page with their cursors. */
  edges: Array<ReviewEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of items in the whole list. */
  totalCount: Scalars['Int']['output'];
};

/** An edge to a Review. */
export type ReviewEdge = {
  __typename?: 'ReviewEdge';
  /** Opaque cursor of this item. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Review;
};

/** Moderation state of a review. */
export type ReviewStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED';

/** Result of startGuestSession. */
export type StartGuestSessionPayload = {
  __typename?: 'StartGuestSessionPayload';
  /** A guest token: lets an anonymous shopper keep a cart. */
  token: AccessToken;
  /** Always empty; present for a uniform payload shape. */
  userErrors: Array<UserError>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Status changes of one order, starting with its current status. Served by the gateway over graphql-ws. */
  orderStatusChanged: OrderStatusEvent;
};


export type SubscriptionOrderStatusChangedArgs = {
  orderId: Scalars['ID']['input'];
};

/** A fulfilment transition (admin). */
export type UpdateOrderStatusInput = {
  /** The order. */
  orderId: Scalars['ID']['input'];
  /** The status to move to. */
  status: OrderStatus;
};

/** A business error returned in a mutation payload; the mutation changed nothing. */
export type UserError = {
  __typename?: 'UserError';
  /** Stable code the client can branch on. */
  code: UserErrorCode;
  /** Path of the input field at fault, if any. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** Machine-readable reason of a business error returned in a payload. */
export type UserErrorCode =
  | 'CART_EMPTY'
  | 'CART_NOT_ACTIVE'
  | 'CHECKOUT_EXPIRED'
  | 'EMAIL_TAKEN'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_INPUT'
  | 'INVALID_PROMOTION_CODE'
  | 'INVALID_QUANTITY'
  | 'INVALID_STATUS_TRANSITION'
  | 'NOT_FOUND'
  | 'NOT_SELLABLE'
  | 'OUT_OF_STOCK'
  | 'PAYMENT_DECLINED';

/** One option of a variant, such as size M or colour Black. */
export type VariantOption = {
  __typename?: 'VariantOption';
  /** Option name, e.g. "size". */
  name: Scalars['String']['output'];
  /** Option value, e.g. "M". */
  value: Scalars['String']['output'];
};

/** A place stock is kept and shipped from. */
export type Warehouse = {
  __typename?: 'Warehouse';
  /** Whether the warehouse ships. */
  active: Scalars['Boolean']['output'];
  /** Short unique code, e.g. VN-HCM-01. */
  code: Scalars['String']['output'];
  /** ISO 3166-1 alpha-2 country code. */
  country: Scalars['String']['output'];
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** Allocation order when no warehouse is named: lower first. */
  priority: Scalars['Int']['output'];
};

/** What to add to the cart. */
export type AddCartItemInput = {
  /** Units to add (1 to 99 per line). */
  quantity: number;
  /** SKU of the variant. */
  sku: string;
};

/** Which order to cancel. */
export type CancelOrderInput = {
  /** The order. */
  orderId: string;
};

/** Lifecycle of a cart. */
export type CartStatus =
  | 'ACTIVE'
  | 'ORDERED';

/** ISO 4217 currency code. */
export type CurrencyCode =
  | 'EUR'
  | 'GBP'
  | 'JPY'
  | 'USD'
  | 'VND';

/** Credentials for login. */
export type LoginInput = {
  /** Account email (case-insensitive). */
  email: string;
  /** Account password. */
  password: string;
};

/** Where an order is in its life. */
export type OrderStatus =
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'DELIVERED'
  | 'PENDING'
  | 'PROCESSING'
  | 'SHIPPED';

/** Which cart to order. */
export type PlaceOrderInput = {
  /** The caller's active cart. */
  cartId: string;
};

/** Machine-readable reason of a business error returned in a payload. */
export type UserErrorCode =
  | 'CART_EMPTY'
  | 'CART_NOT_ACTIVE'
  | 'CHECKOUT_EXPIRED'
  | 'EMAIL_TAKEN'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_INPUT'
  | 'INVALID_PROMOTION_CODE'
  | 'INVALID_QUANTITY'
  | 'INVALID_STATUS_TRANSITION'
  | 'NOT_FOUND'
  | 'NOT_SELLABLE'
  | 'OUT_OF_STOCK'
  | 'PAYMENT_DECLINED';

export type CartFieldsFragment = { id: string, status: CartStatus, itemCount: number, lines: Array<{ sku: string, quantity: number, product: { name: string }, variant: { availability: { available: number } } }> };

export type CartQueryVariables = Exact<{ [key: string]: never; }>;


export type CartQuery = { cart: { id: string, status: CartStatus, itemCount: number, lines: Array<{ sku: string, quantity: number, product: { name: string }, variant: { availability: { available: number } } }> } | null };

export type AddCartItemMutationVariables = Exact<{
  input: AddCartItemInput;
}>;


export type AddCartItemMutation = { addCartItem: { cart: { id: string, status: CartStatus, itemCount: number, lines: Array<{ sku: string, quantity: number, product: { name: string }, variant: { availability: { available: number } } }> } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type ProductListingQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ProductListingQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, slug: string, name: string, brand: string, category: { name: string }, variants: Array<{ sku: string, name: string, basePrice: { amountMinor: string, amount: string, currencyCode: CurrencyCode }, availability: { available: number, inStock: boolean } }>, promotions: Array<{ name: string }>, rating: { average: number | null, count: number } } }> } };

export type OrderFieldsFragment = { id: string, number: string, status: OrderStatus, subtotal: { amountMinor: string, currencyCode: CurrencyCode }, total: { amountMinor: string, amount: string, currencyCode: CurrencyCode }, items: Array<{ sku: string, name: string, quantity: number, unitPrice: { amountMinor: string }, lineTotal: { amountMinor: string } }> };

export type PlaceOrderMutationVariables = Exact<{
  input: PlaceOrderInput;
}>;


export type PlaceOrderMutation = { placeOrder: { order: { id: string, number: string, status: OrderStatus, subtotal: { amountMinor: string, currencyCode: CurrencyCode }, total: { amountMinor: string, amount: string, currencyCode: CurrencyCode }, items: Array<{ sku: string, name: string, quantity: number, unitPrice: { amountMinor: string }, lineTotal: { amountMinor: string } }> } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type CancelOrderMutationVariables = Exact<{
  input: CancelOrderInput;
}>;


export type CancelOrderMutation = { cancelOrder: { order: { id: string, status: OrderStatus } | null, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type OrderQueryVariables = Exact<{
  id: string;
}>;


export type OrderQuery = { order: { id: string, number: string, status: OrderStatus, statusHistory: Array<{ status: OrderStatus, previousStatus: OrderStatus | null }>, subtotal: { amountMinor: string, currencyCode: CurrencyCode }, total: { amountMinor: string, amount: string, currencyCode: CurrencyCode }, items: Array<{ sku: string, name: string, quantity: number, unitPrice: { amountMinor: string }, lineTotal: { amountMinor: string } }> } | null };

export type OrderStatusChangedSubscriptionVariables = Exact<{
  orderId: string;
}>;


export type OrderStatusChangedSubscription = { orderStatusChanged: { orderId: string, status: OrderStatus, previousStatus: OrderStatus | null, occurredAt: string, order: { number: string, status: OrderStatus, items: Array<{ quantity: number, itemName: string, product: { name: string, brand: string } }> } } };

export type StartGuestSessionMutationVariables = Exact<{ [key: string]: never; }>;


export type StartGuestSessionMutation = { startGuestSession: { token: { accessToken: string, expiresAt: string } } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { token: { accessToken: string, expiresAt: string } | null, customer: { id: string, email: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, firstName: string } | null };

export const CartFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availability"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CartFieldsFragment, unknown>;
export const OrderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subtotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineTotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}}]}}]}}]}}]} as unknown as DocumentNode<OrderFieldsFragment, unknown>;
export const CartDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availability"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CartQuery, CartQueryVariables>;
export const AddCartItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddCartItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddCartItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addCartItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availability"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AddCartItemMutation, AddCartItemMutationVariables>;
export const ProductListingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProductListing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"basePrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"availability"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"inStock"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"promotions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rating"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"average"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProductListingQuery, ProductListingQueryVariables>;
export const PlaceOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PlaceOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PlaceOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"placeOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subtotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineTotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}}]}}]}}]}}]} as unknown as DocumentNode<PlaceOrderMutation, PlaceOrderMutationVariables>;
export const CancelOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CancelOrderMutation, CancelOrderMutationVariables>;
export const OrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Order"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"statusHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subtotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineTotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountMinor"}}]}}]}}]}}]} as unknown as DocumentNode<OrderQuery, OrderQueryVariables>;
export const OrderStatusChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"OrderStatusChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","alias":{"kind":"Name","value":"itemName"},"name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrderStatusChangedSubscription, OrderStatusChangedSubscriptionVariables>;
export const StartGuestSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartGuestSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startGuestSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<StartGuestSessionMutation, StartGuestSessionMutationVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;