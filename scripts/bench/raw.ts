/**
 * The lower bound of `npm run bench`: what the store does for each AgentStack call, written
 * directly against a `pg.Pool` with parameterized (extended-protocol) queries, on the same
 * tables. Each method sends the same statements, in the same order and on the same kind of
 * connection (pool vs. transaction client), as AgentStack + PostgresStore do:
 *
 *   createTask (no assignee)   BEGIN; INSERT task; append; COMMIT                      4 statements
 *   updateTaskStatus           SELECT task; BEGIN; UPDATE … WHERE version; append; COMMIT   5
 *   assignTask (re-assign)     SELECT task; SELECT agent; BEGIN; UPDATE; append; COMMIT     6
 *   getTask / listTasks / hasDelegation                                     one SELECT each
 *
 * "append" is the event log's single statement (src/store/event-log.ts): a CTE that takes
 * the transaction-scoped advisory lock, inserts the event and calls pg_notify. The lock key
 * is the store's (same class, same hash of the events table), so raw and store appends
 * serialize on the same lock.
 *
 * Real PostgreSQL only: on the embedded database's socket server, extended-protocol
 * messages of different connections interleave (see src/store/README.md).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { newTask, type Task, type TaskEventDraft } from '../../src/core/index.js';
import { AGENT_COLUMNS, GRANT_COLUMNS, TASK_COLUMNS, taskValues } from '../../src/store/rows.js';
import { appendParameters } from '../../src/store/event-log.js';
import { hash32 } from '../../src/store/sql.js';
import type { Tables } from '../../src/store/tables.js';


interface TaskRow {
  id: string;
  owner_did: string;
  assignee_did: string | null;
  source_app: string;
  title: string;
  description: string | null;
  status: string;
  payment_intent_id: string | null;
  escrow_id: string | null;
  reputation_event_id: string | null;
  metadata: Record<string, unknown>;
  published: boolean;
  published_at: Date | null;
  gig_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface GrantRow {
  id: string;
  owner_did: string;
  agent_did: string;
  scopes: string[];
  expires_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
  parent_grant_id: string | null;
}

export class RawPostgres {
  /** Statements sent, for statements/op. */
  statements = 0;
  private readonly lockKey: number;
  private readonly sql: {
    getTasks: string;
    listTasks: string;
    getAgents: string;
    listGrants: string;
    insertTask: string;
    updateTask: string;
    append: string;
  };

  constructor(
    private readonly pool: pg.Pool,
    tables: Tables,
  ) {
    this.lockKey = hash32(tables.events);
    this.sql = {
      getTasks: `SELECT ${TASK_COLUMNS} FROM ${tables.tasks} WHERE id = ANY($1::text[])`,
      listTasks: `SELECT ${TASK_COLUMNS} FROM ${tables.tasks} WHERE owner_did = $1 ORDER BY created_at, id COLLATE "C" LIMIT $2`,
      getAgents: `SELECT ${AGENT_COLUMNS} FROM ${tables.agents} WHERE did = ANY($1::text[])`,
      listGrants: `SELECT ${GRANT_COLUMNS} FROM ${tables.grants} WHERE owner_did = $1 AND agent_did = $2 ORDER BY created_at, id COLLATE "C"`,
      insertTask: `INSERT INTO ${tables.tasks} (${TASK_COLUMNS}, idempotency_key, idempotency_fingerprint)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::timestamptz, $14, $15, $16::timestamptz, $17::timestamptz, $18, $19)
                   RETURNING id`,
      updateTask: `UPDATE ${tables.tasks} SET
                     owner_did = $1, assignee_did = $2, source_app = $3, title = $4, description = $5, status = $6,
                     payment_intent_id = $7, escrow_id = $8, reputation_event_id = $9, metadata = $10::jsonb,
                     published = $11, published_at = $12::timestamptz, gig_id = $13, version = $14,
                     created_at = $15::timestamptz, updated_at = $16::timestamptz
                   WHERE id = $17 AND version = $18
                   RETURNING id`,
      append: `WITH append_lock AS (SELECT pg_advisory_xact_lock($1, $2)),
                    appended AS (
                      INSERT INTO ${tables.events}
                        (type, task_id, owner_did, assignee_did, agent_did, grant_id, actor_did, occurred_at, payload)
                      SELECT $3, $4, $5, $6, $7, $8, $9, $10::timestamptz, $11::jsonb FROM append_lock
                      RETURNING sequence
                    )
               SELECT sequence, pg_notify($12, sequence::text) FROM appended`,
    };
  }

  async createTask(ownerDid: string, sourceApp: string, title: string): Promise<Task> {
    const at = new Date().toISOString();
    const task = newTask({ id: `task_${randomUUID()}`, ownerDid, sourceApp, title, createdAt: at });
    await this.transaction(async (client) => {
      await this.query(client, this.sql.insertTask, [...taskValues(task), null, null]);
      await this.append(client, { type: 'task.created', occurredAt: at, actorDid: null, task, previousStatus: null });
    });
    return task;
  }

  async getTask(id: string): Promise<Task | null> {
    const { rows } = await this.query<TaskRow>(this.pool, this.sql.getTasks, [[id]]);
    return rows[0] ? taskFromRow(rows[0]) : null;
  }

  async listTasks(ownerDid: string, first: number): Promise<{ items: Task[]; hasNextPage: boolean }> {
    const { rows } = await this.query<TaskRow>(this.pool, this.sql.listTasks, [ownerDid, first + 1]);
    return { items: rows.slice(0, first).map(taskFromRow), hasNextPage: rows.length > first };
  }

  /** Same-status patch: read, then the conditional UPDATE and its event in one transaction. */
  async updateTaskStatus(id: string, status: Task['status']): Promise<Task> {
    const current = await this.getTask(id);
    if (!current) throw new Error(`Unknown task: ${id}`);
    return this.write(current, { ...current, status }, 'task.updated');
  }

  /** Re-assignment of a queued task: read the task, check the agent, then write. */
  async assignTask(id: string, agentDid: string): Promise<Task> {
    const current = await this.getTask(id);
    if (!current) throw new Error(`Unknown task: ${id}`);
    const { rows } = await this.query(this.pool, this.sql.getAgents, [[agentDid]]);
    if (rows.length === 0) throw new Error(`Unknown agent: ${agentDid}`);
    return this.write(current, { ...current, assigneeDid: agentDid, status: 'queued' }, 'task.assigned');
  }

  async hasDelegation(ownerDid: string, agentDid: string, scope: string): Promise<boolean> {
    const { rows } = await this.query<GrantRow>(this.pool, this.sql.listGrants, [ownerDid, agentDid]);
    const now = Date.now();
    const namespace = `${scope.slice(0, scope.indexOf(':') + 1)}*`;
    return rows.some(
      (grant) =>
        grant.created_at.getTime() <= now &&
        (grant.revoked_at === null || grant.revoked_at.getTime() > now) &&
        (grant.expires_at === null || grant.expires_at.getTime() > now) &&
        grant.scopes.some((granted) => granted === '*' || granted === scope || granted === namespace),
    );
  }

  private async write(current: Task, derived: Task, type: TaskEventDraft['type']): Promise<Task> {
    const at = new Date().toISOString();
    const next: Task = { ...derived, version: current.version + 1, updatedAt: at };
    const written = await this.transaction(async (client) => {
      const { rows } = await this.query(client, this.sql.updateTask, [...taskValues(next).slice(1), next.id, current.version]);
      if (rows.length === 0) return false;
      await this.append(client, { type, occurredAt: at, actorDid: null, task: next, previousStatus: current.status });
      return true;
    });
    // Workers own their tasks, so a lost version race means a bug in the benchmark.
    if (!written) throw new Error(`Task ${current.id} changed under the benchmark (version ${current.version})`);
    return next;
  }

  private async append(client: pg.PoolClient, draft: TaskEventDraft): Promise<number> {
    const { rows } = await this.query<{ sequence: string }>(client, this.sql.append, appendParameters(this.lockKey, draft));
    if (!rows[0]) throw new Error('The event log did not return the appended sequence');
    return Number(rows[0].sequence);
  }

  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await this.query(client, 'BEGIN');
      const result = await body(client);
      await this.query(client, 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    on: pg.Pool | pg.PoolClient,
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    this.statements++;
    return on.query<R>(text, values);
  }
}

function taskFromRow(row: TaskRow): Task {
  return {
    id: row.id,
    ownerDid: row.owner_did,
    assigneeDid: row.assignee_did,
    sourceApp: row.source_app,
    title: row.title,
    description: row.description,
    status: row.status as Task['status'],
    paymentIntentId: row.payment_intent_id,
    escrowId: row.escrow_id,
    reputationEventId: row.reputation_event_id,
    metadata: row.metadata as Task['metadata'],
    published: row.published,
    publishedAt: row.published_at?.toISOString() ?? null,
    gigId: row.gig_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
