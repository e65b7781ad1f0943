import { randomUUID } from 'node:crypto';
import { type Money, money } from '@shopgraph/money';
import { taxOn } from './tax.js';

/** A pure rule may use shared value packages and its siblings in domain/. */
export function taxedLine(net: Money): { id: string; gross: Money } {
  return { id: randomUUID(), gross: money(net.amount + taxOn(net).amount, net.currency) };
}
