/**
 * Fault (b): every connection the server holds is killed with pg_terminate_backend (its LISTEN
 * connection included), once while it is idle and once while requests are in flight. The next
 * requests succeed (reads are retried inside the server) or fail with SERVICE_UNAVAILABLE, never
 * INTERNAL_SERVER_ERROR; everything works again soon, in the same process; the LISTEN connection
 * comes back by itself, and a subscription opened before keeps receiving new events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../../src/server/subscriptions/pg-notify-wake-source.js';
import { CREATE_TASK, READ_AGENT, READ_TASKS, REGISTER_AGENT, taskInput } from './operations.js';
import { call, describeCall, isServiceUnavailable, outcomeNone, sampler, summarize, timeUntil, untilOk, type Call, type Sample } from './probes.js';
import { ResumingSubscriber } from './subscriber.js';
import { FAULTS_ENABLED, serverAlive, startWorld, type FaultWorld } from './world.js';

const OWNER = 'did:coinpay:user:terminate-owner';
const AGENT = 'did:coinpay:agent:terminate-agent';
const RECOVERY_BOUND_MS = 5_000;
/** LISTEN reconnects with a short backoff; the feed's 3-s safety poll is the fallback. */
const DELIVERY_BOUND_MS = 8_000;

interface Observed {
  backendsBefore: { application_name: string }[];
  idleTerminated: number;
  /** Right after the idle termination, one after another. */
  afterIdle: Call[];
  /** Sent while the tasks table was locked (so they were waiting in the database), then terminated. */
  inFlight: Call[];
  /** ms until the in-flight requests were seen waiting in the database; null: never seen. */
  inFlightSeenMs: number | null;
  inFlightTerminated: number;
  recoveryWrite: { ok: boolean; ms: number; calls: Call[] };
  recoveryRead: { ok: boolean; ms: number; calls: Call[] };
  listenerBackMs: number | null;
  /** ms until the subscription opened before received the event of a task created afterwards. */
  deliveredMs: number | null;
  /** Which subscription attempt delivered it (1: the one opened before the faults). */
  deliveredByAttempt: number | null;
  subscriber: ResumingSubscriber;
  health: Sample[];
  keysInDatabase: Set<string>;
  alive: boolean;
}

