import pg from 'pg';
import { EVENTS_CHANNEL } from '../../core/protocol.js';
import type { WakePresence } from '../../store/index.js';
import type { WakeSource } from './wake-source.js';

/** How the LISTEN connection names itself in `pg_stat_activity` (operators and tests find it so). */
export const LISTENER_APPLICATION_NAME = 'agentstack-events-listener';

export interface PgNotifyWakeSourceOptions {
  connectionString: string;
  /** Default: the channel the store notifies in each write transaction (protocol.ts). */
  channel?: string;
  applicationName?: string;
  /** First reconnect delay; it doubles up to `maxBackoffMs`. Defaults 100 ms and 5,000 ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Connection problems are reported here; they are always retried. */
  onError?: (error: unknown) => void;
  /** Called each time LISTEN is (re-)established. */
  onListening?: () => void;
  /**
   * The database's presence locks (Database.wakePresence): held while `want(true)`, so that
   * writes announce themselves. Null: writes always do (nothing to hold).
   */
  presence: Pick<WakePresence, 'acquire' | 'release'> | null;
  /** After `want(false)`, the locks are let go this much later (unless wanted again). Default 1,000 ms. */
  lingerMs?: number;
  /** `want(true)` resolves after this long at most, even while writes hold the locks up. Default 1,000 ms. */
  maxWaitMs?: number;
}

/**
 * Wake-ups from PostgreSQL `LISTEN agentstack_events` on one dedicated connection per process:
 * every replica hears every commit, whichever replica made it.
 *
 * NOTIFY is not durable: notifications sent while this connection is down are gone. That is
 * fine by design: after every (re)connect this source wakes the feed once, and the feed reads
 * the log from where it stopped, so the gap is read from the log, not from notifications.
 * Reconnects back off exponentially (bounded), so a database outage is not hammered.
 *
 * Writes send a NOTIFY only while some replica wants wake-ups (wake-presence.ts): while this
 * source is wanted, its connection holds the presence locks. Taking them waits for the writes
 * that saw nobody listening, so `want(true)` resolves once every later commit will be heard; a
 * reconnect takes them again before its wake-up.
 */
export class PgNotifyWakeSource implements WakeSource {
  private readonly channel: string;
  private readonly applicationName: string;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly onListening: () => void;

  private wake: (sequence?: number) => void = () => {};
  private client: pg.Client | null = null;
  private closed = false;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private connections = 0;
  /** Whether wake-ups are wanted (see `want`). */
  private wanted = false;
  /** The connection whose session holds the presence locks, if any. */
  private holder: pg.Client | null = null;
  private syncing: Promise<void> | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: PgNotifyWakeSourceOptions) {
    this.channel = options.channel ?? EVENTS_CHANNEL;
    this.applicationName = options.applicationName ?? LISTENER_APPLICATION_NAME;
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.onError = options.onError ?? (() => {});
    this.onListening = options.onListening ?? (() => {});
    this.backoffMs = this.minBackoffMs;
  }

  /** True while a LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** How many times LISTEN has been established (1 + reconnects). */
  get connectionCount(): number {
    return this.connections;
  }

  async start(wake: (sequence?: number) => void): Promise<void> {
    this.wake = wake;
    await this.connect();
  }

  want(wanted: boolean): Promise<void> {
    if (!this.options.presence || this.closed) return Promise.resolve();
    this.wanted = wanted;
    if (wanted) {
      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
      // Held, and no release in flight: nothing to wait for.
      if (this.holder !== null && this.holder === this.client && !this.syncing) return Promise.resolve();
      // A write stuck behind a lock (up to the statement timeout) would hold a subscribe up: after
      // `maxWaitMs` it goes on, the locks are still taken, and what such writes commit meanwhile
      // reaches it by the feed's safety poll at worst (late, never lost).
      let giveUp: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => (giveUp = setTimeout(resolve, this.options.maxWaitMs ?? 1_000).unref()));
      return Promise.race([this.sync(), gaveUp]).finally(() => clearTimeout(giveUp));
    }
    // Let go a little later: a subscription that ends and another that opens soon after need not wait for writers twice.
    if (!this.lingerTimer && this.holder !== null) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        void this.sync();
      }, this.options.lingerMs ?? 1_000);
      this.lingerTimer.unref();
    }
    return Promise.resolve();
  }

  /** Brings the locks held in line with `wanted`, one change at a time; never rejects. */
  private sync(): Promise<void> {
    this.syncing ??= this.reconcile().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async reconcile(): Promise<void> {
    const presence = this.options.presence;
    for (;;) {
      const client = this.client;
      if (!presence || !client || this.closed) return;
      const wanted = this.wanted;
      if ((this.holder === client) === wanted) return;
      try {
        await client.query(wanted ? presence.acquire : presence.release);
        this.holder = wanted ? client : null;
      } catch (error) {
        // The connection is going: its locks go with it, and the reconnect takes them again if wanted.
        if (this.client === client) this.onError(error);
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.connecting;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.tryConnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async tryConnect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: this.applicationName,
      // Notice a silently dead TCP connection instead of waiting for notifications forever.
      keepAlive: true,
    });
    // Registered before connect: an 'error' event without a listener would crash the process.
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, null));
    client.on('notification', (message) => {
      if (message.channel !== this.channel) return;
      const sequence = Number(message.payload);
      this.wake(Number.isSafeInteger(sequence) ? sequence : undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.onError(error);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connections++;
    this.backoffMs = this.minBackoffMs;
    // Wanted: writes must announce themselves to this connection before it reads what it missed.
    if (this.wanted) await this.sync();
    this.onListening();
    // Whatever committed while we were not listening is in the log: read it now.
    this.wake();
  }

  private dropped(client: pg.Client, error: Error | null): void {
    if (this.client !== client) return; // a failed attempt, handled where it failed
    this.client = null;
    if (error) this.onError(error);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
