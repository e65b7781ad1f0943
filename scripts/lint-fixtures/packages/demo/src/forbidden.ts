import { startGateway } from '@shopgraph/gateway';
import { definition } from '@shopgraph/order/definition';
import { STACK_APPS } from '@shopgraph/scripts';
import { buildApp } from '../../../gateway/src/app.js';
import { definition as catalog } from '../../../subgraphs/catalog/src/definition.js';
import { DEFINITIONS } from '../../../scripts/src/definitions.js';
