import type { SubgraphName } from '@shopgraph/config';
import type { SubgraphDefinition } from '@shopgraph/subgraph';
import { definition as catalog } from '@shopgraph/catalog/definition';
import { definition as customer } from '@shopgraph/customer/definition';
import { definition as inventory } from '@shopgraph/inventory/definition';
import { definition as order } from '@shopgraph/order/definition';
import { definition as promotion } from '@shopgraph/promotion/definition';
import { definition as review } from '@shopgraph/review/definition';

/** Every subgraph definition, by name. */
export const DEFINITIONS: Record<SubgraphName, SubgraphDefinition> = { catalog, inventory, promotion, customer, order, review };
