import 'reflect-metadata';
import { runSubgraphProcess } from '@shopgraph/subgraph';
import { loadCustomerProcessConfig } from './config.js';
import { definition } from './definition.js';

loadCustomerProcessConfig();
await runSubgraphProcess(definition);
