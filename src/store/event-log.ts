import type { Knex, AbstractSqlConnection } from '@mikro-orm/postgresql';
import { eventSubjects, type AgentStackEvent, type EventDraft, type EventFilter } from '../core/events.js';
import { EVENTS_CHANNEL } from '../core/protocol.js';
import type { EventRow } from './entities.js';
import { pageOfRead, type PageQuery, type StorePage } from '../core/paging.js';
import { readWithRetry } from './failures.js';
import { Conditions, hash32, runSql, textArray } from './sql.js';
import type { Table } from './table.js';

/** The first half of the append lock's key: "AGST". The second half tells event logs (schemas) apart. */
const APPEND_LOCK_CLASS = 0x41475354;

/** The columns an append writes: all but the sequence, which the database draws. */
type AppendedRow = Omit<EventRow, 'sequence'>;

/**
 * The event log: an append-only table whose cursor (`sequence`) follows commit order.
 *
 * A bigserial alone is not enough: two transactions draw 41 and 42, 42 commits first, a
 * reader passes 42, and 41 appears later behind its cursor. So every append first takes a
 * transaction-scoped advisory lock, held until COMMIT: appends (number drawn → commit) run
 * one at a time, and a transaction is visible before its locks are released, so whoever
 * sees sequence N also sees every smaller one. The append is the last statement of each
 * write transaction, after the state change (which may wait on row locks); nothing waits on
 * anything while the lock is held (from the append statement to COMMIT), so it cannot
 * deadlock, and it is held for two round trips.
 */
export class EventLog {
  private readonly appendSql: string;
  private readonly appended: Table<AppendedRow>;
  private readonly lockKey: number;

  constructor(
    private readonly connection: AbstractSqlConnection,
    private readonly events: Table<EventRow>,
    /** Where reads go (the read pool); appends run in the writer's transaction. */
    private readonly reader: AbstractSqlConnection = connection,
  ) {
    this.appended = events.without('sequence');
    this.appendSql = appendStatement(events);
    this.lockKey = appendLockKey(events);
  }

  /**
   * Appends the event inside `trx`, as its last statement. Lock, insert and notify are one
   * statement: the INSERT reads its single row from the lock's CTE, so the lock is taken
   * before `nextval` runs, and the notification (delivered on commit) carries the sequence.
   */
  async append(trx: Knex.Transaction, draft: EventDraft): Promise<AgentStackEvent> {
    const [row] = await runSql<{ sequence: string }>(this.connection, this.appendSql, appendParameters(this.appended, this.lockKey, draft), trx);
    if (!row) throw new Error('The event log did not return the appended sequence');
    return { ...draft, sequence: Number(row.sequence) } as AgentStackEvent;
  }

  async read(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    if (limit <= 0) return [];
    const column = (property: keyof EventRow) => this.events.column(property).name;
    const conditions = this.filterConditions(filter).add(`${column('sequence')} > ?`, after);
    const records = await readWithRetry(() =>
      runSql<Record<string, unknown>>(
        this.reader,
        `SELECT ${column('sequence')}, ${column('payload')} FROM ${this.events.name}
          ${conditions.where} ORDER BY ${column('sequence')} LIMIT ?`,
        [...conditions.params, limit],
      ),
    );
    return records.map((record) => this.toEvent(record));
  }

  /** The filter's conditions. The subject columns hold eventSubjects(draft), the same function eventMatches reads. */
  private filterConditions(filter: EventFilter | null | undefined): Conditions {
    const column = (property: keyof EventRow) => this.events.column(property).name;
    const conditions = new Conditions();
    if (filter?.types && filter.types.length > 0) conditions.add(`${column('type')} = ANY(?::text[])`, textArray(filter.types));
    return conditions
      .equal(column('taskId'), filter?.taskId)
      .equal(column('ownerDid'), filter?.ownerDid)
      .equal(column('assigneeDid'), filter?.assigneeDid)
      .equal(column('agentDid'), filter?.agentDid);
  }

  private toEvent(record: Record<string, unknown>): AgentStackEvent {
    const { sequence, payload } = this.events.only(['sequence', 'payload']).read(record);
    return { ...payload, sequence } as AgentStackEvent;
  }

  /** A page of events by sequence, both ways (paging.ts), on the read pool. */
  async readPage(filter: EventFilter | null, page: PageQuery<number>): Promise<StorePage<AgentStackEvent>> {
    const column = (property: keyof EventRow) => this.events.column(property).name;
    const conditions = this.filterConditions(filter);
    if (page.after !== null) conditions.add(`${column('sequence')} > ?`, page.after);
    if (page.before !== null) conditions.add(`${column('sequence')} < ?`, page.before);
    const records = await readWithRetry(() =>
      runSql<Record<string, unknown>>(
        this.reader,
        `SELECT ${column('sequence')}, ${column('payload')} FROM ${this.events.name}
          ${conditions.where} ORDER BY ${column('sequence')} ${page.take === 'first' ? 'ASC' : 'DESC'} LIMIT ?`,
        [...conditions.params, page.limit + 1],
      ),
    );
    return pageOfRead(records.map((record) => this.toEvent(record)), page);
  }

  async lastSequence(): Promise<number> {
    const sequence = this.events.column('sequence').name;
    const [row] = await readWithRetry(() =>
      runSql<{ last: string | null }>(this.reader, `SELECT max(${sequence}) AS last FROM ${this.events.name}`, []),
    );
    return Number(row?.last ?? 0);
  }
}

/** The key of the append lock: one per events table (schema), in the AGST class. */
export function appendLockKey(events: Table<EventRow>): number {
  return hash32(events.name);
}

/**
 * The append statement: lock, insert (reading its one row from the lock's CTE), notify. The
 * benchmark's raw baseline sends this same text (with numbered placeholders).
 */
export function appendStatement(events: Table<EventRow>): string {
  const appended = events.without('sequence');
  const sequence = events.column('sequence').name;
  return `WITH append_lock AS (SELECT pg_advisory_xact_lock(?, ?)),
            appended AS (
              INSERT INTO ${events.name} (${appended.list})
              SELECT ${appended.placeholders} FROM append_lock
              RETURNING ${sequence}
            )
       SELECT ${sequence} AS sequence, pg_notify(?, ${sequence}::text) FROM appended`;
}

/** The parameters of the append statement, in order: lock key, the event's columns, channel. */
export function appendParameters(appended: Table<AppendedRow>, lockKey: number, draft: EventDraft): unknown[] {
  const row: AppendedRow = { type: draft.type, ...eventSubjects(draft), actorDid: draft.actorDid, occurredAt: draft.occurredAt, payload: draft };
  return [APPEND_LOCK_CLASS, lockKey, ...appended.values(row), EVENTS_CHANNEL];
}
