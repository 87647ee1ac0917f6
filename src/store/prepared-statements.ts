import { createHash } from 'node:crypto';
import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import { numberedPlaceholders } from './sql.js';

/** Runs one statement: its text (with `?` placeholders, the `?` rule in sql.ts) and its parameters; answers its rows. */
export type SqlRunner = <T>(sql: string, params: readonly unknown[]) => Promise<T[]>;

/**
 * Distinct statements a runner prepares: the store's statements are a few dozen shapes (their filters
 * combined), so this is never reached in practice; past it, a statement runs unnamed (parsed and
 * planned each time, as before) rather than growing every session's prepared statements forever.
 */
export const MAX_PREPARED_STATEMENTS = 500;

/**
 * Statements outside a transaction on real PostgreSQL (the store's reads on the read pool, the
 * event log's one-statement writes on the write pool) as named prepared statements, straight
 * through `pg` on a connection of the pool (knex's pool: the same sessions, setup, limits and
 * acquire timeout as before).
 *
 * Why: through MikroORM and knex, each statement was formatted with its values inlined and sent as a
 * new simple-protocol statement, which PostgreSQL parsed and planned again every time; and the
 * two layers' per-statement work (knex's query builder and runner, MikroORM's logging and
 * exception conversion) was ~10% of a small GraphQL read's CPU. A prepared statement is parsed
 * once per session (a write's statement, the change and its event as CTEs, is the largest the
 * store sends) and, once PostgreSQL settles on a generic plan, not planned again.
 *
 * Not on the embedded database: its socket server runs every connection's protocol messages in
 * one PGlite session, where the several messages of an extended-protocol query could interleave
 * with another connection's (sql.ts, runSql). Failures are `pg`'s own errors, with the SQLSTATE
 * or socket code failures.ts classifies (MikroORM's converted ones carried the same codes).
 */
export function preparedStatements(
  connection: AbstractSqlConnection,
  options: { onQuery?: ((sql: string, params: readonly unknown[]) => void) | undefined; maxStatements?: number } = {},
): SqlRunner {
  const { onQuery, maxStatements = MAX_PREPARED_STATEMENTS } = options;
  const pool = connection.getKnex().client as unknown as KnexPool;
  const statements = new Map<string, { name: string; text: string }>();
  const prepared = (sql: string): { name?: string; text: string } => {
    const known = statements.get(sql);
    if (known) return known;
    const text = numberedPlaceholders(sql);
    if (statements.size >= maxStatements) return { text };
    // Named by its text: any runner on the same sessions names one text alike (pg refuses one
    // name for two texts on a connection).
    const statement = { name: `agentstack_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`, text };
    statements.set(sql, statement);
    return statement;
  };
  return async <T>(sql: string, params: readonly unknown[]): Promise<T[]> => {
    const statement = prepared(sql);
    const client = await pool.acquireConnection();
    try {
      onQuery?.(statement.text, params);
      return await rowsOf<T>(client, { ...statement, values: params as unknown[] });
    } finally {
      void pool.releaseConnection(client);
    }
  };
}

/** What knex's client offers for its pool (public on knex's Client, not in its types). */
interface KnexPool {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(client: PgClient): Promise<unknown>;
}

interface PgClient {
  query<T>(config: QueryConfig, callback: (error: Error | null, result: { rows: T[] }) => void): void;
}

interface QueryConfig {
  name?: string;
  text: string;
  values: unknown[];
}

/**
 * The statement's rows, through `pg`'s callback form. With its promise form (`client.query(config)`:
 * a promise with a `.catch` that rewrites a failure's stack), a loop of 1,000-row reads one call
 * after another had 5–7 MB promoted to the old generation at every young collection (17–25 ms
 * pauses, then full collections to free it); with the callback form ~3 KB, and the loop took half
 * the time (`getTaskFields` of 1,000: 5.9 → 2.9 ms; --trace-gc-nvp, same statement, same
 * connection; a `pg.Pool` client's promise form does the same). Why the promise form's results
 * outlive young collections is not known. Failures are `pg`'s errors either way, with the codes
 * failures.ts classifies (their stack now ends in `pg`, not in the caller).
 */
function rowsOf<T>(client: PgClient, config: QueryConfig): Promise<T[]> {
  return new Promise((resolve, reject) => client.query<T>(config, (error, result) => (error ? reject(error) : resolve(result.rows))));
}
