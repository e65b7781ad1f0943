import { defineStep } from '@shopgraph/saga';
import type { OrderSnapshot } from '../domain/order-snapshot.js';
import type { StockPort } from './ports.js';

/** A step takes ports and may read domain/ types. */
export const reserveStep = (stock: StockPort) =>
  defineStep('demo.reserve', (order: OrderSnapshot) => stock.reserve(order), (order: OrderSnapshot) => stock.release(order));
