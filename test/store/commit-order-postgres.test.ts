/**
 * Event order is commit order, on a real server with many writers at once.
 *
 * A reader that polls `readEvents(lastSeen)` and moves its cursor to the last sequence it
 * got must never be handed a sequence at or below that cursor later: otherwise it would have
 * skipped an event for good. To make a late commit likely if the store allowed one, a
 * trigger planted in the test schema sleeps a random few milliseconds after each event row
 * is inserted, i.e. between drawing the sequence and committing: exactly the window in
 * which an unserialized log would let a later sequence commit first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { openDatabase, type Database } from '../../src/store/index.js';
import { openPostgresInFreshSchema, POSTGRES_URL, withClient } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

const WRITERS = 8;
const WRITES_PER_WRITER = 40;

describe.runIf(runsOn('postgres'))('commit-ordered event log on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openPostgresInFreshSchema>>;
  let reader: Database;

  beforeAll(async () => {
    db = await openPostgresInFreshSchema('order', { poolSize: WRITERS + 2 });
    reader = await openDatabase({ databaseUrl: POSTGRES_URL, schema: db.schema, migrate: false, poolSize: 1 });
    await withClient(db.connectionString, async (client) => {
      await client.query(`
        CREATE FUNCTION "${db.schema}".stall_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_sleep(random() * 0.004); RETURN NULL; END $$`);
      await client.query(`
        CREATE TRIGGER stall_commit AFTER INSERT ON "${db.schema}".events
        FOR EACH ROW EXECUTE FUNCTION "${db.schema}".stall_commit()`);
    });
  });

  afterAll(async () => {
    await reader?.close();
    await db?.close();
  });

  it('a polling reader sees every event exactly once, in increasing sequence, never behind its cursor', async () => {
    const stack = new AgentStack({ store: db.store, policy: OPEN_POLICY });
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < WRITES_PER_WRITER; i++) {
        if (i % 4 === 0) await stack.registerAgent({ did: agentDid(`w${w}-${i}`), name: `w${w}`, sourceApp: 'load' });
        else await stack.createTask({ ownerDid: userDid(`owner${w}`), sourceApp: 'load', title: `t${i}` });
      }
    });
    let writing = true;
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });

    const seen: number[] = [];
    const behindCursor: { cursor: number; got: number }[] = [];
    let cursor = 0;
    // Bounded: stops once the writers are done and a read comes back empty.
    for (let polls = 0; polls < 100_000; polls++) {
      const stillWriting = writing;
      const batch = await reader.store.readEvents(cursor, 50);
      for (const event of batch) {
        if (event.sequence <= cursor) behindCursor.push({ cursor, got: event.sequence });
        seen.push(event.sequence);
        cursor = Math.max(cursor, event.sequence);
      }
      if (!stillWriting && batch.length === 0) break;
    }
    await done;

    expect(behindCursor).toEqual([]);
    const committed = await withClient(db.connectionString, async (client) => {
      const result = await client.query<{ sequence: string }>(`SELECT sequence FROM "${db.schema}".events ORDER BY sequence`);
      return result.rows.map((row) => Number(row.sequence));
    });
    expect(committed).toHaveLength(WRITERS * WRITES_PER_WRITER);
    expect(seen).toEqual(committed); // each exactly once, ascending, none skipped
  });
});
