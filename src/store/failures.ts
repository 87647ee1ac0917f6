import { ServiceUnavailableError } from '../core/errors.js';

/**
 * Which database failures pass, and what the store does about them.
 *
 * A failure *passes* when the same statement may succeed later without any change: the server is
 * restarting or unreachable, our connection was cut, the pool had no free connection in time, a
 * statement or lock wait ran out of time, or PostgreSQL chose this transaction as a serialization
 * or deadlock victim. Those become SERVICE_UNAVAILABLE (HTTP 503, retryable) instead of a masked
 * INTERNAL_SERVER_ERROR, so clients tell "retry" from "bug". Anything else (a constraint, a
 * syntax error: a bug) is left as it is.
 *
 * Some of them are retried at once inside the store, where that is safe and cheap: a connection
 * found dead (the pool handed out one the server had closed; the next one is fresh) or a
 * deadlock/serialization victim. A read is always safe to repeat; a write is repeated only when it
 * certainly did not commit. Timeouts are not retried: repeating a slow statement adds load to a
 * database that is already slow, and the caller's budget is already spent.
 */
export type FailureKind =
  /** The connection failed: it was refused, cut, or the server is shutting down or starting. */
  | 'connection'
  /** PostgreSQL rolled the transaction back to resolve a conflict (40001, 40P01). */
  | 'conflict'
  /** A statement, a lock wait, an idle transaction or the wait for a pooled connection timed out. */
  | 'timeout'
  /** The server is out of connections or another resource. */
  | 'capacity';

/** SQLSTATE → kind. Class 08 (connection exception) is matched by prefix below. */
const SQLSTATES: Readonly<Record<string, FailureKind>> = {
  '57P01': 'connection', // admin_shutdown (a restart, pg_terminate_backend)
  '57P02': 'connection', // crash_shutdown
  '57P03': 'connection', // cannot_connect_now (starting up, shutting down, in recovery)
  '57P05': 'connection', // idle_session_timeout
  '40001': 'conflict', // serialization_failure
  '40P01': 'conflict', // deadlock_detected
  '57014': 'timeout', // query_canceled: statement_timeout
  '55P03': 'timeout', // lock_not_available: lock_timeout
  '25P03': 'timeout', // idle_in_transaction_session_timeout
  '53300': 'capacity', // too_many_connections
  '53400': 'capacity', // configuration_limit_exceeded
};

/** Socket errors of the driver (Node's `code`). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/** Failures of connecting: nothing was sent, so nothing can have committed. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P03']);

/** What `pg` and knex say when a connection dies or none can be had (they set no code). */
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /Connection ended unexpectedly/i,
  /timeout exceeded when trying to connect/i,
  // knex, for a statement on a transaction whose connection died under it (rolled back).
  /Transaction query already complete/i,
];

/** The kind of a failure that passes; null for anything else. */
export function transientKind(error: unknown): FailureKind | null {
  if (!(error instanceof Error)) return null;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08')) return 'connection';
    const kind = SQLSTATES[code];
    if (kind) return kind;
    if (SOCKET_CODES.has(code)) return 'connection';
  }
  // knex: "Timeout acquiring a connection. The pool is probably full."
  if (error.name === 'KnexTimeoutError') return 'timeout';
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message))) return 'connection';
  return null;
}

/** Whether repeating at once may help (a fresh connection, another go after a deadlock). */
export function retriesAtOnce(kind: FailureKind): boolean {
  return kind === 'connection' || kind === 'conflict';
}

const WHAT: Record<FailureKind, string> = {
  connection: 'The database is unreachable or restarting',
  conflict: 'The database rolled the transaction back to resolve a conflict with another one',
  timeout: 'The database did not answer in time',
  capacity: 'The database is out of connections',
};

/**
 * The error a caller gets. `outcome: 'unknown'` only when a write lost its connection while
 * committing: it may have committed, and the caller must read before writing again.
 */
export function unavailable(kind: FailureKind, outcome: 'none' | 'unknown', cause: unknown): ServiceUnavailableError {
  const message =
    outcome === 'unknown'
      ? 'The connection to the database was lost while committing: the change may or may not have been made; read before retrying'
      : `${WHAT[kind]}; nothing was changed, retry later`;
  return new ServiceUnavailableError(message, outcome, { cause });
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the n-th retry (index 0: the first retry). */
  delaysMs: readonly number[];
}

/** Two retries, soon: enough to get past connections a restart left dead in the pool. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 3, delaysMs: Object.freeze([20, 200]) });

/** A read: retried while it fails in a way a retry can help; SERVICE_UNAVAILABLE when it still fails in a way that passes. */
export async function readWithRetry<T>(read: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const kind = transientKind(error);
      if (kind === null) throw error;
      if (!retriesAtOnce(kind) || attempt >= policy.attempts) throw unavailable(kind, 'none', error);
      await delay(policy.delaysMs[attempt - 1] ?? policy.delaysMs.at(-1) ?? 0);
    }
  }
}

/**
 * A write transaction: `run(markBodyDone)` runs BEGIN, the statements, and COMMIT; it calls
 * `markBodyDone` after its last statement, so a failure after that point is known to have struck
 * during COMMIT. A connection lost there leaves the outcome unknown (never retried); a failure
 * before it rolled everything back, so it is retried like a read.
 */
export async function writeWithRetry<T>(run: (markBodyDone: () => void) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let committing = false;
    try {
      return await run(() => (committing = true));
    } catch (error) {
      const kind = transientKind(error);
      if (kind === null) throw error;
      // The server answered COMMIT with an error (a conflict, a timeout): it did not commit.
      // No answer at all (the connection died): it may have.
      if (committing && kind === 'connection' && !NEVER_CONNECTED.has(String((error as { code?: unknown }).code))) {
        throw unavailable(kind, 'unknown', error);
      }
      if (!retriesAtOnce(kind) || attempt >= policy.attempts) throw unavailable(kind, 'none', error);
      await delay(policy.delaysMs[attempt - 1] ?? policy.delaysMs.at(-1) ?? 0);
    }
  }
}

/**
 * A write of one statement (autocommit): a connection lost during it may have committed, so that
 * outcome is unknown and never retried; a refusal by the server (a conflict, a timeout) changed nothing.
 */
export function autocommit<T>(run: () => Promise<T>): Promise<T> {
  return writeWithRetry((committing) => {
    committing();
    return run();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
