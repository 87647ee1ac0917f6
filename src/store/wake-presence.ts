/**
 * Whether any replica wants to hear of writes, answered inside each write's own statement, so
 * that a write nobody needs to hear of sends no NOTIFY (commit-notifier.ts) at all.
 *
 * Presence is a lock, not a row: a replica that wants wake-ups (it has open subscriptions, or
 * webhooks to deliver) holds a session-level advisory lock in shared mode, on its LISTEN
 * connection, on every stripe of the log's key. Each write tries, in its commit statement, to take
 * its stripe's lock exclusively until it commits (`pg_try_advisory_xact_lock`: it never waits).
 * When it cannot, someone may be listening: the write is announced after its commit.
 *
 * - No stale presence: a replica that crashes loses its connection, and with it its locks.
 * - No missed write: a replica taking the shared locks waits for every write that took a stripe
 *   exclusively (those that saw nobody) to commit, so once it holds them, its next read of the log
 *   sees those writes; every write after that finds the stripe held and is announced.
 * - Writers never wait for each other. Two writes on the same stripe at the same moment make one
 *   of them announce itself needlessly (a spare NOTIFY, never a missed one); a write's stripe is
 *   its backend's, so one pool's connections mostly fall on different stripes.
 *
 * The key comes from the events table's qualified name, so schemas sharing a database (tests, a
 * staging copy) do not hear of each other's listeners.
 */

/** Stripes of the key: listeners hold all of them; a write takes its backend's. */
export const PRESENCE_STRIPES = 32;

export interface WakePresence {
  /** The advisory lock key (the first of the two int4 keys; the stripe is the second). */
  readonly key: number;
  /** Takes every stripe's lock in shared mode, for the session: waits for writes holding one. */
  readonly acquire: string;
  /** Lets them all go (the LISTEN connection holds no other advisory lock). */
  readonly release: string;
  /** A boolean expression for a write's statement: true when the write must be announced. */
  readonly probe: string;
}

/** The presence of listeners to the event log in `eventsTable` (its quoted, qualified name). */
export function wakePresence(eventsTable: string): WakePresence {
  const key = presenceKey(eventsTable);
  const stripes = `generate_series(0, ${PRESENCE_STRIPES - 1}) AS stripe`;
  return {
    key,
    acquire: `SELECT count(pg_advisory_lock_shared(${key}, stripe)) AS held FROM ${stripes}`,
    release: 'SELECT pg_advisory_unlock_all()',
    // A scalar subquery: evaluated once per statement, however many events it appends.
    probe: `(SELECT NOT pg_try_advisory_xact_lock(${key}, pg_backend_pid() % ${PRESENCE_STRIPES}))`,
  };
}

/** A 32-bit FNV-1a hash of the name, as a signed int4 (what the advisory lock functions take). */
export function presenceKey(name: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
