import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import type { AgentEventDraft, AgentStackEvent, EventFilter, GrantEventDraft, TaskEventDraft } from '../core/events.js';
import { pageOfRead } from '../core/paging.js';
import type { GrantListFilter, IdempotencyClaim, InsertTaskResult, Store } from '../core/store.js';
import type {
  AgentFilter,
  AgentPageQuery,
  AgentProfile,
  DelegationGrant,
  GrantRelation,
  PageQuery,
  StorePage,
  Task,
  TaskFilter,
  TaskPageQuery,
  TaskRelation,
} from '../core/types.js';
import { CommitNotifier } from './commit-notifier.js';
import { changeName, EventLog, notifyStatement, type Change } from './event-log.js';
import { wakePresence, type WakePresence } from './wake-presence.js';
import { readWithRetry } from './failures.js';
import type { SqlRunner } from './prepared-statements.js';
import { Conditions, direction, inKeyOrder, inKeys, runSql, textArray } from './sql.js';
import type { Table } from './table.js';
import type { Tables } from './tables.js';

/**
 * The core's Store port on PostgreSQL. Every write is ONE statement: the (conditional) state
 * change and its event appended together (event-log.ts), so a write is one round trip, its
 * state and event commit together, and no transaction stays open between round trips.
 * SQL goes through MikroORM's connection (see runSql in sql.ts), except reads outside a
 * transaction on real PostgreSQL: prepared statements on the same pool (prepared-statements.ts); no
 * entity is loaded or flushed on these paths. Column lists, placeholders, SET lists and row mapping come from the
 * entities (table.ts): no statement spells a column list or binds by hand-counted position.
 * Reads outside a transaction go to `reader` (a pool of their own, so stuck writers cannot starve
 * them); failures that pass become SERVICE_UNAVAILABLE, retried first where safe (failures.ts).
 */
export class PostgresStore implements Store {
  /** The event log, also for the store's other writers of events (webhook-queue.ts). */
  readonly log: EventLog;
  /** How replicas that want wake-ups say so, and writes learn of it (null: nobody else can listen). */
  readonly presence: WakePresence | null;
  private readonly agents: Table<AgentProfile>;
  /** The task columns the domain has (reads and updates); `tables.tasks` also has the idempotency claim. */
  private readonly tasks: Table<Task>;
  private readonly grants: Table<DelegationGrant>;
  /** Views of `tasks` through some columns, by the field list asked (getTaskFields); few distinct lists exist. */
  private readonly taskProjections = new Map<string, Table<Pick<Task, keyof Task>>>();
  /** How reads outside a transaction run: on `reader` through MikroORM, or as prepared statements (prepared-statements.ts). */
  private readonly readRows: SqlRunner;

  constructor(
    connection: AbstractSqlConnection,
    private readonly tables: Tables,
    /** Where reads outside a transaction go; default the same connection (pool) as writes. */
    reader: AbstractSqlConnection = connection,
    options: { notify?: boolean; readRows?: SqlRunner; writeRows?: SqlRunner } = {},
  ) {
    this.readRows = options.readRows ?? ((sql, params) => runSql(reader, sql, params));
    // The event log's writes (one statement each, outside a transaction) and its reads.
    const writeRows: SqlRunner = options.writeRows ?? ((sql, params) => runSql(connection, sql, params));
    // Other replicas are woken by NOTIFY (real PostgreSQL; embedded, the data-dir lock admits one process).
    const notifier = options.notify
      ? new CommitNotifier(async (position) => {
          const { sql, params } = notifyStatement(position);
          await writeRows(sql, params);
        })
      : null;
    // Writes are announced only while some replica listens (wake-presence.ts).
    this.presence = options.notify ? wakePresence(tables.events.name) : null;
    this.log = new EventLog(tables.events, { write: writeRows, read: this.readRows }, notifier, this.presence);
    this.agents = tables.agents;
    this.tasks = tables.tasks.without('idempotencyKey', 'idempotencyFingerprint');
    this.grants = tables.grants;
  }

  // ---- agents -------------------------------------------------------------------------

  async getAgents(dids: readonly string[]): Promise<(AgentProfile | null)[]> {
    return inKeyOrder(dids, await this.byKeys(this.agents, 'did', dids), (agent) => agent.did);
  }

