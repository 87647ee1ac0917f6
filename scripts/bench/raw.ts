/**
 * The lower bound of `npm run bench`: what the store does for each AgentStack call, written
 * directly against a `pg.Pool` with parameterized (extended-protocol) queries, on the same
 * tables. Each method sends the same statements, in the same order and on the same kind of
 * connection (pool vs. transaction client), as AgentStack + PostgresStore do:
 *
 *   createTask (no assignee)   commit(INSERT task)                                     1 statement
 *   updateTaskStatus           commit(UPDATE … WHERE version) on the recalled state    1
 *   assignTask (re-assign)     commit(UPDATE … WHERE version), agent known, state recalled   1
 *     (as the store's recent states do, src/core/recent-states.ts: a task's state is recalled
 *     from its last write here, an agent once seen stays known; a task not recalled is read
 *     first (SELECT task), and a write that misses because another layer wrote the task since
 *     is read again and sent again, as versioned-write.ts does: +2 statements then)
 *   getTask / listTasks / hasDelegation                                     one SELECT each
 *   plainUpdate                UPDATE … SET status WHERE id (no event, no rules: the floor;
 *                              what PostGraphile's update mutation sends)           1
 *
 * "commit(change)" is the event log's single statement (src/store/event-log.ts): the state
 * change as a CTE, the event inserted from its returned row at the transaction's position, and
 * the presence probe (is any replica listening? wake-presence.ts), in one autocommit statement.
 *
 * Real PostgreSQL only: on the embedded database's socket server, extended-protocol
 * messages of different connections interleave (see src/store/README.md).
 */
import { randomUUID, createHash } from 'node:crypto';
import pg from 'pg';
import type { Task, TaskEventDraft } from '../../src/core/index.js';
import { newTask } from '../../src/core/task.js';
import { commitStatement, type Change } from '../../src/store/event-log.js';
import { numberedPlaceholders } from '../../src/store/sql.js';
import { wakePresence } from '../../src/store/wake-presence.js';
import type { Table } from '../../src/store/table.js';
import type { Tables } from '../../src/store/tables.js';

/**
 * The statements are generated from the same table descriptions as the store's (table.ts), with
 * `$n` placeholders instead of `?`: the same text, bound server-side by `pg`.
 */
