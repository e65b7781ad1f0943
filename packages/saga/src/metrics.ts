import { Counter, Gauge, type Registry } from 'prom-client';

/** The saga engine's Prometheus metrics. */
export interface SagaMetrics {
  runs: Counter<'workflow' | 'outcome'>;
  compensationFailed: Counter<'workflow' | 'step'>;
  stuck: Gauge<'workflow'>;
}

/** Per stuck gauge, what each engine on the registry counts when it is scraped. */
const stuckReaders = new WeakMap<Gauge<'workflow'>, Set<() => Promise<void>>>();

function metric<M>(registry: Registry | undefined, name: string, create: (registers: Registry[]) => M): M {
  return (registry?.getSingleMetric(name) as M | undefined) ?? create(registry ? [registry] : []);
}

/** The saga metrics on `registry`, created once per registry; `readStuck` sets the gauge at each scrape. */
export function sagaMetrics(registry: Registry | undefined, readStuck: (gauge: Gauge<'workflow'>) => Promise<void>): SagaMetrics {
  const stuck = metric(registry, 'saga_runs_stuck', (registers) => {
    const gauge: Gauge<'workflow'> = new Gauge({
      name: 'saga_runs_stuck',
      help: 'Runs needing attention, or not terminal after 5 minutes; read when scraped',
      labelNames: ['workflow'],
      registers,
      async collect() {
        gauge.reset();
        await Promise.all([...(stuckReaders.get(gauge) ?? [])].map((read) => read()));
      },
    });
    return gauge;
  });
  let readers = stuckReaders.get(stuck);
  if (!readers) stuckReaders.set(stuck, (readers = new Set()));
  readers.add(() => readStuck(stuck));
  return {
    stuck,
    runs: metric(
      registry,
      'saga_runs_total',
      (registers) =>
        new Counter({ name: 'saga_runs_total', help: 'Runs that ended, by outcome', labelNames: ['workflow', 'outcome'], registers }),
    ),
    compensationFailed: metric(
      registry,
      'saga_compensation_failed_total',
      (registers) =>
        new Counter({
          name: 'saga_compensation_failed_total',
          help: 'Compensations that failed after their retries',
          labelNames: ['workflow', 'step'],
          registers,
        }),
    ),
  };
}
