/**
 * What the contract suite does not pin down but a durable store must get right: values
 * round-trip exactly, keyset order equals the in-memory store's string order, batch reads
 * are one statement, and concurrent statements on different pool connections never mix.
 * On the embedded database and, with DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack, type AgentProfile, type PageQuery, type Task, type TaskKeyset, type Store } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { newTask } from '../../src/core/task.js';
import type { Database } from '../../src/store/index.js';
import { openEmbeddedInMemory, openPostgresInFreshSchema } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

const OWNER = userDid('alice');

function task(id: string, overrides: Partial<Task> = {}): Task {
  return newTask({ id, ownerDid: OWNER, sourceApp: 'details', title: `title of ${id}`, createdAt: '2026-03-01T10:00:00.000Z', ...overrides });
}

async function insert(store: Store, value: Task): Promise<void> {
  const draft = { type: 'task.created' as const, occurredAt: value.createdAt, actorDid: null, task: value, previousStatus: null };
  const result = await store.insertTask(value, draft, null);
  expect(result.created).toBe(true);
}

function detailsSuite(name: string, open: (onQuery: (sql: string) => void) => Promise<Database>) {
  describe(`store details on ${name}`, () => {
    let db: Database;
    let store: Store;
    let statements: string[] = [];

    beforeAll(async () => {
      // Not the NOTIFYs earlier writes send in the background (commit-notifier.ts): wake-ups, not the store's statements.
      db = await open((sql) => void (/pg_notify/.test(sql) || statements.push(sql)));
      store = db.store;
    });

    afterAll(async () => {
      await db?.close();
    });

    it('round-trips awkward values exactly', async () => {
      const awkward = task('task_awkward', {
        title: `quotes ' " \\ backslash, ? and $1 and :name, emoji 🧪, accents éü, tab\tnewline\n`,
        description: "E'\\x00' is not a byte here; -- nor a comment; /* nor this */",
        metadata: { nested: { deep: [1, 2.5, -0.125, true, null, 'x'], 'key with spaces': '?' }, big: 9007199254740991, '': 'empty key' },
        published: true,
        publishedAt: '2026-03-01T10:00:00.120Z',
        gigId: 'gig_1',
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T23:59:59.999Z',
      });
      await insert(store, awkward);
      expect(await store.getTasks(['task_awkward'])).toEqual([awkward]);
      const [event] = await store.readEvents(0, 10, { taskId: 'task_awkward' });
      expect(event).toMatchObject({ type: 'task.created', task: awkward });

      const agent: AgentProfile = {
        did: agentDid('awkward'),
        ownerDid: userDid('awkward-owner'),
        name: "O'Brien \\ \"the\" agent",
        sourceApp: 'details',
        supportedProtocols: ['a2a', 'mcp', 'with space', '"quoted"', 'back\\slash'],
        inboxUrl: 'https://example.org/inbox?x=1&y=%20',
        taskEndpoint: null,
        reputationScore: 0.1 + 0.2,
        metadata: { list: [] },
        version: 1,
        createdAt: '1999-12-31T23:59:59.001Z',
        updatedAt: '2026-03-01T10:00:00.010Z',
      };
      await store.saveAgent(agent, 0, { type: 'agent.registered', occurredAt: agent.updatedAt, actorDid: null, agent });
      expect(await store.getAgents([agent.did])).toEqual([agent]);
      const filtered = await store.listAgents({ supportedProtocol: '"quoted"' }, forward(10, null));
      expect(filtered.items).toEqual([agent]);
      expect(await store.listAgents({ supportedProtocol: 'back\\slash' }, forward(10, null))).toMatchObject({ items: [agent] });
    });

    it('orders keyset pages exactly like the in-memory store (byte order of ids, then time)', async () => {
      const memory = new MemoryStore();
      const ids = ['task_b', 'task_B', 'task_a', 'task_Z', 'task__', 'task_-', 'task_é', 'task_1', 'task_10', 'task_9'];
      const times = ['2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.001Z'];
      const all = ids.flatMap((id) => times.map((createdAt) => task(`${id}${createdAt.slice(-5, -1)}`, { createdAt, updatedAt: createdAt, sourceApp: 'order' })));
      for (const value of all) {
        await insert(store, value);
        await insert(memory, value);
      }
      const pages = async (s: Store) => {
        const seen: string[] = [];
        let after: TaskKeyset | null = null;
        for (let i = 0; i < 50; i++) {
          const page = await s.listTasks({ sourceApp: 'order' }, forward(3, after));
          seen.push(...page.items.map((t) => t.id));
          if (!page.more) break;
          const last = page.items[page.items.length - 1]!;
          after = { createdAt: last.createdAt, id: last.id };
        }
        return seen;
      };
      const expected = await pages(memory);
      expect(expected).toHaveLength(all.length);
      expect(await pages(store)).toEqual(expected);
      // And backwards, from the end: the same order, read in pages of 3 from the last.
      const backwards = async (s: Store) => {
        const seen: string[] = [];
        let before: TaskKeyset | null = null;
        for (let i = 0; i < 50; i++) {
          const page = await s.listTasks({ sourceApp: 'order' }, { limit: 3, after: null, before, take: 'last' });
          seen.unshift(...page.items.map((t) => t.id));
          if (!page.more) break;
          const first = page.items[0]!;
          before = { createdAt: first.createdAt, id: first.id };
        }
        return seen;
      };
      expect(await backwards(memory)).toEqual(expected);
      expect(await backwards(store)).toEqual(expected);

      const agentsIn = async (s: Store) => {
        const dids = ['Zed', 'alpha', 'Alpha', 'beta_2', 'beta-2', 'beta2'].map((n) => agentDid(n));
        for (const did of dids) {
          const agent: AgentProfile = {
            did, ownerDid: null, name: did, sourceApp: 'order', supportedProtocols: [], inboxUrl: null, taskEndpoint: null,
            reputationScore: null, metadata: {}, version: 1, createdAt: times[0]!, updatedAt: times[0]!,
          };
          await s.saveAgent(agent, 0, { type: 'agent.registered', occurredAt: times[0]!, actorDid: null, agent });
        }
        const first = await s.listAgents({ sourceApp: 'order' }, forward(4, null));
        const rest = await s.listAgents({ sourceApp: 'order' }, forward(4, first.items[3]!.did));
        return [...first.items, ...rest.items].map((a) => a.did);
      };
      expect(await agentsIn(store)).toEqual(await agentsIn(memory));
    });

    it('answers a batch read with one statement, in the order asked, null for unknown', async () => {
      await insert(store, task('task_batch_1'));
      await insert(store, task('task_batch_2'));
      statements = [];
      const answer = await store.getTasks(['task_batch_2', 'task_nope', 'task_batch_1', 'task_batch_2']);
      expect(answer.map((t) => t?.id ?? null)).toEqual(['task_batch_2', null, 'task_batch_1', 'task_batch_2']);
      expect(answer[0]).not.toBe(answer[3]); // copies, not one shared object
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/select/i);
    });

    it('a conditional update with a stale version writes nothing and answers null', async () => {
      const base = task('task_cas');
      await insert(store, base);
      const next = { ...base, status: 'cancelled' as const, version: 2 };
      const draft = { type: 'task.updated' as const, occurredAt: base.createdAt, actorDid: null, task: next, previousStatus: 'pending' as const };
      const before = await store.lastEventSequence();
      expect(await store.updateTask(next, 7, draft)).toBeNull();
      expect(await store.lastEventSequence()).toBe(before);
      const written = await store.updateTask(next, 1, draft);
      expect(written).toMatchObject({ task: next });
      expect(written!.sequence).toBeGreaterThan(before);
      expect(await store.lastEventSequence()).toBe(written!.sequence);
      expect(await store.updateTask(next, 1, draft)).toBeNull();
      expect(await store.lastEventSequence()).toBe(written!.sequence);
    });

    it('keeps 300 concurrent reads and writes on different connections apart', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => `task_mix_${i}`);
      for (const id of ids) await insert(store, task(id, { title: id, sourceApp: `mix_${id}` }));
      const checks = Array.from({ length: 300 }, async (_, i) => {
        const id = ids[i % ids.length]!;
        if (i % 3 === 0) {
          const [found] = await store.getTasks([id]);
          expect(found?.title).toBe(id);
        } else if (i % 3 === 1) {
          const page = await store.listTasks({ sourceApp: `mix_${id}` }, forward(5, null));
          expect(page.items.map((t) => t.title)).toEqual([id]);
        } else {
          // A write transaction in between: its statements must not trade places with the reads'.
          await insert(store, task(`task_mix_write_${i}`, { sourceApp: 'mix_writes' }));
        }
      });
      await Promise.all(checks);
      expect((await store.listTasks({ sourceApp: 'mix_writes' }, forward(500, null))).items).toHaveLength(100);
    });

    it('identical reads racing with write transactions never answer for one another', async () => {
      // The pattern that once broke the embedded database: its socket server interleaved the
      // Parse/Bind/Execute messages of identical parameterized reads from several
      // connections ("portal does not exist", or one caller getting another's rows).
      const stack = new AgentStack({ store, policy: OPEN_POLICY });
      const claimers = Array.from({ length: 8 }, (_, i) => agentDid(`claimer_${i}`));
      for (const did of claimers) await stack.registerAgent({ did, name: did, sourceApp: 'race' });
      for (let round = 0; round < 5; round++) {
        const { id } = await stack.createTask({ ownerDid: OWNER, sourceApp: 'race', title: `round ${round}` });
        await stack.publishTask(id);
        const results = await Promise.allSettled(claimers.map((did) => stack.claimTask(id, did)));
        const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string; message: string })] : []));
        expect(failures.filter((e) => e.code !== 'CONFLICT').map((e) => e.message)).toEqual([]);
        expect(failures).toHaveLength(claimers.length - 1);
      }
    });
  });
}

describe.runIf(runsOn('embedded'))('the embedded database', () => {
  detailsSuite('the embedded database', (onQuery) => openEmbeddedInMemory({ onQuery }));
});

describe.runIf(runsOn('postgres'))('PostgreSQL (DATABASE_URL)', () => {
  detailsSuite('PostgreSQL', (onQuery) => openPostgresInFreshSchema('details', { onQuery }));
});

/** A forward page query (what the core makes of `first`/`after`). */
function forward<Key>(limit: number, after: NoInfer<Key> | null): PageQuery<Key> {
  return { limit, after, before: null, take: 'first' };
}
