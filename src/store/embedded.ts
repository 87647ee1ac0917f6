import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { IN_MEMORY_DATA_DIR } from './config.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { freshInMemoryPglite } from './pglite-template.js';

export interface EmbeddedServer {
  /** Where `pg` (and anyone else in this process) reaches the database. */
  readonly connectionString: string;
  close(): Promise<void>;
}

/**
 * Connections the socket server accepts beyond our own pool: other code opens its own
 * connections to `connectionString` (e.g. a LISTEN connection).
 */
const EXTRA_CONNECTIONS = 16;

/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM, in this process) served over
 * the Postgres wire protocol on 127.0.0.1 at a free port, so the ORM and `pg` take exactly
 * the production path. PGlite is one session: the socket server queues statements from all
 * connections and, while one connection is in a transaction, serves only that connection.
 */
export async function startEmbeddedServer(
  dataDir: string,
  poolSize: number,
  notice: (message: string) => void = () => {},
): Promise<EmbeddedServer> {
  const { db, lock } = await openPglite(dataDir, notice);
  // A start-up phase (src/server/serve.ts prints them).
  performance.mark('agentstack:database');
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    // The default (1) refuses a pool's second connection.
    maxConnections: poolSize + EXTRA_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await lock?.release();
    throw error;
  }
  // user, password and database name are ignored by PGlite; they only make a valid URL.
  const connectionString = `postgres://postgres@${server.getServerConn()}/postgres`;
  let closed: Promise<void> | null = null;
  return {
    connectionString,
    close: () =>
      (closed ??= (async () => {
        try {
          await server.stop();
          await db.close();
        } finally {
          await lock?.release();
        }
      })()),
  };
}

/**
 * A data directory on disk (created if missing, locked to this process; PGlite lives in its
 * `pglite/` folder), or memory.
 */
async function openPglite(dataDir: string, notice: (message: string) => void): Promise<{ db: PGlite; lock: DataDirLock | null }> {
  if (dataDir.startsWith(IN_MEMORY_DATA_DIR)) return { db: await freshInMemoryPglite(), lock: null };
  const pgliteDir = join(dataDir, 'pglite');
  await mkdir(pgliteDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    // A new directory is initialised first (initdb in WebAssembly): say so rather than go quiet.
    const fresh = !existsSync(join(pgliteDir, 'PG_VERSION'));
    notice(
      fresh
        ? `Initialising the embedded database in ${dataDir} (first start: this takes a few seconds)`
        : `Opening the embedded database in ${dataDir}`,
    );
    return { db: await PGlite.create({ dataDir: pgliteDir }), lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
