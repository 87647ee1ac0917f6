/**
 * A write is its state change and its event, both or neither. A trigger planted in the test
 * database makes the event append fail (it runs after the state statement, inside the same
 * transaction); the state change must roll back with it. Runs on the embedded database and,
 * with DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack, type Store } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import type { Database } from '../../src/store/index.js';
import { openEmbeddedInMemory, openPostgresInFreshSchema, withClient } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

const SABOTEUR = userDid('saboteur');
const OWNER = userDid('alice');
const AGENT = agentDid('builder');

async function plantFailingAppend(db: Database, schema: string): Promise<void> {
  await withClient(db.connectionString, async (client) => {
    await client.query(`
      CREATE FUNCTION "${schema}".refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'event append refused by the test'; END $$`);
    await client.query(`
      CREATE TRIGGER refuse_event BEFORE INSERT ON "${schema}".events FOR EACH ROW
      WHEN (NEW.actor_did = '${SABOTEUR}') EXECUTE FUNCTION "${schema}".refuse_event()`);
  });
}

function atomicitySuite(name: string, open: () => Promise<{ db: Database; schema: string }>) {
  describe(`atomic writes on ${name}`, () => {
    let db: Database;
    let store: Store;
    let stack: AgentStack;
    const sabotaged = { actorDid: SABOTEUR };

    beforeAll(async () => {
      const opened = await open();
      db = opened.db;
      store = db.store;
      await plantFailingAppend(db, opened.schema);
      stack = new AgentStack({ store, policy: OPEN_POLICY });
      await stack.registerAgent({ did: AGENT, name: 'Builder', sourceApp: 'build' });
    });

    afterAll(async () => {
      await db?.close();
    });

    async function expectNothingWritten(run: () => Promise<unknown>) {
      const before = await stack.snapshot();
      await expect(run()).rejects.toThrow(/event append refused/);
      expect(await stack.snapshot()).toEqual(before);
      expect(await store.lastEventSequence()).toBe(before.lastEventSequence);
    }

    it('a task whose created event fails is not stored', async () => {
      await expectNothingWritten(() => stack.createTask({ ownerDid: OWNER, sourceApp: 'a', title: 't' }, sabotaged));
      await expectNothingWritten(() =>
        stack.createTask({ ownerDid: OWNER, sourceApp: 'a', title: 't', idempotencyKey: 'k' }, sabotaged),
      );
      // …and the idempotency key was not consumed either.
      const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'a', title: 'other', idempotencyKey: 'k' });
      expect(task.title).toBe('other');
    });

    it('a status change whose event fails leaves the task as it was', async () => {
      const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'a', title: 't', assigneeDid: AGENT });
      await expectNothingWritten(() => stack.updateTaskStatus(task.id, 'running', {}, sabotaged));
      await expectNothingWritten(() => stack.updateTaskStatus(task.id, 'cancelled', { metadata: { why: 'x' } }, sabotaged));
      expect(await stack.getTask(task.id)).toEqual(task);
    });

    it('an agent registration and a grant whose events fail are not stored', async () => {
      await expectNothingWritten(() => stack.registerAgent({ did: agentDid('ghost'), name: 'G', sourceApp: 'x' }, sabotaged));
      expect(await stack.getAgent(agentDid('ghost'))).toBeNull();
      await expectNothingWritten(() => stack.registerAgent({ did: AGENT, name: 'Renamed', sourceApp: 'x' }, sabotaged));
      await expectNothingWritten(() => stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:read'] }, sabotaged));
    });

    it('a revocation whose event fails leaves the grant active', async () => {
      const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:read'] });
      await expectNothingWritten(() => stack.revokeDelegation(grant.id, sabotaged));
      expect((await stack.getDelegation(grant.id))!.revokedAt).toBeNull();
    });

    it('a state statement that fails writes no event (duplicate id, unknown parent grant)', async () => {
      const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'a', title: 't' });
      const before = await store.lastEventSequence();
      const draft = { type: 'task.created' as const, occurredAt: task.createdAt, actorDid: null, task, previousStatus: null };
      await expect(store.insertTask(task, draft, null)).rejects.toThrow();
      const orphan = {
        id: 'grant_orphan',
        ownerDid: OWNER,
        agentDid: AGENT,
        grantorDid: OWNER,
        scopes: ['x'],
        expiresAt: null,
        createdAt: task.createdAt,
        revokedAt: null,
        parentGrantId: 'grant_missing',
      };
      await expect(
        store.insertGrant(orphan, { type: 'delegation.granted', occurredAt: task.createdAt, actorDid: null, grant: orphan }),
      ).rejects.toThrow();
      expect(await store.getGrants(['grant_orphan'])).toEqual([null]);
      expect(await store.lastEventSequence()).toBe(before);
    });
  });
}

describe.runIf(runsOn('embedded'))('the embedded database', () => {
  atomicitySuite('the embedded database', async () => ({ db: await openEmbeddedInMemory(), schema: 'public' }));
});

describe.runIf(runsOn('postgres'))('PostgreSQL (DATABASE_URL)', () => {
  atomicitySuite('PostgreSQL', async () => {
    const db = await openPostgresInFreshSchema('atomic');
    return { db, schema: db.schema };
  });
});