export class RawPostgres {
  /** Statements sent, for statements/op. */
  statements = 0;
  private readonly tasks: Table<Task>;
  private readonly events: Tables['events'];
  /** The store's presence probe (wake-presence.ts): nobody listens in the benchmark, so neither side sends a NOTIFY. */
  private readonly presenceProbe: string;
  private readonly updated: Table<Omit<Task, 'id'>>;
  private readonly sql: {
    getTasks: string;
    listTasks: string;
    getAgents: string;
    listGrants: string;
    plainUpdate: string;
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
    this.presenceProbe = wakePresence(tables.events.name).probe;
    const taskOrder = `ORDER BY ${tasks.column('createdAt').name}, ${tasks.column('id').name} COLLATE "C"`;
    const sql = {
      getTasks: `SELECT ${tasks.list} FROM ${tasks.name} WHERE ${tasks.column('id').name} = ANY(?::text[])`,
      listTasks: `SELECT ${tasks.list} FROM ${tasks.name} WHERE ${tasks.column('ownerDid').name} = ? ${taskOrder} LIMIT ?`,
      getAgents: `SELECT ${agents.list} FROM ${agents.name} WHERE ${agents.column('did').name} = ANY(?::text[])`,
      listGrants: `SELECT ${grants.list} FROM ${grants.name} WHERE ${grants.column('ownerDid').name} = ? AND ${grants.column('agentDid').name} = ?
                   ORDER BY ${grants.column('createdAt').name}, ${grants.column('id').name} COLLATE "C"`,
      plainUpdate: `UPDATE ${tasks.name} SET ${tasks.column('status').name} = ? WHERE ${tasks.column('id').name} = ? RETURNING ${tasks.column('id').name}`,
    };
    this.updated = updated;
    this.sql = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, numberedPlaceholders(text)])) as typeof sql;
  }

  async createTask(ownerDid: string, sourceApp: string, title: string): Promise<Task> {
    const at = new Date().toISOString();
    const task = newTask({ id: `task_${randomUUID()}`, ownerDid, sourceApp, title, createdAt: at });
    const { tasks } = this.tables;
    const written = await this.commit({
      sql: `INSERT INTO ${tasks.name} (${tasks.list}) VALUES (${tasks.placeholders}) RETURNING 1`,
      params: tasks.values({ ...task, idempotencyKey: null, idempotencyFingerprint: null }),
      draft: { type: 'task.created', occurredAt: at, actorDid: null, task, previousStatus: null },
    });
    if (!written) throw new Error(`Inserting task ${task.id} wrote nothing`);
    return task;
  }

  /** The floor: one UPDATE of one column, no event, no version, no rules (PostGraphile's update). */
  async plainUpdate(id: string, status: Task['status']): Promise<void> {
    const { rows } = await this.query(this.pool, this.sql.plainUpdate, [status, id]);
    if (rows.length === 0) throw new Error(`Unknown task: ${id}`);
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

  /** Same-status patch: the conditional UPDATE and its event in one statement, on the recalled state (read first when not recalled). */
  async updateTaskStatus(id: string, status: Task['status']): Promise<Task> {
    return this.writeRecalled(id, (current) => ({ ...current, status }), 'task.updated');
  }

  /**
   * The same write the way the log used to serialise appends, for comparison: BEGIN, one global
   * transaction-scoped advisory lock, the same commit statement, COMMIT (the lock held across two
   * round trips, every writer queued behind it).
   */
  async updateTaskStatusLocked(id: string, status: Task['status']): Promise<Task> {
    const current = await this.getTask(id);
    if (!current) throw new Error(`Unknown task: ${id}`);
    const client = await this.pool.connect();
    try {
      await this.query(client, 'BEGIN');
      await this.query(client, 'SELECT pg_advisory_xact_lock($1, $2)', [0x41475354, 1]);
      const next = (await this.write(current, { ...current, status }, 'task.updated', client))!;
      await this.query(client, 'COMMIT');
      return next;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Re-assignment of a queued task: the agent checked once (agents are never deleted), then the write on the recalled state. */
  async assignTask(id: string, agentDid: string): Promise<Task> {
    if (!this.knownAgents.has(agentDid)) {
      const { rows } = await this.query(this.pool, this.sql.getAgents, [[agentDid]]);
      if (rows.length === 0) throw new Error(`Unknown agent: ${agentDid}`);
      this.knownAgents.add(agentDid);
    }
    return this.writeRecalled(id, (current) => ({ ...current, assigneeDid: agentDid, status: 'queued' }), 'task.assigned');
  }

  /** The write conditional on the task's recalled state; when none is recalled, or it is stale (another layer wrote the task), on a fresh read. */
  private async writeRecalled(id: string, derive: (current: Task) => Task, type: TaskEventDraft['type']): Promise<Task> {
    const recalled = this.recent.get(id);
    if (recalled) {
      const next = await this.write(recalled, derive(recalled), type, undefined, { mayMiss: true });
      if (next) return next;
    }
    const current = await this.getTask(id);
    if (!current) throw new Error(`Unknown task: ${id}`);
    return (await this.write(current, derive(current), type))!;
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

  private async write(current: Task, derived: Task, type: TaskEventDraft['type'], client?: pg.PoolClient, options: { mayMiss?: boolean } = {}): Promise<Task | null> {
    const at = new Date().toISOString();
    const next: Task = { ...derived, version: current.version + 1, updatedAt: at };
    const written = await this.commit({
      sql: `UPDATE ${this.updated.name} SET ${this.updated.assignments}
            WHERE ${this.tasks.column('id').name} = ? AND ${this.tasks.column('version').name} = ? RETURNING 1`,
      params: [...this.updated.values(next), next.id, current.version],
      draft: { type, occurredAt: at, actorDid: null, task: next, previousStatus: current.status },
    }, client);
    if (!written) {
      this.recent.delete(current.id);
      if (options.mayMiss) return null;
      // Workers own their tasks, and a fresh read is what it writes on: a lost race is a bug in the benchmark.
      throw new Error(`Task ${current.id} changed under the benchmark (version ${current.version})`);
    }
    this.recent.set(next.id, next);
    return next;
  }

  /** The event log's commit statement (the same text as the store's, `$n` placeholders): whether it wrote. */
  private async commit(change: Change, client?: pg.PoolClient): Promise<boolean> {
    const statement = commitStatement(this.events, [change], this.presenceProbe);
    const { rows } = await this.query(client ?? this.pool, numberedPlaceholders(statement.sql), statement.params);
    return rows.length > 0;
  }

  private query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    on: pg.Pool | pg.PoolClient,
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    this.statements++;
    // A statement with parameters is a named prepared statement (as the store's are on real
    // PostgreSQL: prepared-statements.ts): parsed once per connection, planned generically once
    // PostgreSQL settles, so the lower bound is not paying work the store no longer pays.
    if (values === undefined) return on.query<R>(text);
    let name = this.names.get(text);
    if (name === undefined) this.names.set(text, (name = `raw_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`));
    return on.query<R>({ name, text, values });
  }

  private readonly names = new Map<string, string>();
  /** Each task's state as this mirror last wrote it (the store's recent states; the bench's tasks are few). */
  private readonly recent = new Map<string, Task>();
  private readonly knownAgents = new Set<string>();
}