  async listAgents(filter: AgentFilter, page: AgentPageQuery): Promise<StorePage<AgentProfile>> {
    const did = this.agents.column('did').name;
    const conditions = new Conditions().equal(this.agents.column('sourceApp').name, filter.sourceApp);
    if (filter.supportedProtocol != null) {
      conditions.add(`${this.agents.column('supportedProtocols').name} @> ?::jsonb`, JSON.stringify([filter.supportedProtocol]));
    }
    if (page.after !== null) conditions.add(`${did} COLLATE "C" > ?`, page.after);
    if (page.before !== null) conditions.add(`${did} COLLATE "C" < ?`, page.before);
    const rows = await this.select(
      this.agents,
      `SELECT ${this.agents.list} FROM ${this.agents.name} ${conditions.where} ORDER BY ${did} COLLATE "C" ${direction(page)} LIMIT ?`,
      [...conditions.params, page.limit + 1],
    );
    return pageOfRead(rows, page);
  }

  /** Version 0: insert unless the DID exists; else replace only while the stored version is the expected one. */
  saveAgent(agent: AgentProfile, expectedVersion: number, draft: AgentEventDraft): Promise<AgentStackEvent | null> {
    const { agents } = this;
    const did = agents.column('did').name;
    if (expectedVersion === 0) {
      return this.log.commitOne({
        sql: `INSERT INTO ${agents.name} (${agents.list}) VALUES (${agents.placeholders}) ON CONFLICT (${did}) DO NOTHING RETURNING 1`,
        params: agents.values(agent),
        draft,
      });
    }
    const condition = `${did} = ? AND ${agents.column('version').name} = ?`;
    return this.log.commitOne({ ...conditionalUpdate(agents.without('did'), agent, condition, [agent.did, expectedVersion]), draft });
  }

  // ---- tasks --------------------------------------------------------------------------

  async getTasks(ids: readonly string[]): Promise<(Task | null)[]> {
    return inKeyOrder(ids, await this.byKeys(this.tasks, 'id', ids), (task) => task.id);
  }

