/**
 * The AgentStack contract: every rule of AgentStack, through its facade, against any Store, with
 * the open policy so that the rules themselves are what is tested (who may call is
 * authorization.test.ts's subject). agent-stack.test.ts runs it on the in-memory store, the
 * embedded database and a real PostgreSQL server, so AgentStack behaves identically on each.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentStack, TASK_STATUSES, type AgentStackEvent, type Task, type Store, type TaskStatus } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { type ErrorCode } from '../../src/core/protocol.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

export interface StoreHandle {
  store: Store;
  close(): Promise<void>;
}

const START = Date.parse('2026-01-01T00:00:00.000Z');

/** A clock the test moves by hand, so time-based rules are checked at exact boundaries. */
export class ManualClock {
  private t = START;
  now = (): Date => new Date(this.t);
  advance(ms = 1000): void {
    this.t += ms;
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

export async function expectCode(promise: Promise<unknown>, code: ErrorCode, message?: string | RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).not.toBeNull();
  expect((error as { code?: string }).code).toBe(code);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

export const OWNER = userDid('alice');
export const OTHER_OWNER = userDid('bob');
export const AGENT = agentDid('builder');
export const AGENT_2 = agentDid('tester');

/** The status path from a new task to each status, through the lifecycle. */
const PATHS: Record<TaskStatus, TaskStatus[]> = {
  pending: [],
  queued: ['queued'],
  running: ['queued', 'running'],
  blocked: ['queued', 'running', 'blocked'],
  complete: ['queued', 'running', 'complete'],
  failed: ['queued', 'running', 'failed'],
  cancelled: ['cancelled'],
};

export function agentStackContract(name: string, makeStore: () => Promise<StoreHandle>): void {
  describe(`the AgentStack contract on ${name}`, () => {
    let handle: StoreHandle;
    let clock: ManualClock;
    let stack: AgentStack;
    let events: AgentStackEvent[];

    beforeEach(async () => {
      handle = await makeStore();
      clock = new ManualClock();
      stack = new AgentStack({ store: handle.store, now: clock.now, policy: OPEN_POLICY });
      events = [];
      stack.on((event) => events.push(event));
    });

    afterEach(async () => {
      await handle.close();
    });

    async function registerAgents() {
      await stack.registerAgent({ did: AGENT, name: 'Builder', sourceApp: 'build' });
      await stack.registerAgent({ did: AGENT_2, name: 'Tester', sourceApp: 'qa' });
    }

    async function taskIn(status: TaskStatus): Promise<Task> {
      let task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: `to ${status}` });
      for (const step of PATHS[status]) {
        clock.advance();
        task =
          step === 'queued' && task.status === 'pending'
            ? await stack.assignTask(task.id, AGENT)
            : await stack.updateTaskStatus(task.id, step);
      }
      expect(task.status).toBe(status);
      return task;
    }

    /** Asserts that a failing call left the store and the event stream untouched. */
    async function expectNoChange(run: () => Promise<unknown>, code: ErrorCode, message?: string | RegExp) {
      const before = await stack.snapshot();
      const emitted = events.length;
      await expectCode(run(), code, message);
      expect(await stack.snapshot()).toEqual(before);
      expect(events.length).toBe(emitted);
    }

    describe('agents', () => {
      it('registers an agent with defaults and emits agent.registered', async () => {
        const agent = await stack.registerAgent({
          did: AGENT,
          name: 'Builder',
          sourceApp: 'build',
          supportedProtocols: ['a2a', 'mcp'],
          inboxUrl: 'https://build.example/inbox',
        });
        expect(agent).toEqual({
          did: AGENT,
          ownerDid: null,
          name: 'Builder',
          sourceApp: 'build',
          supportedProtocols: ['a2a', 'mcp'],
          inboxUrl: 'https://build.example/inbox',
          taskEndpoint: null,
          reputationScore: null,
          metadata: {},
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        });
        expect(await stack.getAgent(AGENT)).toEqual(agent);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: 'agent.registered', sequence: expect.any(Number), agent });
      });

      it('re-registering updates the profile: omitted fields keep, null clears, createdAt stays', async () => {
        await stack.registerAgent({
          did: AGENT,
          name: 'Builder',
          sourceApp: 'build',
          taskEndpoint: 'https://build.example/tasks',
          reputationScore: 4.5,
          metadata: { tier: 'gold' },
        });
        clock.advance(60_000);
        const updated = await stack.registerAgent({ did: AGENT, name: 'Builder 2', sourceApp: 'build', reputationScore: null });
        expect(updated).toMatchObject({
          name: 'Builder 2',
          taskEndpoint: 'https://build.example/tasks',
          reputationScore: null,
          metadata: { tier: 'gold' },
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:01:00.000Z',
        });
        expect(await stack.getAgent(AGENT)).toEqual(updated);
        expect(events.map((e) => e.type)).toEqual(['agent.registered', 'agent.registered']);
      });

      it('rejects invalid agent input and changes nothing', async () => {
        await expectNoChange(() => stack.registerAgent({ did: OWNER, name: 'x', sourceApp: 'y' }), 'BAD_USER_INPUT', /did:coinpay:agent/);
        await expectNoChange(() => stack.registerAgent({ did: 'did:coinpay:agent:', name: 'x', sourceApp: 'y' }), 'BAD_USER_INPUT');
        await expectNoChange(() => stack.registerAgent({ did: AGENT, name: ' ', sourceApp: 'y' }), 'BAD_USER_INPUT', /name/);
        await expectNoChange(
          () => stack.registerAgent({ did: AGENT, name: 'x', sourceApp: 'y', inboxUrl: 'ftp://x' }),
          'BAD_USER_INPUT',
          /inboxUrl/,
        );
        await expectNoChange(
          () => stack.registerAgent({ did: AGENT, name: 'x', sourceApp: 'y', metadata: [1] as never }),
          'BAD_USER_INPUT',
          /metadata/,
        );
        await expectNoChange(
          () => stack.registerAgent({ did: AGENT, name: 'x', sourceApp: 'y', reputationScore: Number.NaN }),
          'BAD_USER_INPUT',
        );
      });

      it('answers null for an unknown agent and lists agents by filter, paged by did', async () => {
        expect(await stack.getAgent(agentDid('nobody'))).toBeNull();
        await registerAgents();
        await stack.registerAgent({ did: agentDid('crawler'), name: 'Crawler', sourceApp: 'crawl', supportedProtocols: ['mcp'] });
        expect((await stack.listAgents({ sourceApp: 'qa' })).items.map((a) => a.did)).toEqual([AGENT_2]);
        expect((await stack.listAgents({ supportedProtocol: 'mcp' })).items.map((a) => a.did)).toEqual([agentDid('crawler')]);
        const first = await stack.listAgents({}, { first: 2 });
        expect(first.items.map((a) => a.did)).toEqual([AGENT, agentDid('crawler')]);
        expect(first.hasNextPage).toBe(true);
        const rest = await stack.listAgents({}, { first: 2, after: first.items[1]!.did });
        expect(rest.items.map((a) => a.did)).toEqual([AGENT_2]);
        expect(rest.hasNextPage).toBe(false);
        expect(rest.hasPreviousPage).toBe(true);
        const back = await stack.listAgents({}, { last: 2 });
        expect([back.items.map((a) => a.did), back.hasPreviousPage, back.hasNextPage]).toEqual([[agentDid('crawler'), AGENT_2], true, false]);
        const front = await stack.listAgents({}, { last: 2, before: back.items[0]!.did });
        expect([front.items.map((a) => a.did), front.hasPreviousPage, front.hasNextPage]).toEqual([[AGENT], false, true]);
        expect(await stack.getAgents([AGENT_2, agentDid('nobody'), AGENT])).toMatchObject([{ did: AGENT_2 }, null, { did: AGENT }]);
      });
    });

