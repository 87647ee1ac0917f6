import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/index.js';

/** The real server for the PostgreSQL-only tests; they are skipped without it. */
export const POSTGRES_URL = process.env.DATABASE_URL?.trim() || null;

/** A schema name no other test file (or run) uses. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs `fn` with a plain pg client (not the store's pool): the view of an outside reader. */
export async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  await withClient(connectionString, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** A database in its own fresh schema on the real server; closing it drops the schema. */
export async function openPostgresInFreshSchema(
  prefix: string,
  options: OpenDatabaseOptions = {},
): Promise<Database & { schema: string }> {
  if (!POSTGRES_URL) throw new Error('DATABASE_URL is not set');
  const schema = uniqueSchema(prefix);
  const db = await openDatabase({ poolSize: 4, ...options, databaseUrl: POSTGRES_URL, schema });
  return {
    kind: db.kind,
    store: db.store,
    connectionString: db.connectionString,
    schema,
    ping: () => db.ping(),
    async close() {
      await db.close();
      await dropSchema(POSTGRES_URL, schema);
    },
  };
}

/** A fresh in-memory embedded database (PGlite behind its socket server), whatever DATABASE_URL says. */
export function openEmbeddedInMemory(options: OpenDatabaseOptions = {}): Promise<Database> {
  return openDatabase({ ...options, databaseUrl: null, dataDir: 'memory://' });
}

/** Empties every table and restarts the event sequence: a database as if just migrated. */
export async function emptyTables(db: Database, schema = 'public'): Promise<void> {
  await withClient(db.connectionString, (client) =>
    client.query(
      `TRUNCATE "${schema}".agents, "${schema}".tasks, "${schema}".delegation_grants, "${schema}".events RESTART IDENTITY`,
    ),
  );
}

export async function tableNames(connectionString: string, schema: string): Promise<string[]> {
  return withClient(connectionString, async (client) => {
    const result = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    return result.rows.map((row) => row.table_name);
  });
}
