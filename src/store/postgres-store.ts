import type { Knex, AbstractSqlConnection } from '@mikro-orm/postgresql';
import type { AgentEventDraft, AgentStackEvent, EventFilter, GrantEventDraft, TaskEventDraft } from '../core/events.js';
import type { IdempotencyClaim, InsertTaskResult, Store, TaskRelation } from '../core/store.js';
import type { AgentFilter, AgentProfile, DelegationGrant, Task, Page, TaskFilter } from '../core/types.js';
import { EventLog } from './event-log.js';
import {
  AGENT_COLUMNS,
  GRANT_COLUMNS,
  GRANT_PLACEHOLDERS,
  TASK_COLUMNS,
  agentFromRecord,
  grantFromRecord,
  grantValues,
  inKeyOrder,
  taskFromRecord,
  taskValues,
  type AgentRecord,
  type GrantRecord,
  type TaskRecord,
} from './rows.js';
import { Conditions, runSql, textArray } from './sql.js';
import type { Tables } from './tables.js';

/**
 * The core's Store port on PostgreSQL. Every write is one transaction: the state change as
 * a single (conditional) statement, then the event append (see event-log.ts), then COMMIT;
 * every statement of a transaction runs on that transaction's connection (PGlite serves one
 * session: a statement on another connection would wait for the transaction forever).
 * SQL goes through MikroORM's connection (see runSql in sql.ts); no entity is loaded or
 * flushed on these paths.
 */
export class PostgresStore implements Store {
  private readonly log: EventLog;

  constructor(
    private readonly connection: AbstractSqlConnection,
    private readonly tables: Tables,
  ) {
    this.log = new EventLog(connection, tables);
  }

  // ---- agents -------------------------------------------------------------------------

  async getAgents(dids: readonly string[]): Promise<(AgentProfile | null)[]> {
    const rows = await this.byKeys<AgentRecord>(AGENT_COLUMNS, this.tables.agents, 'did', dids);
    return inKeyOrder(dids, rows.map(agentFromRecord), (agent) => agent.did);
  }

  async listAgents(filter: AgentFilter, page: { first: number; after: string | null }): Promise<Page<AgentProfile>> {
    const conditions = new Conditions().equal('source_app', filter.sourceApp);
    if (filter.supportedProtocol != null) {
      conditions.add('supported_protocols @> ?::jsonb', JSON.stringify([filter.supportedProtocol]));
    }
    if (page.after !== null) conditions.add('did COLLATE "C" > ?', page.after);
    const rows = await this.rows<AgentRecord>(
      `SELECT ${AGENT_COLUMNS} FROM ${this.tables.agents} ${conditions.where}
        ORDER BY did COLLATE "C" LIMIT ?`,
      [...conditions.params, page.first + 1],
    );
    return pageOf(rows.map(agentFromRecord), page.first);
  }

  /** An upsert that keeps the stored `created_at`; the event carries the row as stored. */
  async saveAgent(agent: AgentProfile, draft: AgentEventDraft): Promise<AgentStackEvent> {
    return this.connection.transactional(async (trx) => {
      const [row] = await this.rows<AgentRecord>(
        `INSERT INTO ${this.tables.agents} (${AGENT_COLUMNS})
         VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::timestamptz, ?::timestamptz)
         ON CONFLICT (did) DO UPDATE SET
           name = excluded.name, source_app = excluded.source_app,
           supported_protocols = excluded.supported_protocols, inbox_url = excluded.inbox_url,
           task_endpoint = excluded.task_endpoint, reputation_score = excluded.reputation_score,
           metadata = excluded.metadata, updated_at = excluded.updated_at
         RETURNING ${AGENT_COLUMNS}`,
        [
          agent.did,
          agent.name,
          agent.sourceApp,
          JSON.stringify(agent.supportedProtocols),
          agent.inboxUrl,
          agent.taskEndpoint,
          agent.reputationScore,
          JSON.stringify(agent.metadata),
          agent.createdAt,
          agent.updatedAt,
        ],
        trx,
      );
      const stored = agentFromRecord(row!);
      return this.log.append(trx, { ...draft, agent: stored });
    });
  }

