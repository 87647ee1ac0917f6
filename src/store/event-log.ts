import { eventSubjects, type AgentStackEvent, type EventDraft, type EventFilter } from '../core/events.js';
import { EVENTS_CHANNEL } from '../core/protocol.js';
import { MAX_EVENTS_PER_WRITE } from '../core/store.js';
import type { EventRow } from './entities.js';
import { pageOfRead, type PageQuery, type StorePage } from '../core/paging.js';
import { readWithRetry, writeWithRetry } from './failures.js';
import { Conditions, direction, textArray } from './sql.js';
import type { SqlRunner } from './prepared-statements.js';
import type { CommitNotifier } from './commit-notifier.js';
import type { Table } from './table.js';
import type { WakePresence } from './wake-presence.js';

/** The columns an append writes besides the position. */
type AppendedRow = Omit<EventRow, 'sequence'>;

/** Positions per transaction: an event's position is its transaction's id × this + its index. */
export const EVENTS_PER_WRITE = MAX_EVENTS_PER_WRITE;

/** The position of a transaction's first event (the transaction writing it). */
const POSITION_BASE = `pg_current_xact_id()::text::bigint * ${EVENTS_PER_WRITE}`;

/**
 * The visibility high-water mark: every event below it is final. Its transaction id is below the
 * snapshot's xmin, so that transaction has ended (and, committed, is visible to this statement),
 * and every transaction still running or still to come has a larger id, so every event still to
 * appear will lie above it.
 */