    describe('tasks', () => {
      it('creates a pending task with every field, at version 1', async () => {
        const task = await stack.createTask({
          ownerDid: OWNER,
          sourceApp: 'ugig',
          title: 'Crawl prices',
          description: 'All of them',
          paymentIntentId: 'pi_1',
          escrowId: 'esc_1',
          metadata: { priority: 'high' },
        });
        expect(task).toMatchObject({
          ownerDid: OWNER,
          assigneeDid: null,
          sourceApp: 'ugig',
          title: 'Crawl prices',
          description: 'All of them',
          status: 'pending',
          paymentIntentId: 'pi_1',
          escrowId: 'esc_1',
          reputationEventId: null,
          metadata: { priority: 'high' },
          published: false,
          publishedAt: null,
          gigId: null,
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        });
        expect(task.id).toMatch(/^task_/);
        expect(await stack.getTask(task.id)).toEqual(task);
        expect(events).toEqual([
          expect.objectContaining({ type: 'task.created', task, previousStatus: null, occurredAt: task.createdAt }),
        ]);
      });

      it('creating with an assignee makes the task queued', async () => {
        await registerAgents();
        const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 't', assigneeDid: AGENT });
        expect(task).toMatchObject({ status: 'queued', assigneeDid: AGENT });
      });

      it('rejects bad task input and unknown assignees, changing nothing', async () => {
        await expectNoChange(() => stack.createTask({ ownerDid: 'alice', sourceApp: 'x', title: 't' }), 'BAD_USER_INPUT', /ownerDid/);
        await expectNoChange(() => stack.createTask({ ownerDid: OWNER, sourceApp: 'x', title: '' }), 'BAD_USER_INPUT', /title/);
        await expectNoChange(
          () => stack.createTask({ ownerDid: OWNER, sourceApp: 'x', title: 't', metadata: 'x' as never }),
          'BAD_USER_INPUT',
        );
        // NUL cannot be stored by PostgreSQL: refused alike on every store.
        await expectNoChange(() => stack.createTask({ ownerDid: OWNER, sourceApp: 'x', title: 'a\u0000b' }), 'BAD_USER_INPUT', /NUL/);
        await expectNoChange(
          () => stack.createTask({ ownerDid: OWNER, sourceApp: 'x', title: 't', metadata: { 'k\u0000': 'v' } }),
          'BAD_USER_INPUT',
          /NUL/,
        );
        await expectNoChange(
          () => stack.createTask({ ownerDid: OWNER, sourceApp: 'x', title: 't', assigneeDid: OWNER }),
          'BAD_USER_INPUT',
          /assigneeDid/,
        );
        await expectNoChange(
          () => stack.createTask({ ownerDid: OWNER, sourceApp: 'x', title: 't', assigneeDid: agentDid('ghost') }),
          'NOT_FOUND',
          'Unknown agent: did:coinpay:agent:ghost',
        );
      });

      it('answers null for an unknown task and NOT_FOUND when changing one', async () => {
        await registerAgents();
        expect(await stack.getTask('task_missing')).toBeNull();
        await expectNoChange(() => stack.updateTaskStatus('task_missing', 'running'), 'NOT_FOUND', 'Unknown task: task_missing');
        await expectNoChange(() => stack.assignTask('task_missing', AGENT), 'NOT_FOUND');
      });