  /** The same statement as getTasks over the fields' columns (and the key's) only; a projection per field list, made once. */
  async getTaskFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[]): Promise<(Pick<Task, K> | null)[]> {
    const list = fields.join(',');
    let projection = this.taskProjections.get(list);
    if (!projection) {
      // The key is read whatever is asked: answers are matched to the ids by it.
      projection = this.tasks.only([...new Set<keyof Task>(['id', ...fields])]);
      this.taskProjections.set(list, projection);
    }
    if (ids.length === 0) return [];
    const id = projection.column('id');
    const where = inKeys(id.name, ids);
    const records = await this.rows<Record<string, unknown>>(`SELECT ${projection.list} FROM ${projection.name} WHERE ${where.sql}`, where.params);
    const byId = new Map(records.map((record) => [String(record[id.field]), record]));
    // Mapped per answer: an id asked twice gets two objects (no aliasing, as inKeyOrder promises).
    return ids.map((key) => {
      const record = byId.get(key);
      return record === undefined ? null : (projection.read(record) as Pick<Task, K>);
    });
  }

  async listTasks(filter: TaskFilter, page: TaskPageQuery): Promise<StorePage<Task>> {
    const conditions = this.taskConditions(filter, page);
    const rows = await this.select(
      this.tasks,
      `SELECT ${this.tasks.list} FROM ${this.tasks.name} ${conditions.where} ${this.taskOrder(page)} LIMIT ?`,
      [...conditions.params, page.limit + 1],
    );
    return pageOfRead(rows, page);
  }

  /**
   * Every key's page in one statement: for each key, the same indexed read as listTasks (the
   * (key, created_at, id) index, first + 1 rows), joined laterally. The work grows with the
   * number of keys and the page size, never with how many tasks a key has (plan: README.md).
   */
  async listTaskPages(by: TaskRelation, keys: readonly string[], filter: TaskFilter, page: TaskPageQuery): Promise<StorePage<Task>[]> {
    if (keys.length === 0) return [];
    const conditions = this.taskConditions({ ...filter, [by]: null }, page).add(`${this.tasks.column(by).name} = page_key.key`);
    // Each key's rows come in the page's read order (the lateral subquery's), kept by the filter below.
    const rows = await this.select(
      this.tasks,
      `SELECT page.* FROM unnest(?::text[]) AS page_key(key)
       CROSS JOIN LATERAL (
         SELECT ${this.tasks.list} FROM ${this.tasks.name} ${conditions.where} ${this.taskOrder(page)} LIMIT ?
       ) page`,
      [textArray(keys), ...conditions.params, page.limit + 1],
    );
    return keys.map((key) => pageOfRead(rows.filter((task) => task[by] === key), page));
  }

  /**
   * With a key: INSERT … ON CONFLICT DO NOTHING, so concurrent creates with one key resolve
   * to one row (the loser waits for the winner's commit, then reads its row).
   */
  async insertTask(task: Task, draft: TaskEventDraft, claim: IdempotencyClaim | null): Promise<InsertTaskResult> {
    const { tasks } = this.tables;
    const owner = tasks.column('ownerDid').name;
    const key = tasks.column('idempotencyKey').name;
    const event = await this.log.commitOne({
      sql: `INSERT INTO ${tasks.name} (${tasks.list}) VALUES (${tasks.placeholders})
            ${claim ? `ON CONFLICT (${owner}, ${key}) DO NOTHING` : ''} RETURNING 1`,
      params: tasks.values({ ...task, idempotencyKey: claim?.key ?? null, idempotencyFingerprint: claim?.fingerprint ?? null }),
      draft,
    });
    if (event) return { created: true, event };
    if (!claim) throw new Error(`Inserting task ${task.id} wrote nothing`);
    const [existing] = await this.select(tasks, `SELECT ${tasks.list} FROM ${tasks.name} WHERE ${owner} = ? AND ${key} = ?`, [
      task.ownerDid,
      claim.key,
    ]);
    if (!existing?.idempotencyFingerprint) throw new Error(`Idempotency key conflict without a stored task (${task.ownerDid})`);
    const { idempotencyKey: _key, idempotencyFingerprint: fingerprint, ...stored } = existing;
    return { created: false, existing: stored, fingerprint };
  }

  /** One conditional UPDATE: of two writers holding the same version, exactly one wins. */
  updateTask(task: Task, expectedVersion: number, draft: TaskEventDraft): Promise<AgentStackEvent | null> {
    const { tasks } = this;
    const condition = `${tasks.column('id').name} = ? AND ${tasks.column('version').name} = ?`;
    return this.log.commitOne({ ...conditionalUpdate(tasks.without('id'), task, condition, [task.id, expectedVersion]), draft });
  }

  // ---- delegation ---------------------------------------------------------------------

  async getGrants(ids: readonly string[]): Promise<(DelegationGrant | null)[]> {
    return inKeyOrder(ids, await this.byKeys(this.grants, 'id', ids), (grant) => grant.id);
  }

  async listGrants(filter: GrantListFilter): Promise<DelegationGrant[]> {
    const conditions = this.grantConditions(filter);
    return this.select(this.grants, `SELECT ${this.grants.list} FROM ${this.grants.name} ${conditions.where} ${this.grantOrder}`, conditions.params);
  }

  /** Every key's grants in one statement, split by key afterwards. */
  async listGrantsFor(by: GrantRelation, keys: readonly string[], filter: GrantListFilter): Promise<DelegationGrant[][]> {
    if (keys.length === 0) return [];
    const conditions = this.grantConditions({ ...filter, [by]: null }).add(`${this.grants.column(by).name} = ANY(?::text[])`, textArray(keys));
    const grants = await this.select(
      this.grants,
      `SELECT ${this.grants.list} FROM ${this.grants.name} ${conditions.where} ${this.grantOrder}`,
      conditions.params,
    );
    return keys.map((key) => grants.filter((grant) => grant[by] === key));
  }

  async insertGrant(grant: DelegationGrant, draft: GrantEventDraft): Promise<AgentStackEvent> {
    const { grants } = this;
    const event = await this.log.commitOne({
      sql: `INSERT INTO ${grants.name} (${grants.list}) VALUES (${grants.placeholders}) RETURNING 1`,
      params: grants.values(grant),
      draft,
    });
    if (!event) throw new Error(`Inserting grant ${grant.id} wrote nothing`);
    return event;
  }

  /** One recursive read: the grant, then the grants delegated from it, level by level. */
  async listGrantTree(id: string): Promise<DelegationGrant[]> {
    const { grants } = this;
    const column = (property: keyof DelegationGrant) => grants.column(property).name;
    const records = await this.rows<Record<string, unknown>>(
      `WITH RECURSIVE tree AS (
         SELECT ${grants.list}, 0 AS depth FROM ${grants.name} WHERE ${column('id')} = ?
         UNION ALL
         SELECT ${grants.columns.map((c) => `child.${c.name}`).join(', ')}, tree.depth + 1
           FROM ${grants.name} child JOIN tree ON child.${column('parentGrantId')} = tree.${column('id')}
       )
       SELECT ${grants.list} FROM tree ORDER BY depth, ${column('createdAt')}, ${column('id')} COLLATE "C"`,
      [id],
    );
    return records.map((record) => grants.read(record));
  }

  /**
   * One statement: a conditional UPDATE per grant (only a grant not revoked yet is revoked), each
   * but the first only if the first was revoked (it is the one asked for: revoked meanwhile by
   * someone else, nothing is written), and the events of those revoked.
   */
  async revokeGrants(revocations: readonly { grant: DelegationGrant; event: GrantEventDraft }[]): Promise<AgentStackEvent[] | null> {
    const { grants } = this;
    const condition = `${grants.column('id').name} = ? AND ${grants.column('revokedAt').name} IS NULL`;
    const events = await this.log.commit(
      revocations.map(({ grant, event }, index) => ({
        ...conditionalUpdate(grants.without('id'), grant, index === 0 ? condition : `${condition} AND EXISTS (SELECT 1 FROM ${changeName(0)})`, [
          grant.id,
        ]),
        draft: event,
      })),
    );
    return events.length === 0 ? null : events;
  }

  // ---- events -------------------------------------------------------------------------

  readEvents(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    return this.log.read(after, limit, filter);
  }

  readEventPage(filter: EventFilter | null, page: PageQuery<number>): Promise<StorePage<AgentStackEvent>> {
    return this.log.readPage(filter, page);
  }

  lastEventSequence(): Promise<number> {
    return this.log.lastSequence();
  }

  // ---- internals ----------------------------------------------------------------------

  /** Every list of tasks is in this order (backwards for `last`); the indexes end with it (entities.ts). */
  private taskOrder(page: TaskPageQuery): string {
    const order = direction(page);
    return `ORDER BY ${this.tasks.column('createdAt').name} ${order}, ${this.tasks.column('id').name} COLLATE "C" ${order}`;
  }

  private get grantOrder(): string {
    return `ORDER BY ${this.grants.column('createdAt').name}, ${this.grants.column('id').name} COLLATE "C"`;
  }

  /** The WHERE conditions of a task query: the filter's equalities and the page's window. */
  private taskConditions(filter: TaskFilter, page: TaskPageQuery): Conditions {
    const column = (property: keyof Task) => this.tasks.column(property).name;
    const conditions = new Conditions()
      .equal(column('ownerDid'), filter.ownerDid)
      .equal(column('assigneeDid'), filter.assigneeDid)
      .equal(column('status'), filter.status)
      .equal(column('sourceApp'), filter.sourceApp)
      .equal(column('published'), filter.published);
    const keyset = `(${column('createdAt')}, ${column('id')} COLLATE "C")`;
    if (page.after !== null) conditions.add(`${keyset} > (?::timestamptz, ?)`, page.after.createdAt, page.after.id);
    if (page.before !== null) conditions.add(`${keyset} < (?::timestamptz, ?)`, page.before.createdAt, page.before.id);
    return conditions;
  }

  private grantConditions(filter: GrantListFilter): Conditions {
    return new Conditions()
      .equal(this.grants.column('ownerDid').name, filter.ownerDid)
      .equal(this.grants.column('agentDid').name, filter.agentDid);
  }


  /** The rows whose key column is one of `keys`, in one statement (none asked: no statement). */
  private async byKeys<Row extends object>(table: Table<Row>, key: keyof Row, keys: readonly string[]): Promise<Row[]> {
    if (keys.length === 0) return [];
    const where = inKeys(table.column(key).name, keys);
    return this.select(table, `SELECT ${table.list} FROM ${table.name} WHERE ${where.sql}`, where.params);
  }

  /** Runs a SELECT of `table`'s columns and maps the records to rows. */
  private async select<Row extends object>(table: Table<Row>, sql: string, params: readonly unknown[]): Promise<Row[]> {
    const records = await this.rows<Record<string, unknown>>(sql, params);
    return records.map((record) => table.read(record));
  }

  /** Runs one read on the read pool. */
  private rows<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return readWithRetry(() => this.readRows<T>(sql, params));
  }
}

/** `UPDATE … SET <every column of table> WHERE <condition> RETURNING 1`: a row back only when the condition held. */
function conditionalUpdate<Row extends object>(table: Table<Row>, row: Row, condition: string, conditionParams: readonly unknown[]): Omit<Change, 'draft'> {
  const sql = table.text(`update ${condition}`, () => `UPDATE ${table.name} SET ${table.assignments} WHERE ${condition} RETURNING 1`);
  return { sql, params: [...table.values(row), ...conditionParams] };
}

