import type { Client } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { agentDid, userDid } from '../../src/core/did.js';
import { databaseTargets } from '../helpers/databases.js';
import { waitFor } from '../helpers/wait.js';
import { api, EVENTS, TASK_STATUS_CHANGED, type EventData, type StatusData } from './helpers/operations.js';
import { liveServerOn } from './helpers/servers.js';
import { Collector } from './helpers/ws-client.js';

/**
 * Subscriptions deliver only what their caller may see (src/core/policy.ts: a task to its owner,
 * its assignee, an agent with an active `tasks:read` grant from the owner, and, while it is
 * published and pending, anyone identified; a grant to its owner, agent and grantor; agents to
 * everyone; an event as the entity it carries was at the event), live and in replays, on every
 * target. Absence is proven without waiting: a subscription delivers in log order, so a marker the
 * subscriber may see, written after the events it must not see, arrives after anything still due.
 */
for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`subscriptions show each caller only what it may see (${target.name})`, () => {
    const fixture = liveServerOn(target, 'visibility');
    const { fresh, client, subscribeAll } = fixture;

    /** `events` and `taskStatusChanged` on one connection, with these variables each (default: everything). */
    async function watch(
      on: Client,
      variables: { events?: Record<string, unknown>; status?: Record<string, unknown> } = {},
    ): Promise<{ events: Collector<EventData>; status: Collector<StatusData> }> {
      const before = fixture.server.subscriptions.stats().opened;
      const events = new Collector<EventData>(on, EVENTS, variables.events ?? {});
      const status = new Collector<StatusData>(on, TASK_STATUS_CHANGED, variables.status ?? {});
      await waitFor('the server to open the subscriptions', () => fixture.server.subscriptions.stats().opened >= before + 2);
      return { events, status };
    }

    /** `TYPE name:STATUS` per event, naming the tasks, agents and grants by `names`. */
    function eventsOf(collector: Collector<EventData>, names: Map<string, string>): string[] {
      return collector.data.map(({ events: e }) => {
        if (e.task) return `${e.type} ${names.get(e.task.id) ?? e.task.id}:${e.task.status}`;
        if (e.grant) return `${e.type} ${names.get(e.grant.id) ?? e.grant.id}`;
        return `${e.type} ${names.get(e.agent!.did) ?? e.agent!.did}`;
      });
    }

    function statusesOf(collector: Collector<StatusData>, names: Map<string, string>): string[] {
      return collector.data.map(({ taskStatusChanged: t }) => `${names.get(t.id) ?? t.id}:${t.status}`);
    }

    it("a stranger is shown nothing about a task, live or replayed, while its owner and its assignee get all of it", async () => {
      const owner = userDid(fresh('owner'));
      const assignee = agentDid(fresh('assignee'));
      const stranger = userDid(fresh('stranger'));
      const http = api(fixture.server.url, owner);
      const asAssignee = http.as(assignee);
      const asStranger = http.as(stranger);
      await asAssignee.registerAgent(assignee, 'Assignee');
      const start = String(await fixture.opened.agentStack.lastEventSequence());

      const ownerSees = await watch(client(owner), { events: { filter: { ownerDid: owner } }, status: { ownerDid: owner } });
      // The assignee and the stranger ask for everything: what they get is what they may see.
      const assigneeSees = await watch(client(assignee));
      const strangerClient = client(stranger);
      const strangerSees = await watch(strangerClient);

      const task = await http.createTask(owner, 'private');
      await http.assignTask(task.id, assignee);
      await asAssignee.updateTaskStatus(task.id, 'RUNNING');
      await asAssignee.updateTaskStatus(task.id, 'RUNNING', { metadata: { progress: 50 } });
      await asAssignee.updateTaskStatus(task.id, 'COMPLETE');
      // The stranger's markers, written last: its own task, created and cancelled.
      const marker = await asStranger.createTask(stranger, 'marker');
      await asStranger.updateTaskStatus(marker.id, 'CANCELLED');
      const names = new Map([
        [task.id, 'task'],
        [marker.id, 'marker'],
      ]);

      await ownerSees.events.waitForResults(5);
      expect(eventsOf(ownerSees.events, names)).toEqual([
        'TASK_CREATED task:PENDING',
        'TASK_ASSIGNED task:QUEUED',
        'TASK_UPDATED task:RUNNING',
        'TASK_UPDATED task:RUNNING',
        'TASK_UPDATED task:COMPLETE',
      ]);
      await ownerSees.status.waitForResults(3);
      expect(statusesOf(ownerSees.status, names)).toEqual(['task:QUEUED', 'task:RUNNING', 'task:COMPLETE']);

      // The assignee: everything from its assignment on; not the creation (it was nobody's then).
      await assigneeSees.events.waitForResults(4);
      expect(eventsOf(assigneeSees.events, names)).toEqual([
        'TASK_ASSIGNED task:QUEUED',
        'TASK_UPDATED task:RUNNING',
        'TASK_UPDATED task:RUNNING',
        'TASK_UPDATED task:COMPLETE',
      ]);
      await assigneeSees.status.waitForResults(3);
      expect(statusesOf(assigneeSees.status, names)).toEqual(['task:QUEUED', 'task:RUNNING', 'task:COMPLETE']);

      // The stranger: its own markers, and nothing before them.
      await strangerSees.events.waitForResults(2);
      expect(eventsOf(strangerSees.events, names)).toEqual(['TASK_CREATED marker:PENDING', 'TASK_UPDATED marker:CANCELLED']);
      await strangerSees.status.waitForResults(1);
      expect(statusesOf(strangerSees.status, names)).toEqual(['marker:CANCELLED']);

      // Replays from before the task (history read from the log) are judged the same way.
      const strangerReplays = await watch(strangerClient, { events: { after: start }, status: { after: start } });
      await strangerReplays.events.waitForResults(2);
      expect(eventsOf(strangerReplays.events, names)).toEqual(['TASK_CREATED marker:PENDING', 'TASK_UPDATED marker:CANCELLED']);
      await strangerReplays.status.waitForResults(1);
      expect(statusesOf(strangerReplays.status, names)).toEqual(['marker:CANCELLED']);
      const assigneeReplays = await watch(client(assignee), { events: { after: start }, status: { after: start } });
      await assigneeReplays.events.waitForResults(4);
      expect(eventsOf(assigneeReplays.events, names)).toEqual(eventsOf(assigneeSees.events, names));
      await assigneeReplays.status.waitForResults(3);
      expect(statusesOf(assigneeReplays.status, names)).toEqual(['task:QUEUED', 'task:RUNNING', 'task:COMPLETE']);
      for (const collector of [strangerSees, strangerReplays, assigneeSees, assigneeReplays, ownerSees].flatMap((w) => [w.events, w.status])) {
        expect(collector.error).toBeNull();
      }
    });

    it('an agent with a tasks:read grant from the owner is shown its tasks, and nothing new once the grant is revoked', async () => {
      const owner = userDid(fresh('owner'));
      const reader = agentDid(fresh('reader'));
      const worker = agentDid(fresh('worker'));
      const http = api(fixture.server.url, owner);
      await http.as(reader).registerAgent(reader, 'Reader');
      await http.as(worker).registerAgent(worker, 'Worker');
      const start = String(await fixture.opened.agentStack.lastEventSequence());
      const grant = await http.delegate(owner, reader, ['tasks:read']);

      // The reader asks for everything: what it gets is what it may see.
      const readerClient = client(reader);
      const { events: readerEvents, status: readerStatus } = await watch(readerClient);
      // A control: the owner sees every change, before and after the revocation.
      const [ownerStatus] = await subscribeAll<StatusData>(client(owner), [{ query: TASK_STATUS_CHANGED, variables: { ownerDid: owner } }]);

      const shared = await http.createTask(owner, 'shared');
      await http.assignTask(shared.id, worker);
      await http.as(worker).updateTaskStatus(shared.id, 'RUNNING');
      const names = new Map([
        [shared.id, 'shared'],
        [grant.id, 'grant'],
      ]);
      // Received before the revocation (a subscription judges each event when it delivers it).
      await readerEvents.waitForResults(3);
      expect(eventsOf(readerEvents, names)).toEqual(['TASK_CREATED shared:PENDING', 'TASK_ASSIGNED shared:QUEUED', 'TASK_UPDATED shared:RUNNING']);
      await readerStatus.waitForResults(2);
      expect(statusesOf(readerStatus, names)).toEqual(['shared:QUEUED', 'shared:RUNNING']);

      const revoked = await http.revokeDelegation(grant.id);
      expect(revoked.revokedAt).not.toBeNull();
      await http.as(worker).updateTaskStatus(shared.id, 'COMPLETE'); // a status change the reader may no longer see
      const later = await http.createTask(owner, 'after the revocation'); // nor this creation
      names.set(later.id, 'later');
      // The reader's marker, written last: a task of the same owner assigned to the reader itself.
      await http.assignTask(later.id, reader);

      await readerEvents.waitForResults(5);
      expect(eventsOf(readerEvents, names).slice(3)).toEqual(['DELEGATION_REVOKED grant', 'TASK_ASSIGNED later:QUEUED']);
      expect(readerEvents.results).toHaveLength(5);
      await readerStatus.waitForResults(3);
      expect(statusesOf(readerStatus, names)).toEqual(['shared:QUEUED', 'shared:RUNNING', 'later:QUEUED']);
      await ownerStatus!.waitForResults(4);
      expect(statusesOf(ownerStatus!, names)).toEqual(['shared:QUEUED', 'shared:RUNNING', 'shared:COMPLETE', 'later:QUEUED']);

      // A replay now judges the history by the grants now: the owner's task is no longer the reader's to see.
      const [replay] = await subscribeAll<EventData>(readerClient, [{ query: EVENTS, variables: { after: start } }]);
      await replay!.waitForResults(3);
      expect(eventsOf(replay!, names)).toEqual(['DELEGATION_GRANTED grant', 'DELEGATION_REVOKED grant', 'TASK_ASSIGNED later:QUEUED']);
    });

    it("a published pending task's events reach any identified subscriber, until it is claimed", async () => {
      const owner = userDid(fresh('owner'));
      const claimer = agentDid(fresh('claimer'));
      const passerby = userDid(fresh('passerby'));
      const scout = agentDid(fresh('scout'));
      const latecomer = agentDid(fresh('latecomer'));
      const http = api(fixture.server.url, owner);
      await http.as(claimer).registerAgent(claimer, 'Claimer');
      await http.as(scout).registerAgent(scout, 'Scout');

      // Identified, with no relation to the owner or the task.
      const [passerbyEvents] = await subscribeAll<EventData>(client(passerby), [{ query: EVENTS }]);
      const [scoutEvents] = await subscribeAll<EventData>(client(scout), [{ query: EVENTS }]);
      const [claimerEvents] = await subscribeAll<EventData>(client(claimer), [{ query: EVENTS }]);

      const offer = await http.createTask(owner, 'on offer'); // not published yet: the owner's alone
      await http.publishTask(offer.id);
      await http.updateTaskStatus(offer.id, 'PENDING', { metadata: { budget: 'raised' } }); // still published and pending
      await http.as(claimer).claimTask(offer.id, claimer); // queued for the claimer: off the market
      // The marker, written last: an agent registering itself is public.
      await http.as(latecomer).registerAgent(latecomer, 'Latecomer');
      const names = new Map([
        [offer.id, 'offer'],
        [latecomer, 'latecomer'],
      ]);

      for (const collector of [passerbyEvents!, scoutEvents!]) {
        await collector.waitForResults(3);
        expect(eventsOf(collector, names)).toEqual(['TASK_UPDATED offer:PENDING', 'TASK_UPDATED offer:PENDING', 'AGENT_REGISTERED latecomer']);
      }
      // The claimer sees the offer too, and then its claim, as the task's assignee.
      await claimerEvents!.waitForResults(4);
      expect(eventsOf(claimerEvents!, names)).toEqual([
        'TASK_UPDATED offer:PENDING',
        'TASK_UPDATED offer:PENDING',
        'TASK_ASSIGNED offer:QUEUED',
        'AGENT_REGISTERED latecomer',
      ]);
    });

    it('refuses a connection without an identity with 4401, before any subscription opens', async () => {
      for (const connectionParams of [undefined, { 'x-agentstack-did': '' }]) {
        const refusedBefore = fixture.server.subscriptions.stats().refusedConnections;
        const openedBefore = fixture.server.subscriptions.stats().opened;
        const anonymous = client(connectionParams ?? {});
        const events = new Collector<EventData>(anonymous, EVENTS);
        const status = new Collector<StatusData>(anonymous, TASK_STATUS_CHANGED);
        await events.waitForEnd();
        await status.waitForEnd();
        for (const refused of [events, status]) {
          // 4401: final (graphql-ws clients do not retry it), and says why.
          expect(refused.error).toMatchObject({ code: 4401 });
          expect(String((refused.error as { reason: string }).reason)).toContain('UNAUTHENTICATED');
          expect(refused.results).toEqual([]);
        }
        expect(fixture.server.subscriptions.stats().refusedConnections).toBeGreaterThan(refusedBefore);
        expect(fixture.server.subscriptions.stats().opened).toBe(openedBefore);
      }
    });
  });
}
