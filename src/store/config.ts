import { resolve } from 'node:path';

/** Where the embedded database lives when nothing says otherwise. */
export const DEFAULT_DATA_DIR = '.agentstack';

/** Keeps PGlite in memory: fast, throw-away databases for tests. */
export const IN_MEMORY_DATA_DIR = 'memory://';

/**
 * The embedded database's buffer pool (PostgreSQL's `shared_buffers`), unless
 * `AGENTSTACK_EMBEDDED_SHARED_BUFFERS` says otherwise. PGlite's own default (initdb's 128MB) makes
 * every open zero ~145 MB of shared memory in WebAssembly (emscripten's mmap: 0.5 s of a quiet core,
 * over 1 s on a busy one, on the start-up's critical path); 32MB (~41 MB in all) holds a small
 * service's working set, and pages beyond it are read from the OS page cache, as on a real server.
 */
export const DEFAULT_EMBEDDED_SHARED_BUFFERS = '32MB';

/**
 * `shared_buffers` for the embedded database: `AGENTSTACK_EMBEDDED_SHARED_BUFFERS` (a size such as
 * `128MB`, `512kB`, `1GB`, or a number of 8 kB pages) or the default. It becomes one `-c` argument
 * of PGlite's start; PostgreSQL itself refuses a size below its minimum (128kB).
 */
export function embeddedSharedBuffers(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS?.trim();
  if (!value) return DEFAULT_EMBEDDED_SHARED_BUFFERS;
  if (!/^[1-9][0-9]{0,9}(kB|MB|GB)?$/.test(value)) {
    throw new Error(`AGENTSTACK_EMBEDDED_SHARED_BUFFERS must be a size such as 32MB, 512kB or 1GB (or a number of 8 kB pages), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A real server gets a real pool; the embedded database is one session, so more connections only queue. */
export const DEFAULT_POOL_SIZE = { postgres: 10, embedded: 4 } as const;

/**
 * Connections kept apart for reads outside transactions (a real server only): writers stuck on a
 * lock can fill the write pool, never this one. The embedded database is one session, where a
 * second pool would only queue behind the first.
 */
export const DEFAULT_READ_POOL_SIZE = 5;

/**
 * Bounds on every pooled session, so nothing waits forever: a statement (`statement_timeout`), a
 * wait for a lock (`lock_timeout`), a transaction left open by a client that went quiet
 * (`idle_in_transaction_session_timeout`), and the wait for a free pooled connection. Each failure
 * is SERVICE_UNAVAILABLE (failures.ts). The statement timeout stays below the GraphQL execution
 * budget (10 s), so a slow statement fails before its operation's budget runs out. Migrations are
 * exempt (they may legitimately run long).
 */
export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
  acquireMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = Object.freeze({
  statementMs: 5_000,
  lockMs: 2_000,
  idleInTransactionMs: 10_000,
  acquireMs: 3_000,
});

/** `DATABASE_URL` from the environment, with an empty value meaning "not set". */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.DATABASE_URL?.trim();
  return url ? url : null;
}

/** The embedded data directory: the option, else `AGENTSTACK_DATA_DIR`, else `.agentstack/` (absolute unless in memory). */
export function resolveDataDir(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = dataDir ?? (env.AGENTSTACK_DATA_DIR?.trim() || DEFAULT_DATA_DIR);
  return chosen.startsWith(IN_MEMORY_DATA_DIR) ? chosen : resolve(chosen);
}

/** Schema names go into SQL as identifiers: accept plain lowercase names only. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`Invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _`);
  }
  return schema;
}
