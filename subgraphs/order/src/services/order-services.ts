import type { SagaEngine } from '@shopgraph/saga';
import type { SubgraphRuntime } from '@shopgraph/subgraph';
import type { OrderConfig } from '../config.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { ConfirmPorts } from '../steps/ports.js';

/** What the order subgraph builds once per process beside the platform's runtime. */
export interface OrderServices {
  config: OrderConfig;
  provider: PaymentProvider;
  ports: ConfirmPorts;
  sagas: SagaEngine<ConfirmPorts>;
}

const byRuntime = new WeakMap<SubgraphRuntime, OrderServices>();

/** Registers a runtime's services (done once in `definition.ts`). */
export function registerOrderServices(runtime: SubgraphRuntime, services: OrderServices): void {
  byRuntime.set(runtime, services);
}

/** The services of a runtime; resolvers reach them through `ctx.runtime`. */
export function orderServices(runtime: SubgraphRuntime): OrderServices {
  const services = byRuntime.get(runtime);
  if (!services) throw new Error('The order services are not started in this process');
  return services;
}
