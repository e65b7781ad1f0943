import 'reflect-metadata';
import { runSubgraphProcess } from '@shopgraph/subgraph';
import { definition } from './definition.js';

await runSubgraphProcess(definition);
