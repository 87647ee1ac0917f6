/**
 * Appends run in parallel, and readers still never see a gap (src/store/event-log.ts).
 *
 * An event's position is its transaction id × 1,024 + its index, and reads stop at the oldest
 * transaction still running. So a writer that started earlier but commits later gets a *smaller*
 * position than one that already committed; the newer event must stay invisible until the older
 * transaction has ended, then both appear in position order. And since no lock is held across
 * round trips, the newer write must not wait for the older one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { AgentStack } from '../../src/core/index.js';
import { userDid } from '../../src/core/did.js';
import { OPEN_POLICY } from '../../src/core/policy.js';
import { newTask } from '../../src/core/task.js';
import { commitStatement } from '../../src/store/event-log.js';
import { numberedPlaceholders } from '../../src/store/sql.js';
import { tablesIn } from '../../src/store/tables.js';
import { openPostgresInFreshSchema } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(runsOn('postgres'))('parallel appends on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openPostgresInFreshSchema>>;
  let older: pg.Client;

  beforeAll(async () => {
    db = await openPostgresInFreshSchema('parallel', { poolSize: 4 });
    older = new pg.Client({ connectionString: db.connectionString });
    await older.connect();
  });

  afterAll(async () => {
    await older?.query('ROLLBACK').catch(() => {});
    await older?.end();
    await db?.close();
  });

  /** The store's own commit statement for a new task, sent on `client` (inside its open transaction). */
  async function appendTaskOn(client: pg.Client, title: string): Promise<number> {
    const tables = tablesIn(db.schema);
    const at = new Date().toISOString();
    const task = newTask({ id: `task_${title}`, ownerDid: userDid('older'), sourceApp: 'x', title, createdAt: at });
    const { sql, params } = commitStatement(tables.events, [
      {
        sql: `INSERT INTO ${tables.tasks.name} (${tables.tasks.list}) VALUES (${tables.tasks.placeholders}) RETURNING 1`,
        params: tables.tasks.values({ ...task, idempotencyKey: null, idempotencyFingerprint: null }),
        draft: { type: 'task.created', occurredAt: at, actorDid: null, task, previousStatus: null },
      },
    ]);
    const { rows } = await client.query<{ sequence: string }>(numberedPlaceholders(sql), params);
    return Number(rows[0]!.sequence);
  }

  it('a newer commit waits for no one, stays unread while an older transaction runs, then both appear in position order', async () => {
    const stack = new AgentStack({ store: db.store, policy: OPEN_POLICY });
    const task = await stack.createTask({ ownerDid: userDid('newer'), sourceApp: 'x', title: 'before' });
    const cursor = await stack.lastEventSequence();

    // The older writer: a transaction with an id, holding an appended event, not committed.
    await older.query('BEGIN');
    const olderPosition = await appendTaskOn(older, 'older');

    // The newer write neither waits for it (no lock across round trips)...
    const newer = await Promise.race([
      stack.updateTaskStatus(task.id, 'cancelled'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the newer write waited for the older transaction')), 5_000)),
    ]);
    expect(newer.status).toBe('cancelled');
    // ...nor is it read yet: a reader passing it now would miss the older event for good.
    expect(await db.store.readEvents(cursor, 10)).toEqual([]);
    expect(await stack.lastEventSequence()).toBe(cursor);
    expect((await stack.listEvents(null, { after: cursor })).items).toEqual([]);

    await older.query('COMMIT');
    // Other test files write to the same cluster meanwhile: their transactions hold the mark back for a moment too.
    const events = await waitFor('both events', async () => {
      const read = await db.store.readEvents(cursor, 10);
      return read.length >= 2 ? read : null;
    });
    expect(events.map((event) => event.type)).toEqual(['task.created', 'task.updated']);
    expect(events[0]!.sequence).toBe(olderPosition);
    expect(events[0]!.sequence).toBeLessThan(events[1]!.sequence);
    expect(await stack.lastEventSequence()).toBe(events[1]!.sequence);
  });

  it('a rolled-back older transaction holds readers back only while it runs', async () => {
    const stack = new AgentStack({ store: db.store, policy: OPEN_POLICY });
    const cursor = await stack.lastEventSequence();
    await older.query('BEGIN');
    await appendTaskOn(older, 'rolled-back');
    const task = await stack.createTask({ ownerDid: userDid('newer'), sourceApp: 'x', title: 'meanwhile' });
    expect(await db.store.readEvents(cursor, 10)).toEqual([]);
    await older.query('ROLLBACK');
    const events = await waitFor('the newer event', async () => {
      const read = await db.store.readEvents(cursor, 10);
      return read.length >= 1 ? read : null;
    });
    expect(events.map((event) => [event.type, event.type === 'task.created' ? event.task.id : null])).toEqual([['task.created', task.id]]);
  });
});
