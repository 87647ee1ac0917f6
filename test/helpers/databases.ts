import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AgentStack, type Store } from '../../src/core/index.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import type { SubscriptionDatabase } from '../../src/server/ws.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/index.js';
import { POSTGRES_URL, runsOn, TARGET_NAMES, type TargetName } from './targets.js';

/**
 * The one way tests open a database: a target (targets.ts) with AgentStack over it. A file that
 * opens databases through this module is a database suite (vitest.config.ts runs it under
 * `npm run test:pg` too); each of its suites runs on the targets this run covers.
 */
export interface OpenedDatabase {
  target: TargetName;
  agentStack: AgentStack;
  store: Store;
  /** What a server reads: the event log for subscriptions and, except on memory, a readiness probe. */
  database: SubscriptionDatabase & { ping?(): Promise<void> };
  /** The SQL database (null on memory): for raw SQL next to the store, statement counts, /ready. */
  sql: Database | null;
  /** The PostgreSQL schema it lives in (null: the embedded database's own `public`). */
  schema: string | null;
  close(): Promise<void>;
}

export interface OpenTargetOptions {
  /** Names the schema of a postgres opening (helps reading pg_stat_activity). */
  label?: string;
  /** postgres: use this schema (several replicas on one); the caller drops it. Default: a fresh one, dropped at close. */
  schema?: string;
  onQuery?: (sql: string, params?: readonly unknown[]) => void;
  poolSize?: number;
}

export interface DatabaseTarget {
  name: TargetName;
  /** Whether this run covers the target (use with `describe.runIf`). */
  enabled: boolean;
  open(options?: OpenTargetOptions): Promise<OpenedDatabase>;
}

/** The targets a suite can run on (default: all three), each enabled as this run says. */
export function databaseTargets(...names: TargetName[]): DatabaseTarget[] {
  return (names.length > 0 ? names : TARGET_NAMES).map((name) => ({
    name,
    enabled: runsOn(name),
    open: (options) => openTarget(name, options),
  }));
}

export async function openTarget(target: TargetName, options: OpenTargetOptions = {}): Promise<OpenedDatabase> {
  if (target === 'memory') {
    const store = new MemoryStore();
    return {
      target,
      agentStack: new AgentStack({ store }),
      store,
      database: { kind: 'embedded', store, connectionString: '' },
      sql: null,
      schema: null,
      close: async () => {},
    };
  }
  const extra: OpenDatabaseOptions = {
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  };
  if (target === 'embedded') {
    const database = await openEmbeddedInMemory(extra);
    return opened(target, database, null, () => database.close());
  }
  const url = requirePostgres();
  const schema = options.schema ?? uniqueSchema(options.label ?? 'test');
  const database = await openDatabase({ ...extra, databaseUrl: url, schema });
  // The schema stays until the end of the run (global-setup.ts drops every schema of the run).
  return opened(target, database, schema, () => database.close());
}

function opened(target: TargetName, database: Database, schema: string | null, close: () => Promise<void>): OpenedDatabase {
  let closing: Promise<void> | null = null;
  return {
    target,
    agentStack: new AgentStack({ store: database.store, webhooks: database.webhooks }),
    store: database.store,
    database,
    sql: database,
    schema,
    // Idempotent: a test may close on purpose (e.g. to see /ready fail), and again in afterAll.
    close: () => (closing ??= close()),
  };
}

// ---- the database alone (store tests) -------------------------------------------------

/** A fresh in-memory embedded database (PGlite behind its socket server), whatever DATABASE_URL says. */
export function openEmbeddedInMemory(options: OpenDatabaseOptions = {}): Promise<Database> {
  return openDatabase({ ...options, databaseUrl: null, dataDir: 'memory://' });
}

/** A database in its own fresh schema on the real server; closing it drops the schema. */
export async function openPostgresInFreshSchema(
  label: string,
  options: OpenDatabaseOptions = {},
): Promise<Database & { schema: string }> {
  const url = requirePostgres();
  const schema = uniqueSchema(label);
  const db = await openDatabase({ poolSize: 4, ...options, databaseUrl: url, schema });
  return {
    kind: db.kind,
    store: db.store,
    apiKeys: db.apiKeys,
    webhooks: db.webhooks,
    mcpSessions: db.mcpSessions,
    connectionString: db.connectionString,
    wakePresence: db.wakePresence,
    schema,
    ping: () => db.ping(),
    poolStats: () => db.poolStats(),
    close: () => db.close(), // the schema goes at the end of the run (global-setup.ts)
  };
}

// ---- SQL from the outside ---------------------------------------------------------------

/** A schema name no other test file (or run) uses: `t_<run>_<label>_<pid>_<random>`, dropped at the end of the run. */
export function uniqueSchema(label: string): string {
  const run = process.env.AGENTSTACK_TEST_RUN ?? 'norun';
  return `t_${run}_${label}_${process.pid}_${randomBytes(4).toString('hex')}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase().slice(0, 63);
}

/**
 * A test is done with `schema`. It is not dropped now: dropping a schema while another test file's
 * MikroORM lists the database's tables fails that file; global-setup.ts drops the run's schemas
 * when the run ends.
 */
export async function releaseSchema(_schema: string): Promise<void> {}

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

/** Empties every table and restarts the event sequence: a database as if just migrated. */
export async function emptyTables(db: Pick<Database, 'connectionString'>, schema = 'public'): Promise<void> {
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

function requirePostgres(): string {
  if (!POSTGRES_URL) throw new Error('The postgres target needs DATABASE_URL');
  return POSTGRES_URL;
}

export { POSTGRES_URL };
