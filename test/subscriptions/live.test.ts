import { describe, expect, it } from 'vitest';
import { agentDid, userDid } from '../../src/core/did.js';
import { databaseTargets } from '../helpers/databases.js';
import { post } from './helpers/http.js';
import { api, asCaller, EVENTS, TASK_STATUS_CHANGED, type EventData, type StatusData } from './helpers/operations.js';
import { liveServerOn } from './helpers/servers.js';
import { within } from '../helpers/wait.js';
import { Collector, connect } from './helpers/ws-client.js';
import { logSequences } from './helpers/world.js';

/**
 * Subscriptions end to end: a real server (HTTP + graphql-ws on one port), real graphql-ws
 * clients, mutations over HTTP, on every target of this run. Every client is identified as the
 * caller a real one would be (the owner of the tasks it watches, the agent they are assigned to),
 * so what it is shown is everything its filter matches; visibility itself is visibility.test.ts's.
 */
for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`graphql-ws subscriptions (${target.name})`, () => {
    const fixture = liveServerOn(target, 'subs');
    const { fresh, client, subscribeAll } = fixture;

    async function lastCursor(): Promise<string> {
      return String(await fixture.opened.agentStack.lastEventSequence());
    }

    it('events: each filter sees exactly its own events, live', async () => {
      const alice = userDid(fresh('alice'));
      const bob = userDid(fresh('bob'));
      const worker = agentDid(fresh('worker'));
      const helper = agentDid(fresh('helper'));
      const http = api(fixture.server.url, alice);
      const asBob = http.as(bob);

      // The agents exist first (each registers itself), so that a task can be assigned; they are
      // not part of what we watch.
      await http.as(worker).registerAgent(worker, 'Worker');
      // Each filter is watched by someone who may see every event it matches: alice (her tasks and
      // grants), the worker (the tasks assigned to it, whoever owns them) and the helper (itself and
      // its grants). Each of them may also see events its filter excludes (agent registrations are
      // public; the helper may read alice's tasks once she grants tasks:read), so the filter shows.
      const [byType, byOwner] = await subscribeAll<EventData>(client(alice), [
        { query: EVENTS, variables: { filter: { types: ['TASK_ASSIGNED', 'DELEGATION_GRANTED'], ownerDid: alice } } },
        { query: EVENTS, variables: { filter: { ownerDid: alice } } },
      ]);
      const [byAssignee] = await subscribeAll<EventData>(client(worker), [{ query: EVENTS, variables: { filter: { assigneeDid: worker } } }]);
      const [byAgent] = await subscribeAll<EventData>(client(helper), [{ query: EVENTS, variables: { filter: { agentDid: helper } } }]);

      await http.as(helper).registerAgent(helper, 'Helper');
      const mine = await http.createTask(alice, 'mine');
      const [byTask] = await subscribeAll<EventData>(client(alice), [{ query: EVENTS, variables: { filter: { taskId: mine.id } } }]);
      const theirs = await asBob.createTask(bob, 'theirs');
      await http.assignTask(mine.id, worker);
      await asBob.assignTask(theirs.id, worker);
      await http.delegate(alice, helper, ['tasks:read']);
      await http.updateTaskStatus(mine.id, 'RUNNING');

      const summary = (collector: Collector<EventData>) =>
        collector.data.map(({ events: e }) => [e.type, e.task?.id ?? e.agent?.did ?? e.grant?.agentDid]);
      await byType!.waitForResults(2);
      await byOwner!.waitForResults(4);
      await byAssignee!.waitForResults(3);
      await byAgent!.waitForResults(2);
      await byTask!.waitForResults(2);

      expect(summary(byType!)).toEqual([
        ['TASK_ASSIGNED', mine.id],
        ['DELEGATION_GRANTED', helper],
      ]);
      expect(summary(byOwner!)).toEqual([
        ['TASK_CREATED', mine.id],
        ['TASK_ASSIGNED', mine.id],
        ['DELEGATION_GRANTED', helper],
        ['TASK_UPDATED', mine.id],
      ]);
      expect(summary(byAssignee!)).toEqual([
        ['TASK_ASSIGNED', mine.id],
        ['TASK_ASSIGNED', theirs.id],
        ['TASK_UPDATED', mine.id],
      ]);
      expect(summary(byAgent!)).toEqual([
        ['AGENT_REGISTERED', helper],
        ['DELEGATION_GRANTED', helper],
      ]);
      // Subscribed after the task was created: starts at that moment, so only what followed.
      expect(summary(byTask!)).toEqual([
        ['TASK_ASSIGNED', mine.id],
        ['TASK_UPDATED', mine.id],
      ]);
      // The payload is the entity as it was right after each event, and the actor is recorded.
      expect(byOwner!.data.map(({ events: e }) => e.task?.status ?? null)).toEqual(['PENDING', 'QUEUED', null, 'RUNNING']);
      expect(byOwner!.data.every(({ events: e }) => e.actorDid === alice)).toBe(true);
      const cursors = byOwner!.data.map(({ events: e }) => Number(e.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));

      // Nothing else arrives. A subscription delivers in log order, so anything still due from the
      // writes above would come before a marker written after them: one marker per subscription.
      await http.updateTaskStatus(mine.id, 'RUNNING', { metadata: { marker: true } }); // byOwner, byAssignee, byTask
      await http.delegate(alice, helper, ['tasks:create']); // byType, byOwner, byAgent
      const updated = ['TASK_UPDATED', mine.id];
      const granted = ['DELEGATION_GRANTED', helper];
      const expectOnlyMarkers = async (collector: Collector<EventData>, had: number, markers: unknown[][]) => {
        await collector.waitForResults(had + markers.length);
        expect(collector.results).toHaveLength(had + markers.length);
        expect(summary(collector).slice(had)).toEqual(markers);
      };
      await expectOnlyMarkers(byType!, 2, [granted]);
      await expectOnlyMarkers(byOwner!, 4, [updated, granted]);
      await expectOnlyMarkers(byAssignee!, 3, [updated]);
      await expectOnlyMarkers(byAgent!, 2, [granted]);
      await expectOnlyMarkers(byTask!, 2, [updated]);
    });

    it('taskStatusChanged: fires on assign, claim and update, and not on changes that keep the status', async () => {
      const owner = userDid(fresh('owner'));
      const worker = agentDid(fresh('worker'));
      const claimer = agentDid(fresh('claimer'));
      const http = api(fixture.server.url, owner);
      await http.as(worker).registerAgent(worker, 'Worker');
      await http.as(claimer).registerAgent(claimer, 'Claimer');
      const assigned = await http.createTask(owner, 'to assign');
      const marketplace = await http.createTask(owner, 'to claim');

      // All watched by the owner, who may see both tasks: each filter, not visibility, selects.
      const [byTask, byOwner, byAssignee] = await subscribeAll<StatusData>(client(owner), [
        { query: TASK_STATUS_CHANGED, variables: { taskId: assigned.id } },
        { query: TASK_STATUS_CHANGED, variables: { ownerDid: owner } },
        { query: TASK_STATUS_CHANGED, variables: { assigneeDid: claimer } },
      ]);
      await http.assignTask(assigned.id, worker); // pending → queued
      await http.updateTaskStatus(assigned.id, 'RUNNING'); // queued → running
      await http.updateTaskStatus(assigned.id, 'RUNNING', { metadata: { progress: 50 } }); // same status: no event
      await http.publishTask(marketplace.id); // still pending: no event
      await http.as(claimer).claimTask(marketplace.id, claimer); // pending → queued (the agent claims for itself)
      await http.updateTaskStatus(assigned.id, 'COMPLETE'); // running → complete

      await byOwner!.waitForResults(4);
      const statuses = (collector: Collector<StatusData>) =>
        collector.data.map(({ taskStatusChanged: t }) => `${t.id === assigned.id ? 'assigned' : 'claimed'}:${t.status}`);
      expect(statuses(byOwner!)).toEqual(['assigned:QUEUED', 'assigned:RUNNING', 'claimed:QUEUED', 'assigned:COMPLETE']);
      await byTask!.waitForResults(3);
      expect(statuses(byTask!)).toEqual(['assigned:QUEUED', 'assigned:RUNNING', 'assigned:COMPLETE']);
      await byAssignee!.waitForResults(1);
      expect(byAssignee!.data[0]!.taskStatusChanged).toMatchObject({
        id: marketplace.id,
        status: 'QUEUED',
        assigneeDid: claimer,
        assignee: { did: claimer, name: 'Claimer' },
      });
      // The task as it was right after each change: versions grow with every change, metadata-only ones included.
      expect(byTask!.data.map(({ taskStatusChanged: t }) => t.version)).toEqual([2, 3, 5]);

      // Nothing else arrives. byTask already ended with the last write's change; for the others a
      // marker written last comes after anything still due (a subscription delivers in log order).
      await http.updateTaskStatus(marketplace.id, 'RUNNING'); // queued → running: byOwner, byAssignee
      await byOwner!.waitForResults(5);
      await byAssignee!.waitForResults(2);
      expect(statuses(byOwner!)).toEqual(['assigned:QUEUED', 'assigned:RUNNING', 'claimed:QUEUED', 'assigned:COMPLETE', 'claimed:RUNNING']);
      expect(statuses(byAssignee!)).toEqual(['claimed:QUEUED', 'claimed:RUNNING']);
      expect(byTask!.results).toHaveLength(3);
    });

    it('a burst of 1,000 events arrives in order, none missing, none twice', async () => {
      const owner = userDid(fresh('burst'));
      const after = await lastCursor();
      const asOwner = { actorDid: owner };
      const on = client(owner);
      const [live] = await subscribeAll<EventData>(on, [{ query: EVENTS, variables: { filter: { ownerDid: owner } } }]);
      const [replayed] = await subscribeAll<EventData>(on, [{ query: EVENTS, variables: { after, filter: { ownerDid: owner } } }]);

      const started = performance.now();
      let peakHeap = process.memoryUsage().heapUsed;
      let peakBuffered = 0;
      const sampler = setInterval(() => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        peakBuffered = Math.max(peakBuffered, fixture.server.subscriptions.stats().buffered);
      }, 5);
      const created: string[] = [];
      try {
        // 1,000 writes as fast as the store takes them, 10 at a time.
        for (let batch = 0; batch < 100; batch++) {
          const tasks = await Promise.all(
            Array.from({ length: 10 }, (_, i) => fixture.opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: `burst ${batch * 10 + i}` }, asOwner)),
          );
          created.push(...tasks.map((task) => task.id));
        }
        const written = performance.now();
        await live!.waitForResults(1_000, 30_000);
        await replayed!.waitForResults(1_000, 30_000);
        const delivered = performance.now();
        console.info(
          `[${target.name}] burst of 1,000: written in ${Math.round(written - started)} ms, all delivered ` +
            `${Math.round(delivered - started)} ms after the first write; peak heap ${Math.round(peakHeap / 2 ** 20)} MiB; ` +
            `peak live events buffered (2 subscribers) ${peakBuffered}`,
        );
      } finally {
        clearInterval(sampler);
      }

      // The log's own order (Query.agentStackEvents over HTTP, asked by the same caller) is the reference.
      const reference: number[] = [];
      for (let cursor = after; ; ) {
        type Page = { agentStackEvents: { edges: { cursor: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
        const page = await post<Page>(
          fixture.server.url,
          `query($after: String, $filter: AgentStackEventFilter) {
            agentStackEvents(after: $after, first: 500, filter: $filter) { edges { cursor } pageInfo { endCursor hasNextPage } }
          }`,
          { after: cursor, filter: { ownerDid: owner } },
          asCaller(owner),
        );
        reference.push(...page.data!.agentStackEvents.edges.map((edge) => Number(edge.cursor)));
        if (!page.data!.agentStackEvents.pageInfo.hasNextPage) break;
        cursor = page.data!.agentStackEvents.pageInfo.endCursor;
      }
      expect(reference).toHaveLength(1_000);
      for (const collector of [live!, replayed!]) {
        const cursors = collector.data.map(({ events: e }) => Number(e.cursor));
        expect(cursors).toEqual(reference);
        expect(new Set(collector.data.map(({ events: e }) => e.task!.id))).toEqual(new Set(created));
      }
      // Nothing else arrives: a marker written last is the next and only further result of each.
      const marker = await fixture.opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: 'marker' }, asOwner);
      for (const collector of [live!, replayed!]) {
        await collector.waitForResults(1_001);
        expect(collector.results).toHaveLength(1_001);
        expect(collector.data[1_000]!.events.task!.id).toBe(marker.id);
      }
    });

    it('disconnect mid-stream and resume with after: nothing lost, nothing twice', async () => {
      const owner = userDid(fresh('resume'));
      const after = await lastCursor();
      const total = 300;
      const write = async (count: number, phase: string) => {
        for (let i = 0; i < count; i++) {
          await fixture.opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: `resume ${phase} ${i}` }, { actorDid: owner });
        }
      };
      // Commits before and during the first stream, while nobody is connected, and during the
      // replay after resuming: each phase starts on a step of the test, not after a pause.
      const whileSubscribing = write(50, 'subscribing');

      const first = connect(fixture.server.wsUrl, asCaller(owner));
      const [before] = await subscribeAll<EventData>(first, [{ query: EVENTS, variables: { after, filter: { ownerDid: owner } } }]);
      await before!.waitForResults(1);
      const whileStreaming = whileSubscribing.then(() => write(50, 'streaming'));
      await before!.waitForResults(60);
      await first.dispose(); // the connection drops mid-stream
      const received = before!.data.map(({ events: e }) => Number(e.cursor));
      const resumeFrom = received[received.length - 1]!;
      await within('the writes of the first stream', whileStreaming, 20_000);
      await write(100, 'disconnected'); // nobody is connected

      const [after2] = await subscribeAll<EventData>(client(owner), [
        { query: EVENTS, variables: { after: String(resumeFrom), filter: { ownerDid: owner } } },
      ]);
      await write(100, 'replaying'); // while the resumed subscription reads its backlog from the log
      await after2!.waitForResults(total - received.length, 20_000);
      const resumed = after2!.data.map(({ events: e }) => Number(e.cursor));
      const all = [...received, ...resumed];
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      expect(all).toEqual(await logSequences(fixture.opened.agentStack, owner, Number(after), { ownerDid: owner }));
      expect(resumed[0]).toBeGreaterThan(resumeFrom);
    });

    it('rejects an invalid or future after with BAD_USER_INPUT', async () => {
      const on = client(userDid(fresh('cursor')));
      for (const bad of ['not-a-cursor', '-1', String(Number.MAX_SAFE_INTEGER)]) {
        const collector = new Collector<EventData>(on, EVENTS, { after: bad });
        await collector.waitForEnd();
        expect(collector.results[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const status = new Collector<StatusData>(on, TASK_STATUS_CHANGED, { after: bad });
        await status.waitForEnd();
        expect(status.results[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it('takes the caller from connectionParams, by the same rule as HTTP', async () => {
      const owner = userDid(fresh('identity'));
      for (const params of [{ 'x-agentstack-did': owner }, { headers: { 'X-AgentStack-DID': owner } }]) {
        const on = client(params);
        const [watch] = await subscribeAll<EventData>(on, [{ query: EVENTS, variables: { filter: { ownerDid: owner } } }]);
        // A mutation over the same WebSocket: the event records the connection's identity.
        const result = await new Promise<unknown>((resolve, reject) => {
          on.subscribe(
            { query: `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`, variables: { input: { ownerDid: owner, sourceApp: 'test', title: 'over ws' } } },
            { next: resolve, error: reject, complete: () => {} },
          );
        });
        expect(result).toMatchObject({ data: { createTask: { id: expect.any(String) } } });
        await watch!.waitForResults(1);
        expect(watch!.data[0]!.events.actorDid).toBe(owner);
      }

      // An identity that is not a DID is refused at connection time, as HTTP refuses it.
      const refused = new Collector<EventData>(client({ 'x-agentstack-did': 'mallory' }), EVENTS);
      await refused.waitForEnd();
      // 4401: final for graphql-ws clients (4403 would make them retry a refusal that cannot change).
      expect(refused.error).toMatchObject({ code: 4401 });
      expect(String((refused.error as { reason: string }).reason)).toContain('UNAUTHENTICATED');
    });
  });
}
