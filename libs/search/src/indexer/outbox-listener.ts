import { Client } from 'pg';
import { SearchLog } from '../search-log';
import { LIFELINE_LOCK_CLASS } from './search-outbox.repository';

/** The channel the search_outbox insert trigger notifies (see the CreateRegistry migration). */
export const SEARCH_OUTBOX_CHANNEL = 'insyn_search_outbox';

/**
 * LISTENs on its own PostgreSQL connection (a pooled one would lose the subscription) and calls
 * `onNotify` for every outbox insert. Reconnects with capped back-off when the connection drops;
 * the indexer's polling covers the gap. With a `lifeline`, the same connection holds that
 * advisory lock while it lives: PostgreSQL lets it go when the connection ends, so the leases of
 * a killed process are seen to be dead at once (SearchOutboxRepository.claim).
 */
export class OutboxListener {
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = 500;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: () => void,
    private readonly log: SearchLog,
    private readonly lifelineKey?: number,
  ) {}

  /** Connects and subscribes; a failure is logged and retried, never thrown. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Whether the subscription is live (for health details and tests). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** The lifeline this connection holds now, or null (not connected, or none asked for). */
  get lifeline(): number | null {
    return this.client && this.lifelineKey !== undefined ? this.lifelineKey : null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'insyn-indexer-listen',
      keepAlive: true,
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.log.warn(
          { err: error?.message },
          'search outbox LISTEN connection lost; reconnecting',
        );
        this.scheduleReconnect();
      }
    };
    client.on('notification', (message) => {
      if (message.channel === SEARCH_OUTBOX_CHANNEL) this.onNotify();
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${SEARCH_OUTBOX_CHANNEL}`);
      if (this.lifelineKey !== undefined)
        await client.query('SELECT pg_advisory_lock($1, $2)', [
          LIFELINE_LOCK_CLASS,
          this.lifelineKey,
        ]);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.retryDelayMs = 500;
      // Anything inserted while we were not listening: look now.
      this.onNotify();
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!this.stopped) {
        this.log.warn({ err: (error as Error).message }, 'search outbox LISTEN failed; retrying');
        this.scheduleReconnect();
      }
    }
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
  }
}
