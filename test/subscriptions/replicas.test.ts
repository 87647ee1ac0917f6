import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentDid, userDid } from '../../src/core/did.js';
import { PgNotifyWakeSource } from '../../src/server/subscriptions/pg-notify-wake-source.js';
import { releaseSchema, openTarget, uniqueSchema, type OpenedDatabase } from '../helpers/databases.js';
import { POSTGRES_URL, runsOn } from '../helpers/targets.js';
import { api, asCaller, EVENTS, TASK_STATUS_CHANGED, type EventData, type StatusData } from './helpers/operations.js';
import { startReplicaProcess, type ReplicaProcess } from './helpers/replica-process.js';
import { startServer, type RunningServer } from './helpers/servers.js';
import { waitFor } from '../helpers/wait.js';
import { Collector, connect } from './helpers/ws-client.js';
import { logSequences } from './helpers/world.js';

/**
 * Several replicas, one PostgreSQL: replica A runs in this process, replica B in a child
 * process, both on one schema. Neither polls (safety poll 60 s), so only LISTEN/NOTIFY and the
 * catch-up read after a reconnect can carry an event from one replica's write to the other's
 * subscribers.
 */
describe.runIf(runsOn('postgres'))('several replicas on one PostgreSQL', () => {
  const schema = uniqueSchema('replicas');
  const listenerName = `agentstack-replica-a-${process.pid}`;
  let a: OpenedDatabase;
  let listenerA: PgNotifyWakeSource;
  let serverA: RunningServer;
  let b: ReplicaProcess;
  let admin: pg.Client;
  let run = 0;
  const fresh = (name: string) => `${name}-${++run}`;

  beforeAll(async () => {
    a = await openTarget('postgres', { schema });
    listenerA = new PgNotifyWakeSource({ connectionString: a.database.connectionString, applicationName: listenerName, minBackoffMs: 50, presence: a.database.wakePresence ?? null });
    serverA = await startServer(a, { wakeSource: listenerA, safetyPollMs: 60_000 });
    b = await startReplicaProcess(POSTGRES_URL!, schema);
    admin = new pg.Client({ connectionString: POSTGRES_URL! });
    await admin.connect();
  }, 90_000);
  afterAll(async () => {
    await b?.stop();
    await serverA?.close();
    await a?.close();
    await admin?.end();
    await releaseSchema(schema);
  });

  it('a subscriber on A receives what is written through B, in another process (and the other way round)', async () => {
    const owner = userDid(fresh('cross'));
    const worker = agentDid(fresh('cross-worker'));
    // Every subscriber is the owner of the tasks it watches (it may see all they match).
    const onA = connect(serverA.wsUrl, asCaller(owner));
    const onB = connect(b.wsUrl, asCaller(owner));
    try {
      const opened = serverA.subscriptions.stats().opened;
      const eventsOnA = new Collector<EventData>(onA, EVENTS, { filter: { ownerDid: owner } });
      const statusOnA = new Collector<StatusData>(onA, TASK_STATUS_CHANGED, { ownerDid: owner });
      await waitFor('A to open the subscriptions', () => serverA.subscriptions.stats().opened >= opened + 2);
      const after = String(await a.agentStack.lastEventSequence());
      const eventsOnB = new Collector<EventData>(onB, EVENTS, { after, filter: { ownerDid: owner } });

      const throughB = api(b.url, owner);
      await throughB.as(worker).registerAgent(worker, 'Worker'); // the agent registers itself
      const written = performance.now();
      const task = await throughB.createTask(owner, 'written through B');
      await eventsOnA.waitForResults(1, 5_000);
      const latency = performance.now() - written;
      await throughB.assignTask(task.id, worker);
      const throughA = api(serverA.url, owner);
      await throughA.updateTaskStatus(task.id, 'RUNNING'); // and a write through A, seen on B

      await eventsOnA.waitForResults(3);
      await statusOnA.waitForResults(2);
      await eventsOnB.waitForResults(3);
      console.info(`[postgres] write through B → event on A's subscriber: ${Math.round(latency)} ms (NOTIFY; no polling)`);
      expect(eventsOnA.data.map(({ events: e }) => e.type)).toEqual(['TASK_CREATED', 'TASK_ASSIGNED', 'TASK_UPDATED']);
      expect(statusOnA.data.map(({ taskStatusChanged: t }) => t.status)).toEqual(['QUEUED', 'RUNNING']);
      expect(eventsOnB.data.map(({ events: e }) => e.cursor)).toEqual(eventsOnA.data.map(({ events: e }) => e.cursor));
    } finally {
      await Promise.all([onA.dispose(), onB.dispose()]);
    }
  });

  it('after pg_terminate_backend of A’s LISTEN connection, what B committed meanwhile still reaches A', async () => {
    const owner = userDid(fresh('terminated'));
    const client = connect(serverA.wsUrl, asCaller(owner));
    try {
      const opened = serverA.subscriptions.stats().opened;
      const events = new Collector<EventData>(client, EVENTS, { filter: { ownerDid: owner } });
      await waitFor('A to open the subscription', () => serverA.subscriptions.stats().opened > opened);
      const connectionsBefore = listenerA.connectionCount;

      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [listenerName],
      );
      expect(killed.rows).toHaveLength(1);
      const terminatedAt = performance.now();
      // Written through B right away, while A has no LISTEN connection: these NOTIFYs are lost to A.
      const throughB = api(b.url, owner);
      for (let i = 0; i < 20; i++) await throughB.createTask(owner, `while A was deaf ${i}`);

      await events.waitForResults(20, 15_000);
      const recovered = performance.now() - terminatedAt;
      expect(listenerA.connectionCount).toBeGreaterThan(connectionsBefore);
      const cursors = events.data.map(({ events: e }) => Number(e.cursor));
      expect(new Set(cursors).size).toBe(20);
      expect(cursors).toEqual(await logSequences(a.agentStack, owner, 0, { ownerDid: owner }));
      console.info(`[postgres] pg_terminate_backend → all 20 events committed meanwhile delivered on A after ${Math.round(recovered)} ms`);

      // And live delivery by NOTIFY works again on the new connection.
      await throughB.createTask(owner, 'after recovery');
      await events.waitForResults(21, 5_000);
    } finally {
      await client.dispose();
    }
  });

  it('a client that drops off A resumes on B with the cursor A gave it: nothing lost, nothing twice', async () => {
    const owner = userDid(fresh('failover'));
    const start = String(await a.agentStack.lastEventSequence());
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 150; i++) await a.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: `failover ${i}` }, { actorDid: owner });
      writing = false;
    })();
    const onA = connect(serverA.wsUrl, asCaller(owner));
    const first = new Collector<EventData>(onA, EVENTS, { after: start, filter: { ownerDid: owner } });
    await first.waitForResults(30);
    await onA.dispose(); // replica A "goes away" for this client
    const received = first.data.map(({ events: e }) => Number(e.cursor));

    const onB = connect(b.wsUrl, asCaller(owner));
    try {
      const rest = new Collector<EventData>(onB, EVENTS, { after: String(received[received.length - 1]), filter: { ownerDid: owner } });
      await writer;
      expect(writing).toBe(false);
      await rest.waitForResults(150 - received.length, 20_000);
      const all = [...received, ...rest.data.map(({ events: e }) => Number(e.cursor))];
      expect(all).toHaveLength(150);
      expect(new Set(all).size).toBe(150);
      expect(all).toEqual(await logSequences(a.agentStack, owner, Number(start), { ownerDid: owner }));
    } finally {
      await onB.dispose();
    }
  });

  it('under concurrent writers on both replicas, subscribers that keep hopping between replicas see exactly the log', async () => {
    const owner = userDid(fresh('stress'));
    const start = Number(await a.agentStack.lastEventSequence());
    const deadline = Date.now() + 60_000;
    const throughB = api(b.url, owner);
    const asOwner = { actorDid: owner };

    // A subscriber that stays on A from the start, without a cursor.
    const steadyClient = connect(serverA.wsUrl, asCaller(owner));
    const opened = serverA.subscriptions.stats().opened;
    const steady = new Collector<EventData>(steadyClient, EVENTS, { filter: { ownerDid: owner } });
    await waitFor('the steady subscription to open', () => serverA.subscriptions.stats().opened > opened);

    // Writers: 4 in this process (replica A's AgentStack), 4 through replica B's HTTP API.
    const writers = Promise.all([
      ...Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 40; i++) {
          const task = await a.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: `A${w}.${i}` }, asOwner);
          if (i % 4 === 0) await a.agentStack.updateTaskStatus(task.id, 'cancelled', {}, asOwner);
        }
      }),
      ...Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 40; i++) await throughB.createTask(owner, `B${w}.${i}`);
      }),
    ]);

    // Hoppers: take a few events, drop the connection, resume on the other replica with the cursor.
    let finalCount: number | null = null; // known once the writers are done
    let hops = 0;
    async function hopper(seed: number): Promise<number[]> {
      const received: number[] = [];
      for (let hop = seed; ; hop++) {
        const target = hop % 2 === 0 ? serverA.wsUrl : b.wsUrl;
        const client = connect(target, asCaller(owner));
        const after = String(received.length ? received[received.length - 1] : start);
        const collector = new Collector<EventData>(client, EVENTS, { after, filter: { ownerDid: owner } });
        const want = 5 + ((seed * 7 + hop * 13) % 35);
        await waitFor(
          `hopper ${seed}: events on ${target}`,
          () => collector.results.length >= want || (finalCount !== null && received.length + collector.results.length >= finalCount),
          Math.max(1_000, deadline - Date.now()),
        );
        received.push(...collector.data.map(({ events: e }) => Number(e.cursor)));
        await client.dispose();
        hops++;
        if (finalCount !== null && received.length >= finalCount) return received;
      }
    }
    const hoppers = [hopper(0), hopper(1), hopper(2)];
    await writers;
    const reference = await logSequences(a.agentStack, owner, start, { ownerDid: owner });
    finalCount = reference.length;
    expect(reference).toHaveLength(8 * 40 + 4 * 10);
    const results = await Promise.all(hoppers);
    await steady.waitForResults(reference.length, 30_000);
    await steadyClient.dispose();
    expect(steady.data.map(({ events: e }) => Number(e.cursor))).toEqual(reference);
    for (const received of results) expect(received).toEqual(reference);
    console.info(`[postgres] 8 concurrent writers on 2 replicas, ${reference.length} events: 3 subscribers hopping between replicas (${hops} reconnects in all) and 1 steady one each saw exactly the log`);
  }, 90_000);
});
