/**
 * Fault (c): another session holds ACCESS EXCLUSIVE on the tasks table for ~5 s while many
 * writers (more than the write pool has connections) keep trying to create and patch tasks.
 * Writes fail fast with SERVICE_UNAVAILABLE (within about the lock timeout, 500 ms here, far
 * before the lock goes), reads of agents (another table) keep answering promptly from their own
 * pool, and once the lock is released everything works again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_TASK, PATCH_TASK, READ_AGENT, READ_AGENTS, REGISTER_AGENT, taskInput } from './operations.js';
import { call, describeCall, isServiceUnavailable, loop, outcomeNone, sampler, summarize, timeUntil, type Call, type Sample } from './probes.js';
import { FAULT_SUITE_ENV } from './server-process.js';
import { FAULTS_ENABLED, serverAlive, startWorld, type FaultWorld } from './world.js';

const OWNER = 'did:coinpay:user:lock-owner';
const AGENT = 'did:coinpay:agent:lock-agent';
const LOCK_HELD_MS = 5_000;
const LOCK_TIMEOUT_MS = Number(FAULT_SUITE_ENV.AGENTSTACK_DB_LOCK_TIMEOUT_MS);
const ACQUIRE_TIMEOUT_MS = Number(FAULT_SUITE_ENV.AGENTSTACK_DB_ACQUIRE_TIMEOUT_MS);
/**
 * "Fails fast": a write may first wait for a pooled connection (up to the acquire timeout, while
 * every connection is held by a stuck writer), then for the lock (up to the lock timeout); plus
 * slack for a busy 2-core machine. Well before the lock goes.
 */
const FAIL_FAST_MS = ACQUIRE_TIMEOUT_MS + LOCK_TIMEOUT_MS + 1_000;
/**
 * A read of another table answers within this while writers are stuck (a few ms normally; slack
 * for two cores shared with other fault files). A starved read would wait for the whole lock, or
 * fail when its wait for a connection times out.
 */
const PROMPT_MS = 1_500;
/** More writers than the write pool's 10 connections. */
const WRITERS = 12;
const RECOVERY_BOUND_MS = 3_000;

interface Observed {
  lockedAt: number;
  releasedAt: number;
  writes: Call[];
  reads: Call[];
  afterRelease: { write: number | null; patch: number | null };
  health: Sample[];
  keysInDatabase: Set<string>;
  alive: boolean;
}

