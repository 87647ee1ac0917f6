import type { MikroORM } from '@mikro-orm/postgresql';
import { checkSchemaName, databaseUrlFromEnv, DEFAULT_DATABASE_TIMEOUTS, DEFAULT_POOL_SIZE, DEFAULT_READ_POOL_SIZE, resolveDataDir } from './config.js';
import { startEmbeddedServer } from './embedded.js';
import type { Database, OpenDatabaseOptions } from './index.js';
import { withMigrationLock } from './migration-lock.js';
import { preparedStatements } from './prepared-statements.js';
import { initOrm, migratorOf, pendingMigrations, poolCounts, preloadMigrator, readConnection } from './orm.js';
import { PostgresApiKeys } from './api-keys.js';
import { PostgresMcpSessions } from './mcp-sessions.js';
import { PostgresStore } from './postgres-store.js';
import { tablesIn } from './tables.js';
import { PostgresWebhookQueue } from './webhook-queue.js';

/**
 * Opens AgentStack's database: real PostgreSQL when a URL is given, else the embedded one.
 * `databaseUrl` left undefined reads DATABASE_URL; `null` asks for the embedded database
 * whatever the environment says. Pending migrations are applied unless `migrate: false`.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const connected = await connectOrm(options);
  const { orm, schema } = connected;
  const connection = orm.em.getConnection();
  const reader = readConnection(orm);
  const tables = tablesIn(schema, orm.getMetadata());
  const postgres = connected.kind === 'postgres';
  // Real PostgreSQL: reads and the event log's writes as prepared statements (prepared-statements.ts says why not embedded).
  const prepared = postgres
    ? { readRows: preparedStatements(reader, { onQuery: options.onQuery }), writeRows: preparedStatements(connection, { onQuery: options.onQuery }) }
    : {};
  const store = new PostgresStore(connection, tables, reader, { notify: postgres, ...prepared });
  return {
    kind: connected.kind,
    store,
    apiKeys: new PostgresApiKeys(connection, tables.apiKeys, reader),
    webhooks: new PostgresWebhookQueue(connection, tables.webhooks, tables.webhookDeliveries, store.log, reader),
    mcpSessions: new PostgresMcpSessions(connection, tables.mcpSessions, reader),
    connectionString: connected.connectionString,
    wakePresence: store.presence,
    async ping() {
      await connection.execute('SELECT 1');
    },
    // Without a read pool, `reader` is the write connection itself.
    poolStats: () => ({ write: poolCounts(connection), read: reader === connection ? null : poolCounts(reader) }),
    close: connected.close,
  };
}

export interface ConnectedOrm {
  kind: Database['kind'];
  orm: MikroORM;
  schema: string | undefined;
  connectionString: string;
  /** The migrations this open applied (empty when up to date or with `migrate: false`). */
  applied: string[];
  /** Closes the ORM and, for embedded, the socket server and PGlite. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * MikroORM on the chosen database (starting the embedded one if needed), with the schema
 * created and, unless `migrate: false`, migrated: both under the migration lock.
 */
export async function connectOrm(options: OpenDatabaseOptions = {}): Promise<ConnectedOrm> {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const databaseUrl = options.databaseUrl === undefined ? databaseUrlFromEnv() : options.databaseUrl;
  const kind: Database['kind'] = databaseUrl ? 'postgres' : 'embedded';
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE[kind];
  // One session embedded: a read pool would queue behind the write pool's transaction anyway.
  const readPoolSize = kind === 'postgres' ? (options.readPoolSize ?? DEFAULT_READ_POOL_SIZE) : 0;
  const timeouts = options.timeouts === null ? undefined : { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  // A new embedded cluster has every migration to apply: their modules load while it is created.
  const creating = () => {
    if (options.migrate !== false) preloadMigrator();
  };
  const embedded = databaseUrl ? null : await startEmbeddedServer(resolveDataDir(options.dataDir), poolSize + readPoolSize, options.onNotice, creating);
  const connectionString = databaseUrl ?? embedded!.connectionString;
  let orm: MikroORM | null = null;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      try {
        await orm?.close(true);
      } finally {
        await embedded?.close();
      }
    })());
  try {
    const ready = await initOrm({ clientUrl: connectionString, schema, poolSize, readPoolSize, ...(timeouts ? { timeouts } : {}), onQuery: options.onQuery, ...(options.applicationName ? { applicationName: options.applicationName } : {}) });
    orm = ready;
    // Start-up phases (src/server/serve.ts prints them).
    performance.mark('agentstack:orm');
    const applied = await withMigrationLock(connectionString, schema, async () => {
      if (schema) await ready.em.getConnection().execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      return options.migrate === false ? [] : applyMigrations(ready);
    });
    performance.mark('agentstack:migrations');
    return { kind, orm: ready, schema, connectionString, applied, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Applies the pending checked-in migrations; answers the names applied (none when up to date: then
 * after one look at the migrations table, without loading the Migrator).
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  if (!(await pendingMigrations(orm))) return [];
  const applied = await (await migratorOf(orm)).up();
  return applied.map((migration) => migration.name);
}
