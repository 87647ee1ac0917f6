import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import type { McpSession, McpSessionCaller, McpSessionStore } from '../core/mcp-sessions.js';
import { autocommit, readWithRetry } from './failures.js';
import { runSql } from './sql.js';
import type { Table } from './table.js';

/**
 * MCP sessions in their table (entities.ts): one statement per call. A session's check on every
 * request is a single UPDATE … RETURNING (found, the caller's, not idle: seen now). The
 * subscription list is a jsonb array changed in place by one statement, so two replicas
 * subscribing for the same session at once both land.
 */
export class PostgresMcpSessions implements McpSessionStore {
  constructor(
    private readonly connection: AbstractSqlConnection,
    private readonly sessions: Table<McpSession>,
    /** Where reads go (the read pool). */
    private readonly reader: AbstractSqlConnection = connection,
  ) {}

  private col(property: keyof McpSession): string {
    return this.sessions.column(property).name;
  }

  async insertMcpSession(session: McpSession): Promise<void> {
    const { sessions } = this;
    await autocommit(() => runSql(this.connection, `INSERT INTO ${sessions.name} (${sessions.list}) VALUES (${sessions.placeholders})`, sessions.values(session)));
  }

  async touchMcpSession(id: string, caller: McpSessionCaller, now: string, idleSince: string): Promise<McpSession | null> {
    const { sessions } = this;
    const lastSeenAt = this.sessions.column('lastSeenAt');
    const sql = `UPDATE ${sessions.name} SET ${lastSeenAt.name} = ${lastSeenAt.placeholder}
        WHERE ${this.col('id')} = ? AND ${this.col('callerDid')} = ? AND ${this.col('callerApp')} IS NOT DISTINCT FROM ? AND ${lastSeenAt.name} > ${lastSeenAt.placeholder}
        RETURNING ${sessions.list}`;
    const [record] = await autocommit(() => runSql<Record<string, unknown>>(this.connection, sql, [now, id, caller.did, caller.app, idleSince]));
    return record ? sessions.read(record) : null;
  }

  async mcpSessionSubscriptions(id: string): Promise<string[] | null> {
    const sql = `SELECT ${this.col('subscriptions')} AS subscriptions FROM ${this.sessions.name} WHERE ${this.col('id')} = ?`;
    const [record] = await readWithRetry(() => runSql<{ subscriptions: string[] }>(this.reader, sql, [id]));
    return record ? record.subscriptions : null;
  }

  async subscribeMcpSession(id: string, uri: string, max: number): Promise<boolean> {
    const subscriptions = this.col('subscriptions');
    const element = JSON.stringify([uri]);
    // Appended once: `@>` (not the `?` operator, which the statement's placeholders would take).
    const sql = `UPDATE ${this.sessions.name}
        SET ${subscriptions} = CASE WHEN ${subscriptions} @> ?::jsonb THEN ${subscriptions} ELSE ${subscriptions} || ?::jsonb END
        WHERE ${this.col('id')} = ? AND (${subscriptions} @> ?::jsonb OR jsonb_array_length(${subscriptions}) < ?)
        RETURNING 1 AS subscribed`;
    const rows = await autocommit(() => runSql(this.connection, sql, [element, element, id, element, max]));
    return rows.length > 0;
  }

  async unsubscribeMcpSession(id: string, uri: string): Promise<void> {
    const subscriptions = this.col('subscriptions');
    const sql = `UPDATE ${this.sessions.name}
        SET ${subscriptions} = COALESCE((SELECT jsonb_agg(kept ORDER BY position) FROM jsonb_array_elements(${subscriptions}) WITH ORDINALITY AS each(kept, position) WHERE kept <> to_jsonb(?::text)), '[]'::jsonb)
        WHERE ${this.col('id')} = ?`;
    await autocommit(() => runSql(this.connection, sql, [uri, id]));
  }

  async deleteMcpSession(id: string, caller: McpSessionCaller): Promise<boolean> {
    const sql = `DELETE FROM ${this.sessions.name} WHERE ${this.col('id')} = ? AND ${this.col('callerDid')} = ? AND ${this.col('callerApp')} IS NOT DISTINCT FROM ? RETURNING 1 AS deleted`;
    const rows = await autocommit(() => runSql(this.connection, sql, [id, caller.did, caller.app]));
    return rows.length > 0;
  }

  async deleteIdleMcpSessions(idleSince: string): Promise<number> {
    const lastSeenAt = this.sessions.column('lastSeenAt');
    const sql = `DELETE FROM ${this.sessions.name} WHERE ${lastSeenAt.name} <= ${lastSeenAt.placeholder} RETURNING 1 AS deleted`;
    const rows = await autocommit(() => runSql(this.connection, sql, [idleSince]));
    return rows.length;
  }
}