describe.runIf(FAULTS_ENABLED)(`fault (c): a session holds ACCESS EXCLUSIVE on tasks for ${LOCK_HELD_MS} ms`, () => {
  let world: FaultWorld;
  let observed: Observed;

  beforeAll(async () => {
    world = await startWorld();
    const { server, cluster } = world;
    const headers = await server.as(OWNER);
    const seeded = await call(server.url, 'registerAgent', REGISTER_AGENT, { input: { did: AGENT, ownerDid: OWNER, name: 'Lock', sourceApp: 'faults' } }, headers);
    const task = await call(server.url, 'createTask', CREATE_TASK, taskInput(OWNER, 'lock-seed'), headers, { write: true });
    if (!seeded.ok || !task.ok) throw new Error(`Seeding failed: ${summarize([seeded, task])}\n${world.logs()}`);
    const taskId = (task.data as { createTask: { id: string } }).createTask.id;

    const writes: Call[] = [];
    const reads: Call[] = [];
    const health = sampler(server.origin, '/health', 100);
    const lock = await cluster.holdExclusiveLock('tasks');
    const lockedAt = Date.now();
    let releasedAt = 0;
    // Writers: creates and patches, back to back, until a little after the lock goes.
    const writers = Array.from({ length: WRITERS }, (_, writer) =>
      loop(async (i) => {
        if (writer % 3 === 2) {
          writes.push(await call(server.url, 'patchTask', PATCH_TASK, { taskId, patch: { metadata: { [`w${writer}`]: i } } }, headers, { write: true }));
        } else {
          const key = `lock-w${writer}-${i}`;
          writes.push(await call(server.url, 'createTask', CREATE_TASK, taskInput(OWNER, key), headers, { write: true, key }));
        }
      }, 0),
    );
    const readers = [0, 1].map((reader) =>
      loop(async (i) => {
        reads.push(
          (i + reader) % 2 === 0 ? await call(server.url, 'agent', READ_AGENT, { did: AGENT }, headers) : await call(server.url, 'agents', READ_AGENTS, {}, headers),
        );
      }, 50),
    );
    try {
      await timeUntil(() => Date.now() - lockedAt >= LOCK_HELD_MS, LOCK_HELD_MS + 1_000, 20);
      await lock.release();
      releasedAt = Date.now();
      const afterRelease = {
        write: await timeUntil(() => writes.some((c) => c.label === 'createTask' && c.ok && c.started >= releasedAt), RECOVERY_BOUND_MS * 3),
        patch: await timeUntil(() => writes.some((c) => c.label === 'patchTask' && c.ok && c.started >= releasedAt), RECOVERY_BOUND_MS * 3),
      };
      await Promise.all([...writers, ...readers].map((l) => l.stop()));
      await health.stop();
      const rows = await cluster.sql<{ key: string }>(`SELECT idempotency_key AS key FROM tasks WHERE owner_did = $1 AND idempotency_key IS NOT NULL`, [OWNER]);
      observed = { lockedAt, releasedAt, writes, reads, afterRelease, health: health.samples, keysInDatabase: new Set(rows.map((r) => r.key)), alive: serverAlive(world) };
    } finally {
      await lock.release();
      await Promise.all([...writers, ...readers, health].map((l) => l.stop().catch(() => undefined)));
    }
    const underLock = underTheLock();
    const unexpected = world.unexpectedErrors();
    console.log(
      (unexpected.length ? `[faults] the server logged for its INTERNAL_SERVER_ERRORs:\n${unexpected.join('\n')}\n` : '') +
      `[faults/lock] writes under the lock:\n${summarize(underLock.writes)}\nslowest: ${Math.max(0, ...underLock.writes.map((c) => c.ms)).toFixed(0)} ms\n` +
        `reads under the lock:\n${summarize(underLock.reads)}\nslowest: ${Math.max(0, ...underLock.reads.map((c) => c.ms)).toFixed(0)} ms\n` +
        `after release: create ok after ${observed.afterRelease.write?.toFixed(0)} ms, patch ok after ${observed.afterRelease.patch?.toFixed(0)} ms`,
    );
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  }, 60_000);

  /** Calls sent while the lock was held and early enough to have failed fast before it went. */
  function underTheLock(): { writes: Call[]; reads: Call[] } {
    const sentUnder = (c: Call) => c.started >= observed.lockedAt && c.started <= observed.releasedAt - FAIL_FAST_MS;
    return { writes: observed.writes.filter(sentUnder), reads: observed.reads.filter((c) => c.started >= observed.lockedAt && c.started <= observed.releasedAt) };
  }
  const lines = (calls: Call[]) => calls.map(describeCall);

  it('kept the writers and readers busy under the lock (the scenario is real)', () => {
    expect(observed.releasedAt - observed.lockedAt).toBeGreaterThanOrEqual(LOCK_HELD_MS);
    const { writes, reads } = underTheLock();
    expect(writes.length).toBeGreaterThanOrEqual(WRITERS);
    // Starved readers manage few reads: that is for the "promptly" test below to report.
    expect(reads.length).toBeGreaterThanOrEqual(1);
  });

  it('never answers INTERNAL_SERVER_ERROR', () => {
    const internal = [...observed.writes, ...observed.reads].filter((c) => c.codes.includes('INTERNAL_SERVER_ERROR'));
    expect(lines(internal), world.logs()).toEqual([]);
  });

  it(`fails writes to the locked table fast: SERVICE_UNAVAILABLE (503, retry-after) within ${FAIL_FAST_MS} ms (lock timeout ${LOCK_TIMEOUT_MS} ms), before the lock goes`, () => {
    const { writes } = underTheLock();
    const notFast = writes.filter((c) => !isServiceUnavailable(c) || c.ms > FAIL_FAST_MS || c.started + c.ms >= observed.releasedAt);
    expect(lines(notFast), `${summarize(writes)}\n${world.logs()}`).toEqual([]);
  });

  it(`honours AGENTSTACK_DB_LOCK_TIMEOUT_MS=${LOCK_TIMEOUT_MS}: the median failed write answers within twice that`, () => {
    const { writes } = underTheLock();
    const ms = writes.filter((c) => c.codes.includes('SERVICE_UNAVAILABLE')).map((c) => c.ms).sort((a, b) => a - b);
    expect(ms.length).toBeGreaterThan(0);
    expect(ms[Math.floor(ms.length / 2)]!).toBeLessThan(2 * LOCK_TIMEOUT_MS);
  });

  it('says outcome "none" for those writes, and none of their tasks exists', () => {
    const { writes } = underTheLock();
    const unavailable = writes.filter((c) => c.codes.includes('SERVICE_UNAVAILABLE'));
    expect(lines(unavailable.filter((c) => !outcomeNone(c)))).toEqual([]);
    expect(unavailable.filter((c) => c.key && observed.keysInDatabase.has(c.key)).map((c) => c.key)).toEqual([]);
  });

  it(`keeps answering reads of agents (another table) within ${PROMPT_MS} ms while writers are stuck`, () => {
    const { reads } = underTheLock();
    const bad = reads.filter((c) => !c.ok || c.ms > PROMPT_MS);
    expect(lines(bad), world.logs()).toEqual([]);
  });

  it(`writes again within ${RECOVERY_BOUND_MS} ms of the lock's release, in the same process, /health 200 throughout`, () => {
    expect(observed.afterRelease.write, 'no createTask succeeded after the release').not.toBeNull();
    expect(observed.afterRelease.write!).toBeLessThan(RECOVERY_BOUND_MS);
    expect(observed.afterRelease.patch, 'no updateTaskStatus succeeded after the release').not.toBeNull();
    expect(observed.afterRelease.patch!).toBeLessThan(RECOVERY_BOUND_MS);
    expect(observed.alive).toBe(true);
    expect(observed.health.filter((s) => s.status !== 200)).toEqual([]);
  });

  it('keeps every task whose createTask answered success', () => {
    const missing = observed.writes.filter((c) => c.label === 'createTask' && c.ok && !observed.keysInDatabase.has(c.key!)).map((c) => c.key);
    expect(missing).toEqual([]);
  });
});