      /**
       * The documented lifecycle (README, lifecycle.ts), as the outcome of `updateTaskStatus(to)`
       * on a task in `from` that has an assignee when its status needs one: `ok`, or CONFLICT for
       * a forbidden transition, a final status, or a status that needs an assignee the task has
       * not got (only assignment supplies one). Written out here, not derived from the code.
       */
      const O = 'ok', NO = 'invalid transition', FINAL = 'final', ASSIGN = 'needs an assignee';
      const OUTCOMES: Record<TaskStatus, Record<TaskStatus, string>> = {
        //          pending  queued   running  blocked  complete failed   cancelled
        pending:  { pending: O,  queued: ASSIGN, running: NO, blocked: NO, complete: NO, failed: NO, cancelled: O },
        queued:   { pending: NO, queued: O,      running: O,  blocked: NO, complete: NO, failed: NO, cancelled: O },
        running:  { pending: NO, queued: NO,     running: O,  blocked: O,  complete: O,  failed: O,  cancelled: O },
        blocked:  { pending: NO, queued: O,      running: O,  blocked: O,  complete: NO, failed: O,  cancelled: O },
        complete: { pending: FINAL, queued: FINAL, running: FINAL, blocked: FINAL, complete: FINAL, failed: FINAL, cancelled: FINAL },
        failed:   { pending: FINAL, queued: FINAL, running: FINAL, blocked: FINAL, complete: FINAL, failed: FINAL, cancelled: FINAL },
        cancelled:{ pending: FINAL, queued: FINAL, running: FINAL, blocked: FINAL, complete: FINAL, failed: FINAL, cancelled: FINAL },
      };
      const rows = TASK_STATUSES.flatMap((from) => TASK_STATUSES.map((to) => [from, to, OUTCOMES[from][to]] as const));

      it.each(rows)('the lifecycle: %s -> %s is %s', async (from, to, outcome) => {
        await registerAgents();
        const task = await taskIn(from);
        const update = () => stack.updateTaskStatus(task.id, to);
        if (outcome === O) {
          const next = await update();
          expect(next).toMatchObject({ status: to, version: task.version + 1 });
          expect(events.at(-1)).toMatchObject({ type: 'task.updated', previousStatus: from, task: next });
          expect(await stack.getTask(task.id)).toEqual(next);
        } else if (outcome === NO) {
          await expectNoChange(update, 'CONFLICT', `Invalid task status transition: ${from} -> ${to}`);
        } else if (outcome === FINAL) {
          await expectNoChange(update, 'CONFLICT', `Task ${task.id} is already ${from} and cannot be updated`);
        } else {
          await expectNoChange(update, 'CONFLICT', /no assignee/);
        }
      });

      it('queued needs an assignee: a pending task cannot be queued by a status update', async () => {
        const task = await taskIn('pending');
        await expectNoChange(() => stack.updateTaskStatus(task.id, 'queued'), 'CONFLICT', /no assignee/);
      });

      it('rejects an unknown status as bad input', async () => {
        const task = await taskIn('pending');
        await expectNoChange(() => stack.updateTaskStatus(task.id, 'done' as TaskStatus), 'BAD_USER_INPUT', /status/);
      });

      it('a same-status update patches links and merges metadata (RFC 7386)', async () => {
        await registerAgents();
        const task = await stack.createTask({
          ownerDid: OWNER,
          sourceApp: 'ugig',
          title: 't',
          assigneeDid: AGENT,
          metadata: { a: 1, nested: { x: 1, y: 2 }, drop: true },
        });
        clock.advance();
        const patched = await stack.updateTaskStatus(task.id, 'queued', {
          paymentIntentId: 'pi_9',
          reputationEventId: 'rep_1',
          metadata: { b: 2, nested: { y: null, z: 3 }, drop: null },
        });
        expect(patched).toMatchObject({
          status: 'queued',
          paymentIntentId: 'pi_9',
          escrowId: null,
          reputationEventId: 'rep_1',
          metadata: { a: 1, b: 2, nested: { x: 1, z: 3 } },
          version: 2,
          updatedAt: '2026-01-01T00:00:01.000Z',
          createdAt: task.createdAt,
        });
        const cleared = await stack.updateTaskStatus(task.id, 'running', { paymentIntentId: null });
        expect(cleared).toMatchObject({ status: 'running', paymentIntentId: null, reputationEventId: 'rep_1', version: 3 });
        expect(await stack.getTask(task.id)).toEqual(cleared);
      });

      it('terminal tasks are final: no update, no patch, no assignment', async () => {
        await registerAgents();
        for (const status of ['complete', 'failed', 'cancelled'] as const) {
          const task = await taskIn(status);
          await expectNoChange(
            () => stack.updateTaskStatus(task.id, status, { paymentIntentId: 'pi' }),
            'CONFLICT',
            `Task ${task.id} is already ${status} and cannot be updated`,
          );
          await expectNoChange(
            () => stack.assignTask(task.id, AGENT_2),
            'CONFLICT',
            `Task ${task.id} is already ${status} and cannot be assigned`,
          );
        }
      });

