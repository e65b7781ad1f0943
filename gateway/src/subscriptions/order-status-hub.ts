import pg from 'pg';
import { ORDER_STATUS_CHANNEL, type OrderStatusChangedMessage, parseOrderStatusChanged } from '@shopgraph/contracts';
import type { Logger } from '@shopgraph/observability';

type Listener = (message: OrderStatusChangedMessage) => void;

/**
 * Fans out the order subgraph's committed status changes (PostgreSQL LISTEN) to this gateway's
 * subscribers. One connection per gateway process; every gateway instance listens, so a
 * subscriber gets its events whichever instance it is connected to.
 */
export class OrderStatusHub {
  private client?: pg.Client;
  private readonly listeners = new Map<string, Set<Listener>>();
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  /** Connects and starts listening; resolves once LISTEN is in place. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel !== ORDER_STATUS_CHANNEL) return;
      const message = parseOrderStatusChanged(n.payload);
      if (!message) return;
      for (const listener of this.listeners.get(message.orderId) ?? []) listener(message);
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'order status listener lost its connection; reconnecting');
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`listen ${ORDER_STATUS_CHANNEL}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    void this.client?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.start().catch((err: unknown) => {
        this.logger.error({ err }, 'order status listener could not reconnect');
        this.scheduleReconnect();
      });
    }, 1000);
  }

  /** Calls `listener` for every status change of `orderId` until the returned function is called. */
  subscribe(orderId: string, listener: Listener): () => void {
    let set = this.listeners.get(orderId);
    if (!set) {
      set = new Set();
      this.listeners.set(orderId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(orderId);
    };
  }

  /** Whether the listening connection is up (readiness). */
  /** Subscribers listening now, over all orders. */
  get subscribers(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  get ready(): boolean {
    return Boolean(this.client) && !this.reconnectTimer;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
  }
}
