import pg from 'pg';
import { hash32 } from './sql.js';

/** "AGSM": the class of the advisory lock that serializes schema changes, per schema. */
const MIGRATION_LOCK_CLASS = 0x4147534d;

/**
 * Runs `fn` (create the schema, apply migrations) while holding a session-level advisory
 * lock, so replicas starting together do not migrate the same schema twice. The lock lives
 * on a connection of its own, outside the ORM's pool: a pool of one stays usable for the
 * migrations themselves. (On the embedded database there is one session, so the lock is a
 * formality there; the socket server has spare connections for this one.)
 */
export async function withMigrationLock<T>(connectionString: string, schema: string | undefined, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Two integers, written into the SQL: a simple-protocol statement (see runSql in sql.ts).
    const key = `${MIGRATION_LOCK_CLASS}, ${hash32(schema ?? 'public')}`;
    await client.query(`SELECT pg_advisory_lock(${key})`);
    try {
      return await fn();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${key})`);
    }
  } finally {
    await client.end();
  }
}
