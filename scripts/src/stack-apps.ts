import { type EdgeSettings, type RunningGateway, startGateway } from '@shopgraph/gateway';
import type { StackApps } from '@shopgraph/testing';
import { DEFINITIONS } from './definitions.js';

/** The apps a test stack runs (`startStack` of @shopgraph/testing): every subgraph and the gateway. */
export const STACK_APPS: StackApps<EdgeSettings, RunningGateway> = { subgraphs: DEFINITIONS, gateway: startGateway };
