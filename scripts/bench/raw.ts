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
import type { Task, TaskEventDraft } from '../../src/core/index.js';
import { newTask } from '../../src/core/task.js';
import { appendLockKey, appendParameters, appendStatement } from '../../src/store/event-log.js';
import { numberedPlaceholders } from '../../src/store/sql.js';
import type { Table } from '../../src/store/table.js';
import type { Tables } from '../../src/store/tables.js';

/**
 * The statements are generated from the same table descriptions as the store's (table.ts), with
 * `$n` placeholders instead of `?`: the same text, bound server-side by `pg`.
 */
export class RawPostgres {
  /** Statements sent, for statements/op. */
  statements = 0;
  private readonly lockKey: number;
  private readonly tasks: Table<Task>;
  private readonly events: Tables['events'];
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
    private readonly tables: Tables,
  ) {
    const { agents, grants } = tables;
    const tasks = tables.tasks.without('idempotencyKey', 'idempotencyFingerprint');
    const updated = tasks.without('id');
    this.tasks = tasks;
    this.events = tables.events;
    this.lockKey = appendLockKey(tables.events);
    const taskOrder = `ORDER BY ${tasks.column('createdAt').name}, ${tasks.column('id').name} COLLATE "C"`;
    const sql = {
      getTasks: `SELECT ${tasks.list} FROM ${tasks.name} WHERE ${tasks.column('id').name} = ANY(?::text[])`,
      listTasks: `SELECT ${tasks.list} FROM ${tasks.name} WHERE ${tasks.column('ownerDid').name} = ? ${taskOrder} LIMIT ?`,
      getAgents: `SELECT ${agents.list} FROM ${agents.name} WHERE ${agents.column('did').name} = ANY(?::text[])`,
      listGrants: `SELECT ${grants.list} FROM ${grants.name} WHERE ${grants.column('ownerDid').name} = ? AND ${grants.column('agentDid').name} = ?
                   ORDER BY ${grants.column('createdAt').name}, ${grants.column('id').name} COLLATE "C"`,
      insertTask: `INSERT INTO ${tables.tasks.name} (${tables.tasks.list}) VALUES (${tables.tasks.placeholders}) RETURNING ${tasks.column('id').name}`,
      updateTask: `UPDATE ${tasks.name} SET ${updated.assignments}
                   WHERE ${tasks.column('id').name} = ? AND ${tasks.column('version').name} = ? RETURNING 1`,
      append: appendStatement(tables.events),
    };
    this.sql = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, numberedPlaceholders(text)])) as typeof sql;
  }

  async createTask(ownerDid: string, sourceApp: string, title: string): Promise<Task> {
    const at = new Date().toISOString();
    const task = newTask({ id: `task_${randomUUID()}`, ownerDid, sourceApp, title, createdAt: at });
    await this.transaction(async (client) => {
      await this.query(client, this.sql.insertTask, this.tables.tasks.values({ ...task, idempotencyKey: null, idempotencyFingerprint: null }));
      await this.append(client, { type: 'task.created', occurredAt: at, actorDid: null, task, previousStatus: null });
    });
    return task;
  }

  async getTask(id: string): Promise<Task | null> {
    const { rows } = await this.query(this.pool, this.sql.getTasks, [[id]]);
    return rows[0] ? this.tasks.read(rows[0]) : null;
  }

  /**
   * The lower bound of `_entities` asking some fields of N tasks: only those columns, by id, in
   * one statement, mapped to objects (the bench's `_entities` row).
   */
  async getTaskFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[]): Promise<Pick<Task, K>[]> {
    const table = this.tasks.only(fields);
    const text = numberedPlaceholders(`SELECT ${table.list} FROM ${table.name} WHERE ${this.tasks.column('id').name} = ANY(?::text[])`);
    const { rows } = await this.query(this.pool, text, [ids]);
    return rows.map((row) => table.read(row));
  }

  async listTasks(ownerDid: string, first: number): Promise<{ items: Task[]; hasNextPage: boolean }> {
    const { rows } = await this.query(this.pool, this.sql.listTasks, [ownerDid, first + 1]);
    return { items: rows.slice(0, first).map((row) => this.tasks.read(row)), hasNextPage: rows.length > first };
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
    const { rows } = await this.query(this.pool, this.sql.listGrants, [ownerDid, agentDid]);
    const now = Date.now();
    const namespace = `${scope.slice(0, scope.indexOf(':') + 1)}*`;
    return rows
      .map((row) => this.tables.grants.read(row))
      .some(
        (grant) =>
          Date.parse(grant.createdAt) <= now &&
          (grant.revokedAt === null || Date.parse(grant.revokedAt) > now) &&
          (grant.expiresAt === null || Date.parse(grant.expiresAt) > now) &&
          grant.scopes.some((granted) => granted === '*' || granted === scope || granted === namespace),
      );
  }

  private async write(current: Task, derived: Task, type: TaskEventDraft['type']): Promise<Task> {
    const at = new Date().toISOString();
    const next: Task = { ...derived, version: current.version + 1, updatedAt: at };
    const written = await this.transaction(async (client) => {
      const { rows } = await this.query(client, this.sql.updateTask, [
        ...this.tasks.without('id').values(next),
        next.id,
        current.version,
      ]);
      if (rows.length === 0) return false;
      await this.append(client, { type, occurredAt: at, actorDid: null, task: next, previousStatus: current.status });
      return true;
    });
    // Workers own their tasks, so a lost version race means a bug in the benchmark.
    if (!written) throw new Error(`Task ${current.id} changed under the benchmark (version ${current.version})`);
    return next;
  }

  private async append(client: pg.PoolClient, draft: TaskEventDraft): Promise<number> {
    const params = appendParameters(this.events.without('sequence'), this.lockKey, draft);
    const { rows } = await this.query<{ sequence: string }>(client, this.sql.append, params);
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
