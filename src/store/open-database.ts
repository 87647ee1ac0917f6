import type { MikroORM } from '@mikro-orm/postgresql';
import { checkSchemaName, databaseUrlFromEnv, DEFAULT_POOL_SIZE, resolveDataDir } from './config.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded.js';
import type { Database, OpenDatabaseOptions } from './index.js';
import { initOrm } from './orm.js';
import { PostgresStore } from './postgres-store.js';
import { tablesIn } from './tables.js';

/**
 * Opens AgentStack's database: real PostgreSQL when a URL is given, else the embedded one.
 * `databaseUrl` left undefined reads DATABASE_URL; `null` asks for the embedded database
 * whatever the environment says. Pending migrations are applied unless `migrate: false`.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const databaseUrl = options.databaseUrl === undefined ? databaseUrlFromEnv() : options.databaseUrl;
  if (databaseUrl) {
    return connect('postgres', databaseUrl, null, options.poolSize ?? DEFAULT_POOL_SIZE.postgres, options);
  }
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE.embedded;
  const embedded = await startEmbeddedServer(resolveDataDir(options.dataDir), poolSize);
  try {
    return await connect('embedded', embedded.connectionString, embedded, poolSize, options);
  } catch (error) {
    await embedded.close();
    throw error;
  }
}

async function connect(
  kind: Database['kind'],
  connectionString: string,
  embedded: EmbeddedServer | null,
  poolSize: number,
  options: OpenDatabaseOptions,
): Promise<Database> {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const orm = await initOrm({ clientUrl: connectionString, schema, poolSize, onQuery: options.onQuery });
  const connection = orm.em.getConnection();
  try {
    if (schema) await connection.execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    if (options.migrate !== false) await migrate(orm);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    kind,
    store: new PostgresStore(connection, tablesIn(schema)),
    connectionString,
    async ping() {
      await connection.execute('SELECT 1');
    },
    close: () =>
      (closing ??= (async () => {
        try {
          await orm.close(true);
        } finally {
          await embedded?.close();
        }
      })()),
  };
}

/** Applies the pending checked-in migrations; answers the names applied (none when up to date). */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