const HIGH_WATER_MARK = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint * ${EVENTS_PER_WRITE}`;

/**
 * A state change that makes an event: a data-modifying statement that returns one row when it
 * wrote (an UPDATE … WHERE <still as read> RETURNING 1, an INSERT … ON CONFLICT DO NOTHING
 * RETURNING 1), written with `?` placeholders (sql.ts), and the event it makes when it does.
 */
export interface Change {
  sql: string;
  params: readonly unknown[];
  draft: EventDraft;
}

/**
 * The event log: an append-only table whose cursor (`sequence`) is the order readers see.
 *
 * A serial drawn at insert time is not a cursor: two transactions draw 41 and 42, 42 commits
 * first, a reader passes 42, and 41 appears later behind its cursor. Serialising appends behind
 * a global lock fixes that but makes every write wait for the others, across round trips.
 * Instead an event's position is its *transaction id* × 1,024 + its index within the
 * transaction, and readers see only the events below the high-water mark of their snapshot (the
 * oldest transaction still running, × 1,024). An event is read only once every transaction with
 * a smaller id has ended, so nothing can appear behind a cursor: appends run in parallel, and
 * the price is that one slow writer (any transaction with an id, in this cluster) holds back
 * what readers see until it ends — our writes are single statements bounded by the statement
 * timeout.
 *
 * Each write is ONE statement (autocommit): the state change and its events together, as
 * data-modifying CTEs. So the state and its event commit together or not at all, a write costs
 * one round trip, and nothing is held between round trips. Other replicas hear of it from a
 * NOTIFY sent afterwards, off the request path (commit-notifier.ts says why not inside).
 */
export class EventLog {
  /** The two columns every read maps (built once: reads map hundreds of rows per batch). */
  private readonly readColumns: Table<Pick<EventRow, 'sequence' | 'payload'>>;

  constructor(
    private readonly events: Table<EventRow>,
    /** How its statements run: writes on the write pool, reads on the read pool (prepared on real PostgreSQL: prepared-statements.ts). */
    private readonly run: { write: SqlRunner; read: SqlRunner },
    /** Wakes other replicas after a write (null: no other process can share this database). */
    private readonly notifier: CommitNotifier | null = null,
    /** How a write learns whether anyone listens (wake-presence.ts); with a notifier only. */
    private readonly presence: WakePresence | null = null,
  ) {
    this.readColumns = events.only(['sequence', 'payload']);
  }

  /**
   * Makes the changes and appends the event of each one that wrote, in one statement (change `i`
   * is the CTE `changeName(i)`, which later changes may refer to). Answers the appended events in
   * order: none when no change wrote.
   */
  async commit(changes: readonly Change[]): Promise<AgentStackEvent[]> {
    if (changes.length === 0) return [];
    if (changes.length > EVENTS_PER_WRITE) {
      throw new RangeError(`A write makes at most ${EVENTS_PER_WRITE} events, not ${changes.length}`);
    }
    const probe = this.notifier ? (this.presence?.probe ?? null) : null;
    const { sql, params } = commitStatement(this.events, changes, probe);
    // Sent means perhaps committed: a connection lost from here on leaves the outcome unknown.
    const rows = await writeWithRetry((sending) => {
      sending();
      return this.run.write<{ sequence: string; heard?: boolean }>(sql, params);
    });
    const sequences = rows.map((row) => Number(row.sequence)).sort((a, b) => a - b);
    // Announced when a replica may be listening (no probe: always); wake-presence.ts says why none can miss it.
    if (sequences.length > 0 && (probe === null || rows[0]!.heard !== false)) this.notifier?.hint(sequences.at(-1)!);
    return sequences.map((sequence) => ({ ...changes[sequence % EVENTS_PER_WRITE]!.draft, sequence }) as AgentStackEvent);
  }

  /** One change and its event; null when it did not write. */
  async commitOne(change: Change): Promise<AgentStackEvent | null> {
    const [event] = await this.commit([change]);
    return event ?? null;
  }

  async read(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    if (limit <= 0) return [];
    const column = (property: keyof EventRow) => this.events.column(property).name;
    const conditions = this.filterConditions(filter).add(`${column('sequence')} > ?`, after);
    const records = await readWithRetry(() =>
      this.run.read<Record<string, unknown>>(
        `SELECT ${column('sequence')}, ${column('payload')} FROM ${this.events.name}
          ${conditions.where} ORDER BY ${column('sequence')} LIMIT ?`,
        [...conditions.params, limit],
      ),
    );
    return records.map((record) => this.toEvent(record));
  }

  /**
   * The filter's conditions, and the high-water mark every read stops at. The subject columns
   * hold eventSubjects(draft), and the payload the task's status, what eventMatches reads.
   */
  private filterConditions(filter: EventFilter | null | undefined): Conditions {
    const column = (property: keyof EventRow) => this.events.column(property).name;
    const conditions = new Conditions().add(`${column('sequence')} < ${HIGH_WATER_MARK}`);
    if (filter?.types && filter.types.length > 0) conditions.add(`${column('type')} = ANY(?::text[])`, textArray(filter.types));
    // The task snapshot's status (eventTaskStatus): no column of its own, it narrows what the subjects' indexes find.
    if (filter?.statuses && filter.statuses.length > 0) {
      conditions.add(`${column('payload')} -> 'task' ->> 'status' = ANY(?::text[])`, textArray(filter.statuses));
    }
    return conditions
      .equal(column('taskId'), filter?.taskId)
      .equal(column('ownerDid'), filter?.ownerDid)
      .equal(column('assigneeDid'), filter?.assigneeDid)
      .equal(column('agentDid'), filter?.agentDid);
  }

  private toEvent(record: Record<string, unknown>): AgentStackEvent {
    const { sequence, payload } = this.readColumns.read(record);
    return { ...payload, sequence } as AgentStackEvent;
  }

  /** A page of events by sequence, both ways (paging.ts), on the read pool. */
  async readPage(filter: EventFilter | null, page: PageQuery<number>): Promise<StorePage<AgentStackEvent>> {
    const column = (property: keyof EventRow) => this.events.column(property).name;
    const conditions = this.filterConditions(filter);
    if (page.after !== null) conditions.add(`${column('sequence')} > ?`, page.after);
    if (page.before !== null) conditions.add(`${column('sequence')} < ?`, page.before);
    const records = await readWithRetry(() =>
      this.run.read<Record<string, unknown>>(
        `SELECT ${column('sequence')}, ${column('payload')} FROM ${this.events.name}
          ${conditions.where} ORDER BY ${column('sequence')} ${direction(page)} LIMIT ?`,
        [...conditions.params, page.limit + 1],
      ),
    );
    return pageOfRead(records.map((record) => this.toEvent(record)), page);
  }

  /**
   * The newest committed event's position (0: none), once readers see it and everything before
   * it. "The end of the log" must be exact: a subscription starting there must get exactly what
   * commits afterwards. The newest committed event may still lie above the high-water mark (an
   * older transaction is still running): its position is the answer only after that transaction
   * ended — were it answered earlier, the older transaction's event would land behind it and be
   * missed; were the high-water mark answered, events committed before the call would be handed
   * out as new. Our writes are single statements, so the wait is a few milliseconds; after
   * `maxWaitMs` (a long transaction elsewhere in the cluster) it answers the newest event below
   * the mark, which never loses one.
   */
  async lastSequence(maxWaitMs = 2_000): Promise<number> {
    const sequence = this.events.column('sequence').name;
    const deadline = Date.now() + maxWaitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const [row] = await readWithRetry(() =>
        this.run.read<{ last: string | null; visible: string | null; horizon: string }>(
          // Subqueries, so each max() is one step down the primary key's index.
          `SELECT (SELECT max(${sequence}) FROM ${this.events.name}) AS last,
                  (SELECT max(${sequence}) FROM ${this.events.name} WHERE ${sequence} < ${HIGH_WATER_MARK}) AS visible,
                  ${HIGH_WATER_MARK} AS horizon`,
          [],
        ),
      );
      const last = Number(row?.last ?? 0);
      if (last < Number(row?.horizon ?? 0)) return last;
      if (Date.now() >= deadline) return Number(row?.visible ?? 0);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** The name of change `index`'s CTE in a commit statement (a later change may refer to an earlier one). */
export function changeName(index: number): string {
  return `change_${index}`;
}

/**
 * The commit statement: each change as a CTE, and one INSERT appending, for every change that
 * returned a row, its event at the transaction's base position + the change's index. With a
 * presence probe (wake-presence.ts), each row also says (`heard`) whether to announce the write.
 * The benchmark's raw baseline sends this same text (with numbered placeholders).
 */
export function commitStatement(events: Table<EventRow>, changes: readonly Change[], probe: string | null = null): { sql: string; params: unknown[] } {
  const appended = events.without('sequence');
  if (changes.length === 1) {
    // Nearly every write: its text is remembered by its change's text (Table.text).
    const [change] = changes as [Change];
    const sql = events.text(change.sql, () => commitText(events, appended, changes, probe), probe === null ? '' : probe);
    return { sql, params: [...change.params, ...appendValues(appended, change.draft)] };
  }
  const params: unknown[] = [];
  for (const change of changes) params.push(...change.params);
  for (const change of changes) params.push(...appendValues(appended, change.draft));
  return { sql: commitText(events, appended, changes, probe), params };
}

/** The statement of commitStatement: each change as a CTE, then one INSERT of their events. */
function commitText(events: Table<EventRow>, appended: Table<AppendedRow>, changes: readonly Change[], probe: string | null): string {
  const sequence = events.column('sequence').name;
  const ctes = changes.map((change, index) => `${changeName(index)} AS (${change.sql})`);
  const selects = changes.map((_change, index) => `SELECT ${POSITION_BASE} + ${index}, ${appended.placeholders} FROM ${changeName(index)}`);
  return `WITH ${ctes.join(',\n')}
  INSERT INTO ${events.name} (${sequence}, ${appended.list})
  ${selects.join('\n UNION ALL ')}
  RETURNING ${sequence} AS sequence${probe === null ? '' : `, ${probe} AS heard`}`;
}

/** The NOTIFY a CommitNotifier sends: the channel and the position, as text. */
export function notifyStatement(position: number): { sql: string; params: unknown[] } {
  return { sql: 'SELECT pg_notify(?, ?)', params: [EVENTS_CHANNEL, String(position)] };
}

/** The values of the columns an append writes besides the position, from the draft. */
export function appendValues(appended: Table<AppendedRow>, draft: EventDraft): unknown[] {
  const row: AppendedRow = { type: draft.type, ...eventSubjects(draft), actorDid: draft.actorDid, occurredAt: draft.occurredAt, payload: draft };
  return appended.values(row);
}
