/**
 * Fault (a): the database restarts, then goes away for a moment, while mutations and reads run
 * over HTTP against the real server process. During the outage every failure is
 * SERVICE_UNAVAILABLE (HTTP 503, retry-after, an outcome), never INTERNAL_SERVER_ERROR and never
 * a hang; /health stays 200 and /ready answers 503 while the database is down and 200 after;
 * writes succeed again soon after, from the same process; and the database holds every task
 * whose createTask answered success and none whose failure said outcome "none".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_TASK, READ_AGENT, READ_TASKS, REGISTER_AGENT, taskInput } from './operations.js';
import { call, describeCall, get, HANG_BOUND_MS, isServiceUnavailable, loop, outcomeNone, sampler, summarize, timeUntil, type Call, type Sample } from './probes.js';
import { FAULTS_ENABLED, serverAlive, startWorld, type FaultWorld } from './world.js';

const OWNER = 'did:coinpay:user:restart-owner';
const AGENT = 'did:coinpay:agent:restart-agent';
/** After the database is back, a write must succeed within this. */
const RECOVERY_BOUND_MS = 10_000;
/** /ready answers within its own 2 s probe timeout (health.ts), plus slack for a busy machine. */
const READY_ANSWER_BOUND_MS = 3_500;
const WRITERS = 4;
const READERS = 2;

interface Observed {
  calls: Call[];
  health: Sample[];
  ready: Sample[];
  /** Date.now() marks of the phases. */
  marks: { restartBegin: number; restartEnd: number; downBegin: number; downEnd: number };
  /** ms from the end of `pg_ctl restart` to the first successful createTask sent after it. */
  writeBackAfterRestartMs: number | null;
  /** ms after `pg_ctl stop` until /ready answered 503. */
  readyDownMs: number | null;
  /** ms after `pg_ctl start` until /ready answered 200 / a createTask succeeded. */
  readyBackMs: number | null;
  writeBackMs: number | null;
  /** Idempotency keys of the tasks in the database at the end. */
  keysInDatabase: Set<string>;
  alive: boolean;
}