  // ---- tasks --------------------------------------------------------------------------

  async getTasks(ids: readonly string[]): Promise<(Task | null)[]> {
    const rows = await this.byKeys<TaskRecord>(TASK_COLUMNS, this.tables.tasks, 'id', ids);
    return inKeyOrder(ids, rows.map(taskFromRecord), (task) => task.id);
  }

  async listTasks(
    filter: TaskFilter,
    page: { first: number; after: { createdAt: string; id: string } | null },
  ): Promise<Page<Task>> {
    const conditions = taskConditions(filter, page.after);
    const rows = await this.rows<TaskRecord>(
      `SELECT ${TASK_COLUMNS} FROM ${this.tables.tasks} ${conditions.where}
        ORDER BY created_at, id COLLATE "C" LIMIT ?`,
      [...conditions.params, page.first + 1],
    );
    return pageOf(rows.map(taskFromRecord), page.first);
  }

  /** Every key's page in one statement: number each key's rows in page order, keep the first + 1. */
  async listTaskPages(
    by: TaskRelation,
    keys: readonly string[],
    filter: TaskFilter,
    page: { first: number; after: { createdAt: string; id: string } | null },
  ): Promise<Page<Task>[]> {
    if (keys.length === 0) return [];
    const column = by === 'ownerDid' ? 'owner_did' : 'assignee_did';
    const conditions = taskConditions({ ...filter, [by]: null }, page.after).add(`${column} = ANY(?::text[])`, textArray(keys));
    const rows = await this.rows<TaskRecord>(
      `SELECT ${TASK_COLUMNS} FROM (
         SELECT ${TASK_COLUMNS},
                row_number() OVER (PARTITION BY ${column} ORDER BY created_at, id COLLATE "C") AS page_row
           FROM ${this.tables.tasks}
          ${conditions.where}
       ) ranked
       WHERE page_row <= ?
       ORDER BY created_at, id COLLATE "C"`,
      [...conditions.params, page.first + 1],
    );
    const tasks = rows.map(taskFromRecord);
    return keys.map((key) => pageOf(tasks.filter((task) => task[by] === key), page.first));
  }

  /**
   * With a key: INSERT … ON CONFLICT DO NOTHING, so concurrent creates with one key resolve
   * to one row (the loser waits for the winner's commit, then sees its row).
   */
  async insertTask(task: Task, draft: TaskEventDraft, claim: IdempotencyClaim | null): Promise<InsertTaskResult> {
    return this.connection.transactional(async (trx): Promise<InsertTaskResult> => {
      const inserted = await this.rows<{ id: string }>(
        `INSERT INTO ${this.tables.tasks} (${TASK_COLUMNS}, idempotency_key, idempotency_fingerprint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?)
         ${claim ? 'ON CONFLICT (owner_did, idempotency_key) DO NOTHING' : ''}
         RETURNING id`,
        [...taskValues(task), claim?.key ?? null, claim?.fingerprint ?? null],
        trx,
      );
      if (inserted.length === 0 && claim) {
        const [existing] = await this.rows<TaskRecord & { idempotency_fingerprint: string }>(
          `SELECT ${TASK_COLUMNS}, idempotency_fingerprint FROM ${this.tables.tasks}
            WHERE owner_did = ? AND idempotency_key = ?`,
          [task.ownerDid, claim.key],
          trx,
        );
        if (!existing) throw new Error(`Idempotency key conflict without a stored task (${task.ownerDid})`);
        return { created: false, existing: taskFromRecord(existing), fingerprint: existing.idempotency_fingerprint };
      }
      return { created: true, event: await this.log.append(trx, draft) };
    });
  }

