import type { EntityManager } from '@mikro-orm/core';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import { taxedLine } from '../domain/allowed.js';
import { Line } from '../entities/line.entity.js';

/** A service may use the ORM, its entities, its domain rules and the subgraph runtime. */
export async function addLine(em: EntityManager, runtime: SubgraphRuntime, line: Line): Promise<void> {
  Object.assign(line, taxedLine(line.net), { pricedBy: runtime.name });
  await em.persist(line).flush();
}