describe.runIf(FAULTS_ENABLED)('fault (a): the database restarts under load', () => {
  let world: FaultWorld;
  let observed: Observed;

  beforeAll(async () => {
    world = await startWorld();
    const { server, cluster } = world;
    const headers = await server.as(OWNER);
    const seeded = await call(server.url, 'registerAgent', REGISTER_AGENT, { input: { did: AGENT, ownerDid: OWNER, name: 'Restart', sourceApp: 'faults' } }, headers);
    if (!seeded.ok) throw new Error(`Seeding failed: ${summarize([seeded])}\n${world.logs()}`);

    const calls: Call[] = [];
    const succeededSince = (label: string, since: number) => calls.some((c) => c.label === label && c.ok && c.started >= since);
    const health = sampler(server.origin, '/health', 100);
    const ready = sampler(server.origin, '/ready', 100);
    // Enough requests in flight that some are mid-transaction, some mid-COMMIT, when sessions die.
    const writers = Array.from({ length: WRITERS }, (_, writer) =>
      loop(async (i) => {
        const key = `restart-w${writer}-${i}`;
        calls.push(await call(server.url, 'createTask', CREATE_TASK, taskInput(OWNER, key), headers, { write: true, key }));
      }, 10),
    );
    const readers = Array.from({ length: READERS }, (_, reader) =>
      loop(async (i) => {
        calls.push(
          (i + reader) % 2 === 0
            ? await call(server.url, 'agent', READ_AGENT, { did: AGENT }, headers)
            : await call(server.url, 'tasks', READ_TASKS, { owner: OWNER }, headers),
        );
      }, 10),
    );

    try {
      // Warm: the load runs and succeeds before anything breaks.
      const start = Date.now();
      await timeUntil(() => calls.filter((c) => c.ok && c.write).length >= 10 && succeededSince('agent', start), 10_000);

      // 1. pg_ctl restart -m fast, in the middle of the load.
      const restartBegin = Date.now();
      await cluster.restart();
      const restartEnd = Date.now();
      const writeBackAfterRestartMs = await timeUntil(() => succeededSince('createTask', restartEnd), RECOVERY_BOUND_MS * 2);

      // 2. Down for a moment: /ready must say so, calls keep failing meanwhile.
      await timeUntil(() => calls.filter((c) => c.ok && c.started > restartEnd).length >= 10, 5_000);
      const downBegin = Date.now();
      await cluster.stop();
      const readyDownMs = await timeUntil(async () => (await get(server.origin, '/ready')).status === 503, 8_000, 100);
      await timeUntil(() => calls.filter((c) => c.started > downBegin + 300 && !c.ok).length >= 6, 5_000);
      const downEnd = Date.now();
      await cluster.start();
      const upAt = Date.now();
      const readyBackMs = await timeUntil(async () => (await get(server.origin, '/ready')).status === 200, RECOVERY_BOUND_MS * 2, 100);
      const writeBackMs = await timeUntil(() => succeededSince('createTask', upAt), RECOVERY_BOUND_MS * 2);
      // A little more load on the recovered database.
      const settled = Date.now();
      await timeUntil(() => calls.filter((c) => c.ok && c.started > settled).length >= 10, 5_000);

      await Promise.all([...writers, ...readers].map((l) => l.stop()));
      await Promise.all([health.stop(), ready.stop()]);
      const rows = await cluster.sql<{ key: string }>(`SELECT idempotency_key AS key FROM tasks WHERE owner_did = $1 AND idempotency_key IS NOT NULL`, [OWNER]);
      observed = {
        calls,
        health: health.samples,
        ready: ready.samples,
        marks: { restartBegin, restartEnd, downBegin, downEnd },
        writeBackAfterRestartMs,
        readyDownMs,
        readyBackMs,
        writeBackMs,
        keysInDatabase: new Set(rows.map((row) => row.key)),
        alive: serverAlive(world),
      };
    } finally {
      await Promise.all([...writers, ...readers, health, ready].map((l) => l.stop().catch(() => undefined)));
    }
    const unexpected = world.unexpectedErrors();
    console.log(
      (unexpected.length ? `[faults] the server logged for its INTERNAL_SERVER_ERRORs:\n${unexpected.join('\n')}\n` : '') +
      `[faults/restart] ${calls.length} calls:\n${summarize(calls)}\n` +
        `write back after restart: ${observed.writeBackAfterRestartMs?.toFixed(0)} ms; /ready 503 after stop: ${observed.readyDownMs?.toFixed(0)} ms; ` +
        `/ready 200 after start: ${observed.readyBackMs?.toFixed(0)} ms; write back after start: ${observed.writeBackMs?.toFixed(0)} ms`,
    );
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  }, 60_000);

  const failures = () => observed.calls.filter((c) => !c.ok);
  const show = (calls: Call[]) => `${summarize(calls)}\n${world.logs()}`;
  const lines = (calls: Call[]) => calls.map(describeCall);

  it('hit the outage at all (the scenario is real: some calls failed, most succeeded)', () => {
    expect(failures().length).toBeGreaterThan(0);
    expect(observed.calls.filter((c) => c.ok).length).toBeGreaterThan(20);
  });

  it('never answers INTERNAL_SERVER_ERROR during the outage', () => {
    const internal = observed.calls.filter((c) => c.codes.includes('INTERNAL_SERVER_ERROR'));
    expect(lines(internal), show(internal)).toEqual([]);
  });

  it('answers every failure with SERVICE_UNAVAILABLE, HTTP 503 and a retry-after header', () => {
    const other = failures().filter((c) => !isServiceUnavailable(c));
    expect(lines(other), show(other)).toEqual([]);
  });

  it('says each failure\'s outcome: "none" for reads, "none" or "unknown" for writes', () => {
    const unavailable = observed.calls.filter((c) => c.codes.includes('SERVICE_UNAVAILABLE'));
    const bad = unavailable.filter((c) => !c.outcomes.every((o) => o === 'none' || (c.write && o === 'unknown')));
    expect(lines(bad), show(bad)).toEqual([]);
  });

  it(`never hangs: every call is answered within ${HANG_BOUND_MS} ms`, () => {
    const slow = observed.calls.filter((c) => c.transportError !== null || c.ms > HANG_BOUND_MS);
    expect(lines(slow), world.logs()).toEqual([]);
  });

  it('keeps /health at 200 throughout', () => {
    const bad = observed.health.filter((s) => s.status !== 200);
    expect(observed.health.length).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('answers /ready 503 while the database is down, promptly, and 200 again after, without a restart of the server', () => {
    expect(observed.readyDownMs, '/ready never answered 503 while the cluster was stopped').not.toBeNull();
    expect(observed.readyBackMs, '/ready never answered 200 after the cluster started again').not.toBeNull();
    const unanswered = observed.ready.filter((s) => s.status === null || s.ms > READY_ANSWER_BOUND_MS);
    expect(unanswered).toEqual([]);
    expect(observed.ready.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    expect(observed.alive).toBe(true);
  });

  it(`writes again within ${RECOVERY_BOUND_MS} ms of the database coming back, in the same process`, () => {
    expect(observed.writeBackAfterRestartMs, 'no createTask succeeded after pg_ctl restart').not.toBeNull();
    expect(observed.writeBackAfterRestartMs!).toBeLessThan(RECOVERY_BOUND_MS);
    expect(observed.writeBackMs, 'no createTask succeeded after pg_ctl start').not.toBeNull();
    expect(observed.writeBackMs!).toBeLessThan(RECOVERY_BOUND_MS);
    expect(observed.alive, world.logs()).toBe(true);
  });

  it('keeps every task whose createTask answered success', () => {
    const missing = observed.calls.filter((c) => c.label === 'createTask' && c.ok && !observed.keysInDatabase.has(c.key!)).map((c) => c.key);
    expect(missing).toEqual([]);
  });

  it('keeps no task whose createTask answered outcome "none"', () => {
    const none = observed.calls.filter((c) => c.label === 'createTask' && outcomeNone(c));
    const present = none.filter((c) => observed.keysInDatabase.has(c.key!)).map((c) => c.key);
    expect(present).toEqual([]);
  });
});
