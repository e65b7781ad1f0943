import { Counter, Gauge, type Registry } from 'prom-client';

/** The event machinery's Prometheus metrics. */
export interface EventMetrics {
  published: Counter<'schema'>;
  outboxFailed: Counter<'schema'>;
  outboxLag: Gauge<'schema'>;
  retries: Counter<'consumer'>;
  deadLetters: Counter<'consumer'>;
  deadLetterDepth: Gauge<'consumer'>;
}

/** Per gauge read when scraped, what reads its values (see `onScrape`). */
const scrapeReaders = new WeakMap<Gauge<string>, Set<() => Promise<void>>>();

/**
 * Has `read` set `gauge` each time it is scraped (not on every relay pass or delivery: the age of the
 * oldest unpublished row, or a dead-letter depth, is then current when read, also while a relay or a
 * consumer is stuck, and costs a query per scrape instead of one per batch). Returns what stops it.
 */
export function onScrape<Label extends string>(gauge: Gauge<Label>, read: () => Promise<void>): () => void {
  let readers = scrapeReaders.get(gauge);
  if (!readers) scrapeReaders.set(gauge, (readers = new Set()));
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
          await Promise.all([...(scrapeReaders.get(gauge) ?? [])].map((read) => read()));
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
    deadLetterDepth: metric(registry, 'events_dead_letter_depth', (registers) => {
      const gauge: Gauge<'consumer'> = new Gauge({
        name: 'events_dead_letter_depth',
        help: "Events waiting in a consumer's dead letters (JetStream transport), read when scraped",
        labelNames: ['consumer'],
        registers,
        async collect() {
          await Promise.all([...(scrapeReaders.get(gauge) ?? [])].map((read) => read()));
        },
      });
      return gauge;
    }),
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
