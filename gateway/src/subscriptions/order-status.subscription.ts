import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLFieldResolver, parse } from 'graphql';
import type { OrderStatusChangedMessage } from '@shopgraph/contracts';
import type { GatewayContext } from '../context.js';
import { Channel } from './channel.js';
import type { OrderStatusHub } from './order-status-hub.js';
import { REMOTE, markRemote, queryForSelection } from './remote-selection.js';

/** Runs a query through the gateway (query planner and subgraphs) as the subscriber. */
export type RunQuery = (document: DocumentNode, variables: Record<string, unknown>, context: GatewayContext) => Promise<ExecutionResult>;

const CURRENT_STATUS = parse(`query CurrentOrderStatus($id: ID!) { order(id: $id) { status statusHistory { occurredAt } } }`);

function rethrow(errors: readonly { message: string; extensions?: Record<string, unknown> }[]): never {
  const first = errors[0]!;
  throw new GraphQLError(first.message, { extensions: first.extensions ?? {} });
}

/** The source stream of `orderStatusChanged`: the current status first, then each committed change. */
async function statusStream(
  orderId: string,
  context: GatewayContext,
  hub: OrderStatusHub,
  runQuery: RunQuery,
): Promise<AsyncIterableIterator<OrderStatusChangedMessage>> {
  const channel = new Channel<OrderStatusChangedMessage>(() => unsubscribe());
  let snapshotAt: string | undefined;
  const early: OrderStatusChangedMessage[] = [];
  // Listen before reading the current status, so no change can fall between the two.
  const unsubscribe = hub.subscribe(orderId, (message) => {
    if (snapshotAt === undefined) early.push(message);
    else if (message.occurredAt > snapshotAt) channel.push(message);
  });
  try {
    const result = await runQuery(CURRENT_STATUS, { id: orderId }, context);
    if (result.errors?.length) rethrow(result.errors);
    const order = (result.data as { order: { status: string; statusHistory: { occurredAt: string }[] } | null } | undefined)?.order;
    if (!order) throw new GraphQLError('No such order', { extensions: { code: 'NOT_FOUND' } });
    snapshotAt = order.statusHistory.at(-1)?.occurredAt ?? new Date(0).toISOString();
    channel.push({ orderId, status: order.status, previousStatus: null, occurredAt: snapshotAt });
    for (const message of early) if (message.occurredAt > snapshotAt) channel.push(message);
    return channel;
  } catch (error) {
    await channel.return();
    throw error;
  }
}

/**
 * Resolvers that let the gateway execute `Subscription.orderStatusChanged` against its API schema:
 * the event's own fields come from the notification, and `order { … }` is fetched through the
 * gateway's query planning with the subscriber's credentials, so it can select fields of any subgraph.
 */
export function orderStatusResolvers(hub: OrderStatusHub, runQuery: RunQuery) {
  const subscribeFieldResolver: GraphQLFieldResolver<unknown, GatewayContext> = (_root, args, context, info) => {
    if (info.fieldName !== 'orderStatusChanged') throw new GraphQLError(`Subscription ${info.fieldName} is not served`);
    return statusStream(String(args.orderId), context, hub, runQuery);
  };

  const fieldResolver: GraphQLFieldResolver<Record<string | symbol, unknown>, GatewayContext> = async (source, _args, context, info) => {
    if (source[REMOTE]) return source[info.path.key];
    if (info.parentType.name === 'Subscription') return source;
    if (info.parentType.name === 'OrderStatusEvent' && info.fieldName === 'order') {
      const { document, variables } = queryForSelection(info, 'order', [{ name: 'id', type: 'ID', value: source.orderId }]);
      const result = await runQuery(document, variables, context);
      if (result.errors?.length) rethrow(result.errors);
      return markRemote((result.data as { result: unknown }).result);
    }
    return source[info.fieldName];
  };

  return { subscribeFieldResolver, fieldResolver };
}
