import type { Knex, AbstractSqlConnection } from '@mikro-orm/postgresql';
import { eventSubjects, type AgentStackEvent, type EventDraft, type EventFilter } from '../core/events.js';
import { Conditions, hash32, runSql, textArray } from './sql.js';
import type { Tables } from './tables.js';

/** Every committed append is announced here with its sequence (as text) as the payload. */
export const STORE_EVENTS_CHANNEL = 'agentstack_events';

/** The first half of the append lock's key: "AGST". The second half tells event logs (schemas) apart. */
const APPEND_LOCK_CLASS = 0x41475354;

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
  private readonly lockKey: number;

  constructor(
    private readonly connection: AbstractSqlConnection,
    private readonly tables: Tables,
  ) {
    this.lockKey = hash32(tables.events);
  }

  /**
   * Appends the event inside `trx`, as its last statement. Lock, insert and notify are one
   * statement: the INSERT reads its single row from the lock's CTE, so the lock is taken
   * before `nextval` runs, and the notification (delivered on commit) carries the sequence.
   */
  async append(trx: Knex.Transaction, draft: EventDraft): Promise<AgentStackEvent> {
    const [row] = await runSql<{ sequence: string }>(
      this.connection,
      `WITH append_lock AS (SELECT pg_advisory_xact_lock(?, ?)),
            appended AS (
              INSERT INTO ${this.tables.events}
                (type, task_id, owner_did, assignee_did, agent_did, grant_id, actor_did, occurred_at, payload)
              SELECT ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb FROM append_lock
              RETURNING sequence
            )
       SELECT sequence, pg_notify(?, sequence::text) FROM appended`,
      appendParameters(this.lockKey, draft),
      trx,
    );
    if (!row) throw new Error('The event log did not return the appended sequence');
    return { ...draft, sequence: Number(row.sequence) } as AgentStackEvent;
  }

  async read(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    if (limit <= 0) return [];
    const conditions = new Conditions().add('sequence > ?', after);
    if (filter?.types && filter.types.length > 0) conditions.add('type = ANY(?::text[])', textArray(filter.types));
    // The subject columns hold eventSubjects(draft), the same function eventMatches reads.
    conditions
      .equal('task_id', filter?.taskId)
      .equal('owner_did', filter?.ownerDid)
      .equal('assignee_did', filter?.assigneeDid)
      .equal('agent_did', filter?.agentDid);
    const rows = await runSql<{ sequence: string; payload: EventDraft }>(
      this.connection,
      `SELECT sequence, payload FROM ${this.tables.events}
        ${conditions.where} ORDER BY sequence LIMIT ?`,
      [...conditions.params, limit],
    );
    return rows.map((row) => ({ ...row.payload, sequence: Number(row.sequence) }) as AgentStackEvent);
  }

  async lastSequence(): Promise<number> {
    const [row] = await runSql<{ last: string | null }>(this.connection, `SELECT max(sequence) AS last FROM ${this.tables.events}`, []);
    return Number(row?.last ?? 0);
  }
}

/**
 * The parameters of the append statement, in order: lock key, event columns, payload, channel.
 * Exported for the benchmark's raw-SQL baseline, so both send exactly the same values.
 */
export function appendParameters(lockKey: number, draft: EventDraft): unknown[] {
  const subjects = eventSubjects(draft);
  return [
    APPEND_LOCK_CLASS,
    lockKey,
    draft.type,
    subjects.taskId,
    subjects.ownerDid,
    subjects.assigneeDid,
    subjects.agentDid,
    subjects.grantId,
    draft.actorDid,
    draft.occurredAt,
    JSON.stringify(draft),
    STORE_EVENTS_CHANNEL,
  ];
}