      it('assigning queues a pending task, reassigns a queued or blocked one, refuses a running one', async () => {
        await registerAgents();
        const pending = await taskIn('pending');
        const queued = await stack.assignTask(pending.id, AGENT);
        expect(queued).toMatchObject({ status: 'queued', assigneeDid: AGENT, version: 2 });
        expect(events.at(-1)).toMatchObject({ type: 'task.assigned', previousStatus: 'pending', task: queued });

        const reassigned = await stack.assignTask(pending.id, AGENT_2);
        expect(reassigned).toMatchObject({ status: 'queued', assigneeDid: AGENT_2, version: 3 });

        const emitted = events.length;
        expect(await stack.assignTask(pending.id, AGENT_2)).toEqual(reassigned); // already so: no change, no event
        expect(events.length).toBe(emitted);

        const blocked = await taskIn('blocked');
        expect(await stack.assignTask(blocked.id, AGENT_2)).toMatchObject({ status: 'queued', assigneeDid: AGENT_2 });

        const running = await taskIn('running');
        await expectNoChange(() => stack.assignTask(running.id, AGENT_2), 'CONFLICT', 'Invalid task status transition: running -> queued');
        await expectNoChange(() => stack.assignTask(pending.id, agentDid('ghost')), 'NOT_FOUND', /Unknown agent/);
        await expectNoChange(() => stack.assignTask(pending.id, OWNER), 'BAD_USER_INPUT');
      });

      it('expectedVersion guards a write: a stale version is CONFLICT and changes nothing', async () => {
        await registerAgents();
        const task = await taskIn('queued');
        await expectNoChange(
          () => stack.updateTaskStatus(task.id, 'running', {}, { expectedVersion: task.version - 1 }),
          'CONFLICT',
          /version/,
        );
        await expectNoChange(() => stack.assignTask(task.id, AGENT_2, { expectedVersion: 99 }), 'CONFLICT', /version/);
        await expectNoChange(
          () => stack.updateTaskStatus(task.id, 'running', {}, { expectedVersion: 0 }),
          'BAD_USER_INPUT',
          /expectedVersion/,
        );
        const next = await stack.updateTaskStatus(task.id, 'running', {}, { expectedVersion: task.version });
        expect(next.version).toBe(task.version + 1);
      });

