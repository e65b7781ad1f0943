import { Counter, Gauge, type Registry } from 'prom-client';

/** The event machinery's Prometheus metrics. */
export interface EventMetrics {
  published: Counter<'schema'>;
  outboxFailed: Counter<'schema'>;
  outboxLag: Gauge<'schema'>;
  retries: Counter<'consumer'>;
  deadLetters: Counter<'consumer'>;
}

/** Per lag gauge, what reads each outbox's lag when the gauge is scraped (see `onLagScrape`). */
const lagReaders = new WeakMap<Gauge<'schema'>, Set<() => Promise<void>>>();

/**
 * Has `read` set `gauge` each time it is scraped (not on every relay pass: the age of the oldest
 * unpublished row is then current when read, also while a relay is stuck, and costs a query per
 * scrape instead of one per batch). Returns what stops it.
 */
export function onLagScrape(gauge: Gauge<'schema'>, read: () => Promise<void>): () => void {
  let readers = lagReaders.get(gauge);
  if (!readers) lagReaders.set(gauge, (readers = new Set()));
  readers.add(read);
  return () => readers.delete(read);
}

function metric<M>(registry: Registry | undefined, name: string, create: (registers: Registry[]) => M): M {
  const existing = registry?.getSingleMetric(name);
  return (existing as M | undefined) ?? create(registry ? [registry] : []);
}

/** The event metrics on `registry`, created once per registry (unregistered without one). */
export function eventMetrics(registry?: Registry): EventMetrics {
  return {
    published: metric(
      registry,
      'events_published_total',
      (registers) =>
        new Counter({ name: 'events_published_total', help: 'Outbox events published to the bus', labelNames: ['schema'], registers }),
    ),
    outboxFailed: metric(
      registry,
      'events_outbox_failed_total',
      (registers) =>
        new Counter({
          name: 'events_outbox_failed_total',
          help: 'Outbox rows given up after max attempts',
          labelNames: ['schema'],
          registers,
        }),
    ),
    outboxLag: metric(registry, 'events_outbox_lag_seconds', (registers) => {
      const gauge: Gauge<'schema'> = new Gauge({
        name: 'events_outbox_lag_seconds',
        help: 'Age of the oldest unpublished outbox row, read when scraped',
        labelNames: ['schema'],
        registers,
        async collect() {
          await Promise.all([...(lagReaders.get(gauge) ?? [])].map((read) => read()));
        },
      });
      return gauge;
    }),
    retries: metric(
      registry,
      'events_retries_total',
      (registers) =>
        new Counter({
          name: 'events_retries_total',
          help: 'Event deliveries that failed and will be retried',
          labelNames: ['consumer'],
          registers,
        }),
    ),
    deadLetters: metric(
      registry,
      'events_dead_letters_total',
      (registers) =>
        new Counter({
          name: 'events_dead_letters_total',
          help: 'Event deliveries moved to a dead-letter queue',
          labelNames: ['consumer'],
          registers,
        }),
    ),
  };
}
