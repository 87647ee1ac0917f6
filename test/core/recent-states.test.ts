/**
 * A write may start from the state this process last read or wrote (recent-states.ts) instead of
 * reading it: one round trip instead of two. Only a write that lands may be answered from it —
 * the version it was conditional on proves the state was current — so every test here makes the
 * remembered state stale through a second AgentStack on the same store (another replica) and
 * checks that the rules judged the state that exists.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentStack, type Store } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { RecentStates } from '../../src/core/recent-states.js';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';

const OWNER = userDid('recent-owner');
const AGENT = agentDid('recent-a');
const AGENT_2 = agentDid('recent-b');
const as = (did: string) => ({ actorDid: did });

describe('RecentStates', () => {
  it('forgets the least recently used state first, and never goes back to an older version', () => {
    const recent = new RecentStates(2);
    recent.remember('a', { version: 1, updatedAt: 't1' });
    recent.remember('b', { version: 1, updatedAt: 't1' });
    expect(recent.recall('a')?.version).toBe(1); // a is now the most recent
    recent.remember('c', { version: 1, updatedAt: 't1' });
    expect([recent.recall('a')?.version, recent.recall('b'), recent.recall('c')?.version]).toEqual([1, undefined, 1]);
    recent.remember('a', { version: 3, updatedAt: 't3' });
    recent.remember('a', { version: 2, updatedAt: 't2' }); // a slower call's older read
    expect(recent.recall('a')?.version).toBe(3);
    recent.forget('a');
    expect(recent.recall('a')).toBeUndefined();
    expect(recent.size).toBe(1);
  });

  it('recalls only every 16th time while most recalled writes miss, and again always once they land', () => {
    const recent = new RecentStates();
    recent.remember('a', { version: 1, updatedAt: 't1' });
    for (let i = 0; i < 40; i++) recent.landed(false);
    expect(recent.hitRate).toBeLessThan(0.5);
    const recalled = Array.from({ length: 32 }, () => recent.recall('a')).filter((state) => state !== undefined);
    expect(recalled).toHaveLength(2);
    for (let i = 0; i < 40; i++) recent.landed(true);
    expect(Array.from({ length: 8 }, () => recent.recall('a')).every((state) => state !== undefined)).toBe(true);
  });

  it('remembers nothing with capacity 0', () => {
    const recent = new RecentStates(0);
    recent.remember('a', { version: 1, updatedAt: 't1' });
    expect(recent.recall('a')).toBeUndefined();
  });
});

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`writes from remembered states on ${target.name}`, () => {
    let opened: OpenedDatabase;
    let statements: string[];
    /** Two replicas: each AgentStack remembers on its own, both write the same store. */
    let here: AgentStack;
    let there: AgentStack;

    const replica = (store: Store, recentStates?: number) => new AgentStack({ store, ...(recentStates === undefined ? {} : { recentStates }) });

    beforeEach(async () => {
      statements = [];
      opened = await target.open({ label: 'recent', onQuery: (sql) => statements.push(sql) });
      here = replica(opened.store);
      there = replica(opened.store);
      await here.registerAgent({ did: AGENT, name: 'A', sourceApp: 'build' }, as(AGENT));
      await here.registerAgent({ did: AGENT_2, name: 'B', sourceApp: 'build' }, as(AGENT_2));
    });

    afterEach(async () => {
      await opened.close();
    });

    /** The statements `run` sends on the request path (a NOTIFY to other replicas follows off it). */
    async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
      const before = statements.length;
      await run();
      return statements.slice(before).filter((sql) => !/pg_notify/.test(sql));
    }

    async function runningTask(stack: AgentStack) {
      const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'remembered', assigneeDid: AGENT }, as(OWNER));
      return stack.updateTaskStatus(task.id, 'running', {}, as(AGENT));
    }

    it.runIf(target.name !== 'memory')('writes a task it wrote last in one statement, and reads first when it remembers nothing', async () => {
      const task = await runningTask(here);
      expect(await statementsOf(() => here.updateTaskStatus(task.id, 'running', { metadata: { step: 1 } }, as(AGENT)))).toHaveLength(1);
      // The other replica never saw it: it reads, then writes.
      expect(await statementsOf(() => there.updateTaskStatus(task.id, 'running', { metadata: { step: 2 } }, as(AGENT)))).toHaveLength(2);
      // Switched off: always read.
      const forgetful = replica(opened.store, 0);
      await forgetful.updateTaskStatus(task.id, 'running', { metadata: { step: 3 } }, as(AGENT));
      expect(await statementsOf(() => forgetful.updateTaskStatus(task.id, 'running', { metadata: { step: 4 } }, as(AGENT)))).toHaveLength(2);
    });

    it.runIf(target.name !== 'memory')('writes spread over two replicas in turn cost what they cost without remembering (misses stop recalls)', async () => {
      const task = await runningTask(here);
      const write = (i: number) => (i % 2 === 0 ? there : here).updateTaskStatus(task.id, 'running', { metadata: { i } }, as(AGENT));
      for (let i = 0; i < 48; i++) await write(i); // each recall misses: the other replica wrote last
      const sent = await statementsOf(async () => {
        for (let i = 48; i < 80; i++) await write(i);
      });
      // Read + write each; a probing recall (1 in 16 per replica) may add a missed UPDATE.
      expect(sent.length).toBeLessThanOrEqual(2 * 32 + 4);
      expect(await here.getTask(task.id, as(OWNER))).toMatchObject({ metadata: { i: 79 }, version: task.version + 80 });
    });

    it.runIf(target.name !== 'memory')('assigns to an agent it has seen registered without reading it again; an unknown agent is read, and refused, every time', async () => {
      const task = await here.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'assigned' }, as(OWNER));
      const agentReads = (sent: string[]) => sent.filter((sql) => /^SELECT/i.test(sql) && /"agents"/.test(sql)).length;
      // `there` saw neither the task nor AGENT_2: the task, the agent, then the write.
      expect(await statementsOf(() => there.assignTask(task.id, AGENT_2, as(OWNER)))).toHaveLength(3);
      // It wrote the task last, but has not seen AGENT registered: the agent, then the write.
      const toFirst = await statementsOf(() => there.assignTask(task.id, AGENT, as(OWNER)));
      expect([toFirst.length, agentReads(toFirst)]).toEqual([2, 1]);
      // Both known now: the write alone.
      expect(await statementsOf(() => there.assignTask(task.id, AGENT_2, as(OWNER)))).toHaveLength(1);
      // `here` registered both: its first assignment reads only the task.
      expect(agentReads(await statementsOf(() => here.assignTask(task.id, AGENT, as(OWNER))))).toBe(0);
      const nobody = agentDid('recent-nobody');
      for (let i = 0; i < 2; i++) {
        const sent: string[] = [];
        const before = statements.length;
        await expect(there.assignTask(task.id, nobody, as(OWNER))).rejects.toMatchObject({ code: 'NOT_FOUND' });
        sent.push(...statements.slice(before));
        expect(agentReads(sent)).toBeGreaterThanOrEqual(1);
      }
      expect(await here.getTask(task.id, as(OWNER))).toMatchObject({ assigneeDid: AGENT, version: task.version + 4 });
    });

    it('a stale state never decides: a transition legal from it but not from the stored state is CONFLICT', async () => {
      const task = await runningTask(here);
      await there.updateTaskStatus(task.id, 'complete', {}, as(AGENT)); // here still remembers running
      await expect(here.updateTaskStatus(task.id, 'blocked', {}, as(AGENT))).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await here.getTask(task.id, as(OWNER))).toMatchObject({ status: 'complete', version: task.version + 1 });
    });

    it('a stale state never authorizes: the former assignee is FORBIDDEN once the task moved to another agent', async () => {
      const task = await here.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'moved', assigneeDid: AGENT }, as(OWNER));
      await there.assignTask(task.id, AGENT_2, as(OWNER)); // here remembers AGENT as the assignee
      await expect(here.updateTaskStatus(task.id, 'running', {}, as(AGENT))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await here.getTask(task.id, as(OWNER))).toMatchObject({ assigneeDid: AGENT_2, status: 'queued', version: 2 });
    });

    it('a stale state never refuses: what the stored state allows is done, derived from the stored state', async () => {
      const task = await here.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'returned' }, as(OWNER));
      // here remembers it unassigned: by that state AGENT may not touch it.
      await there.assignTask(task.id, AGENT, as(OWNER));
      await there.updateTaskStatus(task.id, 'running', { metadata: { there: true } }, as(AGENT));
      const updated = await here.updateTaskStatus(task.id, 'running', { metadata: { here: true } }, as(AGENT));
      expect(updated).toMatchObject({ status: 'running', metadata: { there: true, here: true }, version: 4 });
      expect(await there.getTask(task.id, as(OWNER))).toEqual(updated);
    });

    it('an expected version is checked against the stored state, not the remembered one', async () => {
      const task = await runningTask(here);
      const moved = await there.updateTaskStatus(task.id, 'blocked', {}, as(AGENT));
      // here remembers task.version; the caller knows better.
      const back = await here.updateTaskStatus(task.id, 'running', {}, { ...as(AGENT), expectedVersion: moved.version });
      expect(back).toMatchObject({ status: 'running', version: moved.version + 1 });
      await expect(here.updateTaskStatus(task.id, 'blocked', {}, { ...as(AGENT), expectedVersion: task.version })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: new RegExp(`at version ${back.version}, not the expected version ${task.version}`),
      });
    });

    it('"already so" is never answered from a stale state', async () => {
      const task = await here.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'reassigned', assigneeDid: AGENT }, as(OWNER));
      await there.assignTask(task.id, AGENT_2, as(OWNER));
      // here remembers it queued for AGENT: assigning AGENT looks like nothing to do, but it is AGENT_2's.
      const back = await here.assignTask(task.id, AGENT, as(OWNER));
      expect(back).toMatchObject({ assigneeDid: AGENT, status: 'queued', version: 3 });
      expect(await there.getTask(task.id, as(OWNER))).toEqual(back);
    });

    it('agent profiles: a re-registration keeps what another replica stored meanwhile', async () => {
      await there.registerAgent({ did: AGENT, name: 'A', sourceApp: 'build', taskEndpoint: 'https://a.example/tasks' }, as(AGENT));
      // here registered AGENT last without an endpoint; an omitted field keeps the stored value.
      const again = await here.registerAgent({ did: AGENT, name: 'A again', sourceApp: 'build' }, as(AGENT));
      expect(again).toMatchObject({ name: 'A again', taskEndpoint: 'https://a.example/tasks', version: 3 });
    });
  });
}