      it('records the actor on events', async () => {
        await registerAgents();
        const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 't' }, { actorDid: OWNER });
        await stack.assignTask(task.id, AGENT, { actorDid: AGENT });
        expect(events.slice(-2).map((e) => e.actorDid)).toEqual([OWNER, AGENT]);
        await expectNoChange(() => stack.assignTask(task.id, AGENT_2, { actorDid: 'root' }), 'BAD_USER_INPUT', /actorDid/);
      });

      describe('idempotent create', () => {
        it('a retry with the same key and payload returns the same task and writes no second event', async () => {
          const input = { ownerDid: OWNER, sourceApp: 'ugig', title: 'once', idempotencyKey: 'k-1', metadata: { a: 1, b: 2 } };
          const first = await stack.createTask(input);
          clock.advance();
          const retry = await stack.createTask({ ...input, metadata: { b: 2, a: 1 } });
          expect(retry).toEqual(first);
          expect(events.filter((e) => e.type === 'task.created')).toHaveLength(1);
          expect((await stack.listTasks()).items).toHaveLength(1);
        });

        it('the same key with a different payload is CONFLICT; another owner may reuse the key', async () => {
          await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'once', idempotencyKey: 'k-1' });
          await expectNoChange(
            () => stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'twice', idempotencyKey: 'k-1' }),
            'CONFLICT',
            /Idempotency key/,
          );
          const other = await stack.createTask({ ownerDid: OTHER_OWNER, sourceApp: 'ugig', title: 'once', idempotencyKey: 'k-1' });
          expect(other.ownerDid).toBe(OTHER_OWNER);
          expect((await stack.listTasks()).items).toHaveLength(2);
        });
      });

      it('lists tasks by each filter, in creation order, with keyset pages', async () => {
        await registerAgents();
        const made: Task[] = [];
        for (let i = 0; i < 5; i++) {
          clock.advance();
          made.push(
            await stack.createTask({
              ownerDid: i % 2 === 0 ? OWNER : OTHER_OWNER,
              sourceApp: i < 3 ? 'ugig' : 'qa',
              title: `t${i}`,
              assigneeDid: i === 4 ? AGENT : null,
            }),
          );
        }
        await stack.publishTask(made[1]!.id);
        const ids = (page: { items: Task[] }) => page.items.map((t) => t.title);
        expect(ids(await stack.listTasks())).toEqual(['t0', 't1', 't2', 't3', 't4']);
        expect(ids(await stack.listTasks({ ownerDid: OWNER }))).toEqual(['t0', 't2', 't4']);
        expect(ids(await stack.listTasks({ assigneeDid: AGENT }))).toEqual(['t4']);
        expect(ids(await stack.listTasks({ status: 'pending', sourceApp: 'qa' }))).toEqual(['t3']);
        expect(ids(await stack.listTasks({ published: true, status: 'pending' }))).toEqual(['t1']);
        expect(ids(await stack.listTasks({ published: false }))).toEqual(['t0', 't2', 't3', 't4']);

        const page1 = await stack.listTasks({}, { first: 2 });
        expect(ids(page1)).toEqual(['t0', 't1']);
        expect(page1.hasNextPage).toBe(true);
        const last = page1.items[1]!;
        const page2 = await stack.listTasks({}, { first: 3, after: { createdAt: last.createdAt, id: last.id } });
        expect(ids(page2)).toEqual(['t2', 't3', 't4']);
        expect(page2.hasNextPage).toBe(false);
        expect((await stack.listTasks({}, { first: 0 })).items).toEqual([]);
        await expectCode(stack.listTasks({}, { first: -1 }), 'BAD_USER_INPUT');
        // Larger than a page may be: refused, not clamped (a client would think it had everything).
        await expectCode(stack.listTasks({}, { first: 501 }), 'BAD_USER_INPUT', /at most 500/);
        await expectCode(stack.listTasks({}, { last: 501 }), 'BAD_USER_INPUT', /at most 500/);
        await expectCode(stack.listTasks({}, { first: 2, last: 2 }), 'BAD_USER_INPUT', /not both/);

        // Backwards: the last items of the window, still in ascending order.
        const keyOf = (task: Task) => ({ createdAt: task.createdAt, id: task.id });
        const tail = await stack.listTasks({}, { last: 2 });
        expect([ids(tail), tail.hasPreviousPage, tail.hasNextPage]).toEqual([['t3', 't4'], true, false]);
        const earlier = await stack.listTasks({}, { last: 2, before: keyOf(tail.items[0]!) });
        expect([ids(earlier), earlier.hasPreviousPage, earlier.hasNextPage]).toEqual([['t1', 't2'], true, true]);
        const start = await stack.listTasks({}, { last: 5, before: keyOf(earlier.items[0]!) });
        expect([ids(start), start.hasPreviousPage, start.hasNextPage]).toEqual([['t0'], false, true]);
        // A window between two cursors.
        const between = await stack.listTasks({}, { after: keyOf(made[0]!), before: keyOf(made[4]!) });
        expect(ids(between)).toEqual(['t1', 't2', 't3']);
        expect(ids(await stack.listTasks({ ownerDid: OWNER }, { last: 1 }))).toEqual(['t4']);
        await expectCode(stack.listTasks({ ownerDid: 'x' }), 'BAD_USER_INPUT');
        await expectCode(stack.listTasks({}, { after: { createdAt: 'yesterday', id: 'task_1' } }), 'BAD_USER_INPUT', /after/);
      });

      it('lists a page of tasks per owner or assignee in one call, in key order', async () => {
        await registerAgents();
        const titles = (pages: { items: Task[]; hasNextPage: boolean }[]) =>
          pages.map((p) => [p.items.map((t) => t.title), p.hasNextPage]);
        for (let i = 0; i < 5; i++) {
          clock.advance();
          await stack.createTask({
            ownerDid: i < 3 ? OWNER : OTHER_OWNER,
            sourceApp: i === 1 ? 'qa' : 'ugig',
            title: `t${i}`,
            assigneeDid: i % 2 === 0 ? AGENT : AGENT_2,
          });
        }
        const nobody = userDid('nobody');
        expect(titles(await stack.listTasksFor('ownerDid', [OTHER_OWNER, nobody, OWNER], {}, { first: 2 }))).toEqual([
          [['t3', 't4'], false],
          [[], false],
          [['t0', 't1'], true],
        ]);
        // The relation wins over the filter's own value for the same field.
        expect(
          titles(await stack.listTasksFor('assigneeDid', [AGENT, AGENT_2], { assigneeDid: AGENT, sourceApp: 'ugig' })),
        ).toEqual([
          [['t0', 't2', 't4'], false],
          [['t3'], false],
        ]);
        const [first] = (await stack.listTasksFor('ownerDid', [OWNER], {}, { first: 1 }))[0]!.items;
        const after = { createdAt: first!.createdAt, id: first!.id };
        expect(titles(await stack.listTasksFor('ownerDid', [OWNER, OTHER_OWNER], {}, { after }))).toEqual([
          [['t1', 't2'], false],
          [['t3', 't4'], false],
        ]);
        expect(await stack.listTasksFor('ownerDid', [])).toEqual([]);
        await expectCode(stack.listTasksFor('assigneeDid', [OWNER]), 'BAD_USER_INPUT');
        await expectCode(stack.listTasksFor('status' as never, [OWNER]), 'BAD_USER_INPUT');
      });

      it('orders tasks created in the same millisecond by id', async () => {
        const a = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'a' });
        const b = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'b' });
        const expected = [a, b].sort((x, y) => (x.id < y.id ? -1 : 1)).map((t) => t.id);
        expect((await stack.listTasks()).items.map((t) => t.id)).toEqual(expected);
        const page = await stack.listTasks({}, { first: 1 });
        const rest = await stack.listTasks({}, { after: { createdAt: page.items[0]!.createdAt, id: page.items[0]!.id } });
        expect(rest.items.map((t) => t.id)).toEqual(expected.slice(1));
      });
    });

    describe('publishing and claiming', () => {
      it('publishes a pending task with its gig, and a registered agent claims it', async () => {
        await registerAgents();
        const task = await taskIn('pending');
        clock.advance();
        const published = await stack.publishTask(task.id, 'gig_7');
        expect(published).toMatchObject({
          published: true,
          publishedAt: '2026-01-01T00:00:01.000Z',
          gigId: 'gig_7',
          status: 'pending',
          version: 2,
        });
        expect(events.at(-1)).toMatchObject({ type: 'task.updated', task: published });
        const emitted = events.length;
        expect(await stack.publishTask(task.id, 'gig_7')).toEqual(published); // already so
        expect(events.length).toBe(emitted);

        const claimed = await stack.claimTask(task.id, AGENT);
        expect(claimed).toMatchObject({ status: 'queued', assigneeDid: AGENT, published: true, version: 3 });
        expect(events.at(-1)).toMatchObject({ type: 'task.assigned', previousStatus: 'pending', task: claimed });
        await expectNoChange(() => stack.claimTask(task.id, AGENT_2), 'CONFLICT', /can no longer be claimed/);
      });

      it('refuses to publish a non-pending task and to claim an unpublished one', async () => {
        await registerAgents();
        const queued = await taskIn('queued');
        await expectNoChange(() => stack.publishTask(queued.id, null), 'CONFLICT', /only a pending task/);
        const pending = await taskIn('pending');
        await expectNoChange(() => stack.claimTask(pending.id, AGENT), 'CONFLICT', /not published/);
        await stack.publishTask(pending.id);
        await expectNoChange(() => stack.claimTask(pending.id, agentDid('ghost')), 'NOT_FOUND', /Unknown agent/);
        await expectNoChange(() => stack.publishTask('task_missing'), 'NOT_FOUND');
      });

      it('of concurrent claims exactly one wins and the others get CONFLICT', async () => {
        await registerAgents();
        const claimers = [AGENT, AGENT_2];
        for (let i = 0; i < 6; i++) {
          const did = agentDid(`claimer${i}`);
          await stack.registerAgent({ did, name: `c${i}`, sourceApp: 'qa' });
          claimers.push(did);
        }
        const task = await taskIn('pending');
        await stack.publishTask(task.id);
        const results = await Promise.allSettled(claimers.map((did) => stack.claimTask(task.id, did)));
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('CONFLICT');
        const winner = (won[0] as PromiseFulfilledResult<Task>).value;
        expect(await stack.getTask(task.id)).toEqual(winner);
        expect(events.filter((e) => e.type === 'task.assigned')).toHaveLength(1);
      });
    });

    describe('delegation', () => {
      it('grants scopes and answers hasDelegation exactly for them', async () => {
        await registerAgents();
        const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:create', 'tasks:update'] });
        expect(grant).toMatchObject({
          ownerDid: OWNER,
          agentDid: AGENT,
          scopes: ['tasks:create', 'tasks:update'],
          expiresAt: null,
          revokedAt: null,
          parentGrantId: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        });
        expect(grant.id).toMatch(/^grant_/);
        expect(events.at(-1)).toMatchObject({ type: 'delegation.granted', grant });
        expect(await stack.getDelegation(grant.id)).toEqual(grant);
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create')).toBe(true);
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:assign')).toBe(false);
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'tasks:create')).toBe(false);
        expect(await stack.hasDelegation(OTHER_OWNER, AGENT, 'tasks:create')).toBe(false);
      });

      it('the wildcard * allows every scope, ns:* every scope of its namespace', async () => {
        await registerAgents();
        await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'] });
        await stack.delegate({ ownerDid: OWNER, agentDid: AGENT_2, scopes: ['tasks:*'] });
        expect(await stack.hasDelegation(OWNER, AGENT, 'agents:delegate')).toBe(true);
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'tasks:create')).toBe(true);
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'agents:register')).toBe(false);
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'tasksx:create')).toBe(false);
      });

      it('a grant is active until the instant it expires', async () => {
        await registerAgents();
        await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:create'], expiresAt: '2026-01-01T01:00:00.000Z' });
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create')).toBe(true);
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create', '2026-01-01T00:59:59.999Z')).toBe(true);
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create', '2026-01-01T01:00:00.000Z')).toBe(false);
        const [grant] = (await stack.listDelegations({ ownerDid: OWNER })).items;
        expect(await stack.isDelegationActive(grant!)).toBe(true);
        clock.set('2026-01-01T01:00:00.000Z');
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create')).toBe(false);
        expect(await stack.isDelegationActive(grant!)).toBe(false);
        expect((await stack.listDelegations({ ownerDid: OWNER, activeAt: clock.now() })).items).toEqual([]);
      });

      it('a revoked grant allows nothing from its revocation on; revoking twice is CONFLICT', async () => {
        await registerAgents();
        const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'] });
        clock.advance(10_000);
        const revoked = await stack.revokeDelegation(grant.id);
        expect(revoked).toMatchObject({ id: grant.id, revokedAt: '2026-01-01T00:00:10.000Z' });
        expect(events.at(-1)).toMatchObject({ type: 'delegation.revoked', grant: revoked });
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create')).toBe(false);
        // History stays truthful: before the revocation, the grant was active.
        expect(await stack.hasDelegation(OWNER, AGENT, 'tasks:create', '2026-01-01T00:00:05.000Z')).toBe(true);
        await expectNoChange(() => stack.revokeDelegation(grant.id), 'CONFLICT', /already revoked/);
        await expectNoChange(() => stack.revokeDelegation('grant_missing'), 'NOT_FOUND', 'Unknown delegation grant: grant_missing');
      });

      it('sub-delegation: a sub-grant records its grantor and parent, and inherits the parent\'s expiry when it names none', async () => {
        await registerAgents();
        const root = await stack.delegate(
          { ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:*', 'agents:delegate'], expiresAt: '2026-01-02T00:00:00.000Z' },
          { actorDid: OWNER },
        );
        expect(root).toMatchObject({ grantorDid: OWNER, parentGrantId: null });
        clock.advance();
        const sub = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT_2, scopes: ['tasks:read'], parentGrantId: root.id }, { actorDid: AGENT });
        expect(sub).toMatchObject({ ownerDid: OWNER, grantorDid: AGENT, parentGrantId: root.id, expiresAt: root.expiresAt });
        expect(events.at(-1)).toMatchObject({ type: 'delegation.granted', actorDid: AGENT, grant: sub });
        await expectNoChange(
          () => stack.delegate({ ownerDid: OWNER, agentDid: AGENT_2, scopes: ['*'], parentGrantId: 'grant_missing' }),
          'NOT_FOUND',
          /grant_missing/,
        );
      });

      it('a grant is honoured only while every grant above it is active: revoking or outliving a parent disables the branch', async () => {
        await registerAgents();
        const root = await stack.delegate(
          { ownerDid: OWNER, agentDid: AGENT, scopes: ['*'], expiresAt: '2026-01-01T02:00:00.000Z' },
          { actorDid: OWNER },
        );
        clock.advance();
        const sub = await stack.delegate(
          { ownerDid: OWNER, agentDid: AGENT_2, scopes: ['tasks:read'], expiresAt: '2026-01-01T03:00:00.000Z', parentGrantId: root.id },
          { actorDid: AGENT },
        );
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'tasks:read')).toBe(true);
        // The sub-grant's own expiry is later, but its parent's ends first.
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'tasks:read', '2026-01-01T01:59:59.999Z')).toBe(true);
        expect(await stack.hasDelegation(OWNER, AGENT_2, 'tasks:read', '2026-01-01T02:00:00.000Z')).toBe(false);
        clock.set('2026-01-01T02:00:00.000Z');
        expect(await stack.isDelegationActive(sub)).toBe(false);
        expect((await stack.listDelegations({ agentDid: AGENT_2, activeAt: clock.now() })).items).toEqual([]);
      });

      it('revoking a grant revokes every grant delegated from it, transitively, each with its own event, in one step', async () => {
        await registerAgents();
        await stack.registerAgent({ did: agentDid('third'), name: 'Third', sourceApp: 'qa' });
        const root = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'] }, { actorDid: OWNER });
        clock.advance();
        const child = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT_2, scopes: ['tasks:*', 'agents:delegate'], parentGrantId: root.id }, { actorDid: AGENT });
        clock.advance();
        const grandchild = await stack.delegate({ ownerDid: OWNER, agentDid: agentDid('third'), scopes: ['tasks:read'], parentGrantId: child.id }, { actorDid: AGENT_2 });
        const unrelated = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT_2, scopes: ['tasks:read'] }, { actorDid: OWNER });
        clock.advance();
        const before = events.length;
        await stack.revokeDelegation(root.id, { actorDid: OWNER });
        const revocations = events.slice(before);
        expect(revocations.map((e) => [e.type, 'grant' in e ? e.grant.id : null])).toEqual([
          ['delegation.revoked', root.id],
          ['delegation.revoked', child.id],
          ['delegation.revoked', grandchild.id],
        ]);
        const at = '2026-01-01T00:00:03.000Z';
        expect(await stack.getDelegations([root.id, child.id, grandchild.id, unrelated.id])).toMatchObject([
          { revokedAt: at },
          { revokedAt: at },
          { revokedAt: at },
          { revokedAt: null },
        ]);
        // Revoking a child of an already revoked branch again is CONFLICT and writes nothing.
        await expectNoChange(() => stack.revokeDelegation(child.id), 'CONFLICT', /already revoked/);
      });

      it('rejects bad grants and unknown agents, changing nothing', async () => {
        await registerAgents();
        await expectNoChange(() => stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: [] }), 'BAD_USER_INPUT', /scopes/);
        await expectNoChange(() => stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks create'] }), 'BAD_USER_INPUT', /Invalid scope/);
        await expectNoChange(() => stack.delegate({ ownerDid: 'bob', agentDid: AGENT, scopes: ['*'] }), 'BAD_USER_INPUT', /ownerDid/);
        await expectNoChange(() => stack.delegate({ ownerDid: OWNER, agentDid: OTHER_OWNER, scopes: ['*'] }), 'BAD_USER_INPUT', /agentDid/);
        await expectNoChange(() => stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'], expiresAt: 'not a date' }), 'BAD_USER_INPUT', /expiresAt/);
        await expectNoChange(() => stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'], expiresAt: '2025-12-31T23:59:59.000Z' }), 'BAD_USER_INPUT', /future/);
        await expectNoChange(() => stack.delegate({ ownerDid: OWNER, agentDid: agentDid('ghost'), scopes: ['*'] }), 'NOT_FOUND', /Unknown agent/);
      });

      it('lists delegations by owner, agent, scope and activity', async () => {
        await registerAgents();
        const g1 = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:create'] });
        clock.advance();
        const g2 = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT_2, scopes: ['*'], expiresAt: '2026-01-02T00:00:00.000Z' });
        clock.advance();
        const g3 = await stack.delegate({ ownerDid: OTHER_OWNER, agentDid: AGENT, scopes: ['tasks:update'] });
        await stack.revokeDelegation(g3.id);
        const ids = (page: { items: { id: string }[] }) => page.items.map((g) => g.id);
        expect(ids(await stack.listDelegations())).toEqual([g1.id, g2.id, g3.id]);
        expect(ids(await stack.listDelegations({ ownerDid: OWNER }))).toEqual([g1.id, g2.id]);
        expect(ids(await stack.listDelegations({ agentDid: AGENT }))).toEqual([g1.id, g3.id]);
        expect(ids(await stack.listDelegations({ scope: 'tasks:create' }))).toEqual([g1.id, g2.id]);
        expect(ids(await stack.listDelegations({ activeAt: clock.now() }))).toEqual([g1.id, g2.id]);
        expect(ids(await stack.listDelegations({ activeAt: '2026-01-03T00:00:00.000Z' }))).toEqual([g1.id]);
        expect(await stack.getDelegations([g2.id, 'grant_missing'])).toMatchObject([{ id: g2.id }, null]);

        // Pages both ways, by (createdAt, id); exact (filters are applied before paging).
        const key = (grant: { createdAt: string; id: string }) => ({ createdAt: grant.createdAt, id: grant.id });
        const front = await stack.listDelegations({}, { first: 2 });
        expect([ids(front), front.hasNextPage, front.hasPreviousPage]).toEqual([[g1.id, g2.id], true, false]);
        const next = await stack.listDelegations({}, { first: 2, after: key(g2) });
        expect([ids(next), next.hasNextPage, next.hasPreviousPage]).toEqual([[g3.id], false, true]);
        const back = await stack.listDelegations({}, { last: 2 });
        expect([ids(back), back.hasNextPage, back.hasPreviousPage]).toEqual([[g2.id, g3.id], false, true]);
        const before = await stack.listDelegations({}, { last: 2, before: key(g2) });
        expect([ids(before), before.hasNextPage, before.hasPreviousPage]).toEqual([[g1.id], true, false]);
        expect(ids(await stack.listDelegations({ scope: 'tasks:create' }, { last: 1 }))).toEqual([g2.id]);
      });
    });

    describe('events', () => {
      it('every change is one event, in order, with strictly increasing sequences', async () => {
        await registerAgents();
        const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 't' });
        await stack.assignTask(task.id, AGENT);
        await stack.updateTaskStatus(task.id, 'running');
        const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'] });
        await stack.revokeDelegation(grant.id);
        expect(events.map((e) => e.type)).toEqual([
          'agent.registered',
          'agent.registered',
          'task.created',
          'task.assigned',
          'task.updated',
          'delegation.granted',
          'delegation.revoked',
        ]);
        for (let i = 1; i < events.length; i++) expect(events[i]!.sequence).toBeGreaterThan(events[i - 1]!.sequence);
        expect(await stack.lastEventSequence()).toBe(events.at(-1)!.sequence);

        // The durable log holds the same events, each with the entity as it was right after it.
        const logged = (await stack.listEvents(null, { after: 0, first: 100 })).items;
        expect(logged).toEqual(events);
        expect(logged[3]).toMatchObject({ type: 'task.assigned', task: { status: 'queued', version: 2 } });
        expect(logged[4]).toMatchObject({ type: 'task.updated', task: { status: 'running', version: 3 } });

        const after = (await stack.listEvents(null, { after: events[4]!.sequence, first: 100 })).items;
        expect(after.map((e) => e.type)).toEqual(['delegation.granted', 'delegation.revoked']);
        expect((await stack.listEvents(null, { after: 0, first: 2 })).items).toEqual(events.slice(0, 2));
        const forTask = (await stack.listEvents({ taskId: task.id }, { after: 0, first: 100 })).items;
        expect(forTask.map((e) => e.type)).toEqual(['task.created', 'task.assigned', 'task.updated']);
        const grants = (await stack.listEvents({ types: ['delegation.revoked'], agentDid: AGENT }, { after: 0, first: 100 })).items;
        expect(grants.map((e) => e.type)).toEqual(['delegation.revoked']);
        expect((await stack.listEvents({ assigneeDid: AGENT_2 }, { after: 0, first: 100 })).items).toEqual([]);
        // By the task's status right after the event: events without a task never match.
        const queuedOrRunning = (await stack.listEvents({ statuses: ['queued', 'running'] }, { after: 0, first: 100 })).items;
        expect(queuedOrRunning.map((e) => e.type)).toEqual(['task.assigned', 'task.updated']);
        const running = (await stack.listEvents({ statuses: ['running'], ownerDid: OWNER }, { after: 0, first: 100 })).items;
        expect(running).toEqual([events[4]]);
        expect((await stack.listEvents({ statuses: [] }, { after: 0, first: 100 })).items).toEqual(events);
        expect((await stack.listEvents({ statuses: ['complete'] }, { last: 10 })).items).toEqual([]);
        await expectCode(stack.listEvents({ statuses: ['done' as TaskStatus] }, { first: 1 }), 'BAD_USER_INPUT', /status/);
        await expectCode(stack.listEvents({ statuses: 'running' as never }, { first: 1 }), 'BAD_USER_INPUT', /filter.statuses must be a list/);

        // Backwards: the newest events first cut, in ascending order; `last: 1` is the newest.
        const newest = await stack.listEvents(null, { last: 1 });
        expect([newest.items, newest.endSequence, newest.hasPreviousPage]).toEqual([[events.at(-1)], events.at(-1)!.sequence, true]);
        const older = await stack.listEvents(null, { last: 3, before: events[4]!.sequence });
        expect([older.items.map((e) => e.sequence), older.hasNextPage]).toEqual([events.slice(1, 4).map((e) => e.sequence), true]);
        const window = await stack.listEvents({ taskId: task.id }, { after: events[2]!.sequence, before: events.at(-1)!.sequence });
        expect(window.items.map((e) => e.type)).toEqual(['task.assigned', 'task.updated']);
        await expectCode(stack.listEvents(null, { first: 1, last: 1 }), 'BAD_USER_INPUT');
        await expectCode(stack.listEvents(null, { first: 501 }), 'BAD_USER_INPUT');
      });

      it('a failed call emits nothing; unsubscribed listeners hear nothing; a throwing listener breaks nothing', async () => {
        await registerAgents();
        const sequence = await stack.lastEventSequence();
        await expectCode(stack.updateTaskStatus('task_missing', 'running'), 'NOT_FOUND');
        await expectCode(stack.delegate({ ownerDid: OWNER, agentDid: agentDid('ghost'), scopes: ['*'] }), 'NOT_FOUND');
        expect(await stack.lastEventSequence()).toBe(sequence);

        const heard: string[] = [];
        const off = stack.on((e) => heard.push(e.type));
        stack.on(() => {
          throw new Error('listener bug');
        });
        const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 't' });
        off();
        await stack.assignTask(task.id, AGENT);
        expect(heard).toEqual(['task.created']);
        expect((await stack.getTask(task.id))!.status).toBe('queued');
      });

      it('the snapshot holds everything and the sequence to stream from', async () => {
        await registerAgents();
        const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 't' });
        const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['*'] });
        const snapshot = await stack.snapshot();
        expect(snapshot.agents.map((a) => a.did)).toEqual([AGENT, AGENT_2]);
        expect(snapshot.tasks).toEqual([task]);
        expect(snapshot.delegations).toEqual([grant]);
        expect(snapshot.lastEventSequence).toBe(events.at(-1)!.sequence);
      });
    });
  });
}