describe.runIf(FAULTS_ENABLED)('fault (b): the server\'s database sessions are terminated', () => {
  let world: FaultWorld;
  let observed: Observed;

  beforeAll(async () => {
    world = await startWorld();
    const { server, cluster } = world;
    const headers = await server.as(OWNER);
    const seeded = await call(server.url, 'registerAgent', REGISTER_AGENT, { input: { did: AGENT, ownerDid: OWNER, name: 'Terminate', sourceApp: 'faults' } }, headers);
    if (!seeded.ok) throw new Error(`Seeding failed: ${summarize([seeded])}\n${world.logs()}`);
    const create = (key: string) => call(server.url, 'createTask', CREATE_TASK, taskInput(OWNER, key), headers, { write: true, key });
    const readAgent = () => call(server.url, 'agent', READ_AGENT, { did: AGENT }, headers);
    const readTasks = () => call(server.url, 'tasks', READ_TASKS, { owner: OWNER }, headers);
    const sequenceOf = async (key: string) =>
      Number((await cluster.sql<{ s: string }>(`SELECT e.sequence AS s FROM events e JOIN tasks t ON t.id = e.task_id WHERE t.idempotency_key = $1`, [key]))[0]?.s);

    // A subscription opened before the faults, and proved live.
    const [{ last }] = (await cluster.sql<{ last: string }>(`SELECT coalesce(max(sequence), 0) AS last FROM events`)) as [{ last: string }];
    const subscriber = new ResumingSubscriber(server.wsUrl, () => server.connectionParams(OWNER), last, { ownerDid: OWNER });
    subscriber.start();
    const health = sampler(server.origin, '/health', 100);
    try {
      const warm = await create('terminate-before');
      if (!warm.ok) throw new Error(`createTask failed before any fault: ${describeCall(warm)}\n${world.logs()}`);
      await subscriber.waitForCursor(await sequenceOf('terminate-before'), 10_000);

      // 1. Idle: kill every session, then ask at once.
      await timeUntil(async () => (await cluster.serverBackends()).some((b) => b.application_name === LISTENER_APPLICATION_NAME), 5_000, 50);
      const backendsBefore = await cluster.serverBackends();
      const idleTerminated = await cluster.terminateServerBackends();
      const afterIdle: Call[] = [];
      afterIdle.push(await readAgent(), await readTasks(), await create('terminate-idle-1'), await readAgent(), await readTasks(), await create('terminate-idle-2'));

      // 2. In flight: requests wait on a lock in the database while their sessions are killed.
      const lock = await cluster.holdExclusiveLock('tasks');
      let inFlight: Call[];
      let inFlightSeenMs: number | null;
      let inFlightTerminated = 0;
      try {
        const pending = Promise.all([create('terminate-inflight-1'), readTasks()]);
        inFlightSeenMs = await timeUntil(async () => (await cluster.serverBackends()).filter((b) => b.wait_event_type === 'Lock').length >= 1, 3_000, 10);
        inFlightTerminated = await cluster.terminateServerBackends();
        await lock.release();
        inFlight = await pending;
      } finally {
        await lock.release();
      }

      // 3. Everything works again, the LISTEN connection is back, the old subscription delivers.
      let attempt = 0;
      const recoveryWrite = await untilOk(() => create(`terminate-recovery-${++attempt}`), RECOVERY_BOUND_MS * 2);
      const recoveryRead = await untilOk(readAgent, RECOVERY_BOUND_MS * 2);
      const listenerBackMs = await timeUntil(async () => (await cluster.serverBackends()).some((b) => b.application_name === LISTENER_APPLICATION_NAME), 10_000, 50);
      const afterward = await create('terminate-after');
      let deliveredMs: number | null = null;
      let deliveredByAttempt: number | null = null;
      if (afterward.ok) {
        const sequence = await sequenceOf('terminate-after');
        deliveredMs = await timeUntil(() => subscriber.received.some((r) => Number(r.cursor) === sequence), DELIVERY_BOUND_MS * 2, 20);
        deliveredByAttempt = subscriber.received.find((r) => Number(r.cursor) === sequence)?.attempt ?? null;
      }

      await subscriber.stop();
      await health.stop();
      const rows = await cluster.sql<{ key: string }>(`SELECT idempotency_key AS key FROM tasks WHERE owner_did = $1 AND idempotency_key IS NOT NULL`, [OWNER]);
      observed = {
        backendsBefore,
        idleTerminated,
        afterIdle,
        inFlight,
        inFlightSeenMs,
        inFlightTerminated,
        recoveryWrite,
        recoveryRead,
        listenerBackMs,
        deliveredMs,
        deliveredByAttempt,
        subscriber,
        health: health.samples,
        keysInDatabase: new Set(rows.map((row) => row.key)),
        alive: serverAlive(world),
      };
    } finally {
      await subscriber.stop();
      await health.stop();
    }
    const unexpected = world.unexpectedErrors();
    console.log(
      (unexpected.length ? `[faults] the server logged for its INTERNAL_SERVER_ERRORs:\n${unexpected.join('\n')}\n` : '') +
      `[faults/terminate] idle: terminated ${observed.idleTerminated} (${observed.backendsBefore.map((b) => b.application_name || '(pool)').join(', ')})\n` +
        `after idle termination:\n${observed.afterIdle.map(describeCall).join('\n')}\n` +
        `in flight (seen waiting after ${observed.inFlightSeenMs?.toFixed(0)} ms, terminated ${observed.inFlightTerminated}):\n${observed.inFlight.map(describeCall).join('\n')}\n` +
        `recovery: write ${observed.recoveryWrite.ms.toFixed(0)} ms (${observed.recoveryWrite.calls.length} calls), read ${observed.recoveryRead.ms.toFixed(0)} ms; ` +
        `LISTEN back after ${observed.listenerBackMs?.toFixed(0)} ms; old subscription delivered after ${observed.deliveredMs?.toFixed(0)} ms (attempt ${observed.deliveredByAttempt}); ` +
        `subscription ends: ${JSON.stringify(observed.subscriber.ends)}`,
    );
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  }, 60_000);

  const lines = (calls: Call[]) => calls.map(describeCall);
  const allCalls = () => [...observed.afterIdle, ...observed.inFlight, ...observed.recoveryWrite.calls, ...observed.recoveryRead.calls];

  it('killed every session of the server, its LISTEN connection among them (the scenario is real)', () => {
    expect(observed.backendsBefore.some((b) => b.application_name === LISTENER_APPLICATION_NAME)).toBe(true);
    expect(observed.idleTerminated).toBeGreaterThanOrEqual(2);
    expect(observed.inFlightSeenMs, 'the in-flight requests were never seen waiting in the database').not.toBeNull();
    expect(observed.inFlightTerminated).toBeGreaterThanOrEqual(1);
  });

  it('never answers INTERNAL_SERVER_ERROR after its sessions are killed', () => {
    const internal = allCalls().filter((c) => c.codes.includes('INTERNAL_SERVER_ERROR'));
    expect(lines(internal), world.logs()).toEqual([]);
  });

  it('answers each request after an idle kill with success or SERVICE_UNAVAILABLE (503, retry-after)', () => {
    const bad = observed.afterIdle.filter((c) => !c.ok && !isServiceUnavailable(c));
    expect(lines(bad), world.logs()).toEqual([]);
  });

  it('answers reads after an idle kill successfully (retried inside the server on a fresh connection)', () => {
    const failedReads = observed.afterIdle.filter((c) => !c.write && !c.ok);
    expect(lines(failedReads), world.logs()).toEqual([]);
  });

  it('answers requests whose session is killed in flight with success or SERVICE_UNAVAILABLE (503, retry-after)', () => {
    const bad = observed.inFlight.filter((c) => !c.ok && !isServiceUnavailable(c));
    expect(lines(bad), world.logs()).toEqual([]);
  });

  it('keeps every task whose createTask answered success, and none answered outcome "none"', () => {
    const creates = allCalls().filter((c) => c.label === 'createTask');
    expect(creates.filter((c) => c.ok && !observed.keysInDatabase.has(c.key!)).map((c) => c.key)).toEqual([]);
    expect(creates.filter((c) => outcomeNone(c) && observed.keysInDatabase.has(c.key!)).map((c) => c.key)).toEqual([]);
  });

  it(`works again within ${RECOVERY_BOUND_MS} ms, in the same process, /health 200 throughout`, () => {
    expect(observed.recoveryWrite.ok, lines(observed.recoveryWrite.calls).join('\n')).toBe(true);
    expect(observed.recoveryWrite.ms).toBeLessThan(RECOVERY_BOUND_MS);
    expect(observed.recoveryRead.ok, lines(observed.recoveryRead.calls).join('\n')).toBe(true);
    expect(observed.recoveryRead.ms).toBeLessThan(RECOVERY_BOUND_MS);
    expect(observed.alive, world.logs()).toBe(true);
    expect(observed.health.filter((s) => s.status !== 200)).toEqual([]);
  });

  it('re-establishes its LISTEN connection by itself', () => {
    expect(observed.listenerBackMs, 'no agentstack-events-listener session came back').not.toBeNull();
    expect(observed.listenerBackMs!).toBeLessThan(RECOVERY_BOUND_MS);
  });

  it(`keeps delivering to a subscription opened before (within ${DELIVERY_BOUND_MS} ms, not cut off)`, () => {
    expect(observed.deliveredMs, `the new event never reached the subscriber; its ends: ${JSON.stringify(observed.subscriber.ends)}`).not.toBeNull();
    expect(observed.deliveredMs!).toBeLessThan(DELIVERY_BOUND_MS);
    expect(observed.deliveredByAttempt, `the stream was cut and resubscribed: ${JSON.stringify(observed.subscriber.ends)}`).toBe(1);
  });
});
