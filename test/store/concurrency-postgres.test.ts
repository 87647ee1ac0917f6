/**
 * Races on a real PostgreSQL server, through AgentStack (PGlite is one session and
 * would serialize them away). Each test runs in a fresh schema with a pool of 10.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentStack, type AgentStackEvent, type Task, type TaskEventDraft, type TaskStatus } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { canTransition } from '../../src/core/lifecycle.js';
import { openPostgresInFreshSchema } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

const OWNER = userDid('alice');
const AGENT = agentDid('builder');

type Db = Awaited<ReturnType<typeof openPostgresInFreshSchema>>;

function codeOf(result: PromiseSettledResult<unknown>): string | undefined {
  return result.status === 'rejected' ? (result.reason as { code?: string }).code : undefined;
}

async function taskEvents(stack: AgentStack, taskId: string): Promise<(AgentStackEvent & TaskEventDraft)[]> {
  return (await stack.listEvents({ taskId }, { after: 0, first: 500 })).items as (AgentStackEvent & TaskEventDraft)[];
}

describe.runIf(runsOn('postgres'))('concurrency on PostgreSQL', () => {
  let db: Db;
  let stack: AgentStack;

  beforeEach(async () => {
    db = await openPostgresInFreshSchema('race', { poolSize: 10 });
    stack = new AgentStack({ store: db.store, policy: OPEN_POLICY });
    await stack.registerAgent({ did: AGENT, name: 'Builder', sourceApp: 'build' });
  });

  afterEach(async () => {
    await db.close();
  });

  async function runningTask(): Promise<Task> {
    const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'race', assigneeDid: AGENT });
    return stack.updateTaskStatus(task.id, 'running'); // version 2
  }

  it('50 parallel transitions of one running task: the successes form one legal path, one event each', async () => {
    const task = await runningTask();
    const targets: TaskStatus[] = ['complete', 'failed', 'cancelled', 'blocked'];
    const requests = Array.from({ length: 50 }, (_, i) => targets[i % targets.length]!);
    const results = await Promise.allSettled(requests.map((to) => stack.updateTaskStatus(task.id, to)));

    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    for (const result of results) if (result.status === 'rejected') expect(codeOf(result)).toBe('CONFLICT');
    expect(succeeded).toBeGreaterThanOrEqual(1);

    // One event per success, chained: each starts where the previous one ended, each legal.
    const changes = (await taskEvents(stack, task.id)).filter((e) => e.task.version > task.version);
    expect(changes).toHaveLength(succeeded);
    let status = task.status;
    changes.forEach((event, i) => {
      expect(event.previousStatus).toBe(status);
      expect(canTransition(status, event.task.status)).toBe(true);
      expect(event.task.version).toBe(task.version + i + 1);
      status = event.task.status;
    });
    const final = (await stack.getTask(task.id))!;
    expect(final.status).toBe(status);
    expect(final.version).toBe(task.version + succeeded);
    // Terminal requests were in the race, so the task ended final: exactly one of them won.
    expect(['complete', 'failed', 'cancelled']).toContain(final.status);
    expect(changes.filter((e) => ['complete', 'failed', 'cancelled'].includes(e.task.status))).toHaveLength(1);
  });

  it('50 parallel transitions pinned to one version: exactly one wins, 49 CONFLICT, one event', async () => {
    const task = await runningTask();
    const targets: TaskStatus[] = ['complete', 'failed', 'cancelled', 'blocked'];
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        stack.updateTaskStatus(task.id, targets[i % 4]!, {}, { expectedVersion: task.version }),
      ),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Task> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(49);
    const final = (await stack.getTask(task.id))!;
    expect(final).toEqual(won[0]!.value);
    expect(final.version).toBe(task.version + 1);
    expect((await taskEvents(stack, task.id)).filter((e) => e.task.version > task.version)).toHaveLength(1);
  });

  it('concurrent claims by 20 agents: exactly one wins, one task.assigned event', async () => {
    const agents = Array.from({ length: 20 }, (_, i) => agentDid(`claimer${i}`));
    for (const did of agents) await stack.registerAgent({ did, name: did, sourceApp: 'qa' });
    const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'gig' });
    await stack.publishTask(task.id, 'gig_1');
    const results = await Promise.allSettled(agents.map((did) => stack.claimTask(task.id, did)));
    const won = results.filter((r): r is PromiseFulfilledResult<Task> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(19);
    expect(await stack.getTask(task.id)).toEqual(won[0]!.value);
    expect((await taskEvents(stack, task.id)).filter((e) => e.type === 'task.assigned')).toHaveLength(1);
  });

  it('concurrent assignments to different agents: every success is a legal reassignment, one event each', async () => {
    const agents = Array.from({ length: 10 }, (_, i) => agentDid(`worker${i}`));
    for (const did of agents) await stack.registerAgent({ did, name: did, sourceApp: 'qa' });
    const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'assign me' });
    const results = await Promise.allSettled(agents.map((did) => stack.assignTask(task.id, did)));
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    expect(succeeded).toBe(agents.length); // pending → queued, then queued → queued (reassign) is legal
    const assigned = (await taskEvents(stack, task.id)).filter((e) => e.type === 'task.assigned');
    expect(assigned).toHaveLength(succeeded);
    expect(assigned.map((e) => e.task.version)).toEqual(assigned.map((_, i) => 2 + i));
    expect((await stack.getTask(task.id))!.version).toBe(1 + succeeded);
  });

  it('an expectedVersion that is already stale is CONFLICT and changes nothing', async () => {
    const task = await runningTask();
    await stack.updateTaskStatus(task.id, 'blocked');
    const before = await stack.lastEventSequence();
    await expect(stack.updateTaskStatus(task.id, 'running', {}, { expectedVersion: task.version })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await stack.getTask(task.id))!.status).toBe('blocked');
    expect(await stack.lastEventSequence()).toBe(before);
  });

  describe('idempotent create', () => {
    const input = { ownerDid: OWNER, sourceApp: 'ugig', title: 'once', idempotencyKey: 'order-42' };

    it('a retry returns the same task and writes no second event', async () => {
      const first = await stack.createTask(input);
      const before = await stack.lastEventSequence();
      expect(await stack.createTask(input)).toEqual(first);
      expect(await stack.lastEventSequence()).toBe(before);
    });

    it('the same key with a different payload is CONFLICT', async () => {
      await stack.createTask(input);
      await expect(stack.createTask({ ...input, title: 'twice' })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('30 concurrent creates with one key make one task and one event; all answer that task', async () => {
      const results = await Promise.all(Array.from({ length: 30 }, () => stack.createTask(input)));
      expect(new Set(results.map((task) => task.id)).size).toBe(1);
      expect((await stack.listTasks({ ownerDid: OWNER })).items).toHaveLength(1);
      expect((await stack.listEvents({ types: ['task.created'] }, { after: 0, first: 500 })).items).toHaveLength(1);
    });

    it('concurrent creates with one key and different payloads: one wins, the others CONFLICT', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => stack.createTask({ ...input, title: `variant ${i}` })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(19);
      expect((await stack.listEvents({ types: ['task.created'] }, { after: 0, first: 500 })).items).toHaveLength(1);
    });
  });

  it('concurrent revocations of one grant: exactly one wins, one event', async () => {
    const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:write'] });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => stack.revokeDelegation(grant.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(19);
    expect((await stack.listEvents({ types: ['delegation.revoked'] }, { after: 0, first: 500 })).items).toHaveLength(1);
  });

  it('concurrent re-registrations of one agent keep its createdAt; one event each', async () => {
    const before = await stack.getAgent(AGENT);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => stack.registerAgent({ did: AGENT, name: `Builder ${i}`, sourceApp: 'build' })),
    );
    const after = (await stack.getAgent(AGENT))!;
    expect(after.createdAt).toBe(before!.createdAt);
    expect((await stack.listEvents({ types: ['agent.registered'] }, { after: 0, first: 500 })).items).toHaveLength(21);
    expect(after.version).toBe(21);
  });

  it('concurrent partial re-registrations all land: no field one of them set is lost', async () => {
    // Each call sets one field and leaves the others out ("keep"). A read-modify-write without
    // a version check would let a later writer put back the values it read, dropping the others.
    const partials = [
      { inboxUrl: 'https://agent.example/inbox' },
      { taskEndpoint: 'https://agent.example/tasks' },
      { reputationScore: 4.5 },
      { supportedProtocols: ['a2a', 'mcp'] },
      { metadata: { region: 'eu' } },
    ];
    for (let round = 0; round < 10; round++) {
      const did = agentDid(`partial-${round}`);
      await stack.registerAgent({ did, name: 'Partial', sourceApp: 'build' });
      await Promise.all(partials.map((fields) => stack.registerAgent({ did, name: 'Partial', sourceApp: 'build', ...fields })));
      const agent = await stack.getAgent(did);
      expect(agent).toMatchObject({ ...Object.assign({}, ...partials), version: 1 + partials.length });
      // One event per write, each carrying the version it stored, in commit order.
      const versions = (await stack.listEvents({ types: ['agent.registered'], agentDid: did }, { after: 0, first: 500 })).items.map(
        (event) => ('agent' in event ? event.agent.version : null),
      );
      expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });
});
