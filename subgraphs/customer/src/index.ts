import 'reflect-metadata';
import { runSubgraphProcess } from '@shopgraph/subgraph';
import { customerConfig } from './config.js';
import { definition } from './definition.js';

customerConfig();
await runSubgraphProcess(definition);
