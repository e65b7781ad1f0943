import { defineWorkflow } from '@shopgraph/saga';
import { finishMoneyMove } from '../steps/finish-money-move.step.js';
import { moveMoney } from '../steps/move-money.step.js';
import type { ConfirmPorts, MoneyMoveKind } from '../steps/ports.js';
import { recordMoneyMove } from '../steps/record-money-move.step.js';

/** Names of the staff's money workflows (the `workflow` column of their runs), by kind. */
export const MONEY_WORKFLOW: Record<MoneyMoveKind, string> = {
  REFUND: 'refund-order',
  CAPTURE: 'capture-order-payment',
  VOID: 'void-order-payment',
};

/**
 * Staff move money on an order's payment: the move is guarded and recorded (pending in the ledger,
 * so concurrent moves cannot exceed what the payment holds), the provider acts (the pivot; a
 * refusal undoes the record), then the order's event goes out. One list of steps for all three.
 */
export const moneyMoveWorkflows = (Object.values(MONEY_WORKFLOW) as string[]).map((name) =>
  defineWorkflow<ConfirmPorts>(name, [recordMoneyMove, moveMoney, finishMoneyMove]),
);