  /** One conditional UPDATE: of two writers holding the same version, exactly one wins. */
  async updateTask(task: Task, expectedVersion: number, draft: TaskEventDraft): Promise<AgentStackEvent | null> {
    return this.connection.transactional(async (trx) => {
      const updated = await this.rows<{ id: string }>(
        `UPDATE ${this.tables.tasks} SET
           owner_did = ?, assignee_did = ?, source_app = ?, title = ?, description = ?, status = ?,
           payment_intent_id = ?, escrow_id = ?, reputation_event_id = ?, metadata = ?::jsonb,
           published = ?, published_at = ?::timestamptz, gig_id = ?, version = ?,
           created_at = ?::timestamptz, updated_at = ?::timestamptz
         WHERE id = ? AND version = ?
         RETURNING id`,
        [...taskValues(task).slice(1), task.id, expectedVersion],
        trx,
      );
      if (updated.length === 0) return null;
      return this.log.append(trx, draft);
    });
  }

  // ---- delegation ---------------------------------------------------------------------

  async getGrants(ids: readonly string[]): Promise<(DelegationGrant | null)[]> {
    const rows = await this.byKeys<GrantRecord>(GRANT_COLUMNS, this.tables.grants, 'id', ids);
    return inKeyOrder(ids, rows.map(grantFromRecord), (grant) => grant.id);
  }

  async listGrants(filter: { ownerDid?: string | null; agentDid?: string | null }): Promise<DelegationGrant[]> {
    const conditions = new Conditions().equal('owner_did', filter.ownerDid).equal('agent_did', filter.agentDid);
    const rows = await this.rows<GrantRecord>(
      `SELECT ${GRANT_COLUMNS} FROM ${this.tables.grants} ${conditions.where}
        ORDER BY created_at, id COLLATE "C"`,
      conditions.params,
    );
    return rows.map(grantFromRecord);
  }

  async insertGrant(grant: DelegationGrant, draft: GrantEventDraft): Promise<AgentStackEvent> {
    return this.connection.transactional(async (trx) => {
      await this.rows(
        `INSERT INTO ${this.tables.grants} (${GRANT_COLUMNS}) VALUES (${GRANT_PLACEHOLDERS})`,
        grantValues(grant),
        trx,
      );
      return this.log.append(trx, draft);
    });
  }

  /** One conditional UPDATE: only a grant that is not revoked yet can be revoked. */
  async revokeGrant(grant: DelegationGrant, draft: GrantEventDraft): Promise<AgentStackEvent | null> {
    return this.connection.transactional(async (trx) => {
      const revoked = await this.rows<{ id: string }>(
        `UPDATE ${this.tables.grants} SET (${GRANT_COLUMNS}) = (${GRANT_PLACEHOLDERS})
         WHERE id = ? AND revoked_at IS NULL
         RETURNING id`,
        [...grantValues(grant), grant.id],
        trx,
      );
      if (revoked.length === 0) return null;
      return this.log.append(trx, draft);
    });
  }

  // ---- events -------------------------------------------------------------------------

  readEvents(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    return this.log.read(after, limit, filter);
  }

  lastEventSequence(): Promise<number> {
    return this.log.lastSequence();
  }

  // ---- internals ----------------------------------------------------------------------

  /** The rows whose key column is one of `keys`, in one statement (none asked: no statement). */
  private async byKeys<T>(columns: string, table: string, keyColumn: string, keys: readonly string[]): Promise<T[]> {
    if (keys.length === 0) return [];
    return this.rows<T>(`SELECT ${columns} FROM ${table} WHERE ${keyColumn} = ANY(?::text[])`, [textArray(keys)]);
  }

  /** Runs one statement, on the transaction's connection when given one. */
  private rows<T>(sql: string, params: readonly unknown[], trx?: Knex.Transaction): Promise<T[]> {
    return runSql<T>(this.connection, sql, params, trx);
  }
}

/** `rows` holds up to first + 1 items: the extra one only tells that a next page exists. */
function pageOf<T>(rows: T[], first: number): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** The WHERE conditions of a task query: the filter's equalities and the keyset. */
function taskConditions(filter: TaskFilter, after: { createdAt: string; id: string } | null): Conditions {
  const conditions = new Conditions()
    .equal('owner_did', filter.ownerDid)
    .equal('assignee_did', filter.assigneeDid)
    .equal('status', filter.status)
    .equal('source_app', filter.sourceApp)
    .equal('published', filter.published);
  if (after !== null) conditions.add('(created_at, id COLLATE "C") > (?::timestamptz, ?)', after.createdAt, after.id);
  return conditions;
}
