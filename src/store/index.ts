/**
 * AgentStack's durable storage: the core's Store port on PostgreSQL (through MikroORM), either
 * a real server (`databaseUrl`) or an embedded PGlite served over the Postgres wire protocol.
 * This file is the public surface; the rest of src/store is implementation.
 */
import type { ApiKeyStore } from '../core/api-keys.js';
import type { McpSessionStore } from '../core/mcp-sessions.js';
import type { Store } from '../core/store.js';
import type { WebhookQueue, WebhookStore } from '../core/webhooks.js';
import type { DatabaseTimeouts } from './config.js';
import type { WakePresence } from './wake-presence.js';

export type { WakePresence } from './wake-presence.js';

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  /** The core's Store port. */
  readonly store: Store;
  /** App keys (src/core/api-keys.ts), in the same database. */
  readonly apiKeys: ApiKeyStore;
  /** Webhooks and their deliveries: managed through AgentStack, delivered by the server's dispatcher. */
  readonly webhooks: WebhookStore & WebhookQueue;
  /** MCP sessions (src/server/mcp), so that any replica serves any session's requests. */
  readonly mcpSessions: McpSessionStore;
  /** A postgres:// URL other code can open its own pg connection to (also for embedded: the socket server). */
  readonly connectionString: string;
  /**
   * Real PostgreSQL: what a LISTEN connection holds while its replica wants wake-ups, without
   * which writes send no NOTIFY (wake-presence.ts). Null on the embedded database (one process).
   */
  readonly wakePresence: WakePresence | null;
  /** Throws if the database does not answer (used by /ready). */
  ping(): Promise<void>;
  /** The connection pools right now (for metrics); `read` is null when reads share the write pool. */
  poolStats(): DatabasePoolStats;
  /** Closes the ORM/pool and, for embedded, the socket server and PGlite. */
  close(): Promise<void>;
}

/** One pool's connections: checked out, idle, and callers waiting for one. */
export interface PoolCounts {
  used: number;
  free: number;
  pending: number;
}

export interface DatabasePoolStats {
  write: PoolCounts;
  read: PoolCounts | null;
}

export interface OpenDatabaseOptions {
  /** Set → real PostgreSQL; unset → embedded. */
  databaseUrl?: string | null;
  /**
   * Embedded data directory; default AGENTSTACK_DATA_DIR or `.agentstack/`.
   * `memory://` keeps the embedded database in memory (tests).
   */
  dataDir?: string;
  /** Apply pending migrations at open (default true). */
  migrate?: boolean;
  /** PostgreSQL schema to use (tests isolate with one per file); created if missing. */
  schema?: string;
  /**
   * Called with every SQL statement sent (e.g. to count queries): its text as sent, with its
   * values inlined, or, for a prepared read on real PostgreSQL, with `$1, $2, …` and `params`.
   */
  onQuery?: (sql: string, params?: readonly unknown[]) => void;
  /** Connections for writes (and transactions); default 10 on a real server, 4 embedded. */
  poolSize?: number;
  /** Connections for reads outside transactions, a real server only (default 5); 0: reads share the write pool. */
  readPoolSize?: number;
  /**
   * Bounds on every pooled session (config.ts); each one left out keeps its default. `null`: none,
   * for tools (migrations, schema comparisons), whose statements may legitimately run long.
   */
  timeouts?: Partial<DatabaseTimeouts> | null;
  /** What opening is doing, for an operator (e.g. "initialising the embedded database in …"). */
  onNotice?: (message: string) => void;
  /** `application_name` of the pools' connections (pg_stat_activity); default `agentstack`. */
  applicationName?: string;
}

export { DEFAULT_DATABASE_TIMEOUTS, DEFAULT_POOL_SIZE, DEFAULT_READ_POOL_SIZE, type DatabaseTimeouts } from './config.js';

export { openDatabase } from './open-database.js';
