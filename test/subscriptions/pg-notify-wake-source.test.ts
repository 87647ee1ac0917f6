import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PgNotifyWakeSource } from '../../src/server/subscriptions/pg-notify-wake-source.js';
import { POSTGRES_URL, runsOn } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';

const MAX_BACKOFF_MS = 400;

/**
 * Reconnects are timers (the backoff). Faking setTimeout alone (pg and sockets still run) lets a
 * test see whether a reconnect is pending, and run it, instead of sleeping and hoping it would
 * have shown by then. (wait.ts keeps its deadlines on the real clock.)
 */
function fakeReconnectTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
}

/** The LISTEN connection alone, against the real PostgreSQL server (NOTIFY needs one). */
describe.runIf(runsOn('postgres'))('PgNotifyWakeSource (PostgreSQL)', () => {
  let admin: pg.Client;
  const sources: PgNotifyWakeSource[] = [];
  let run = 0;
  // A channel of our own: other test files write to real stores on this server, and each of
  // their commits notifies the store's channel.
  const channel = `agentstack_events_test_${process.pid}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: POSTGRES_URL! });
    await admin.connect();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(sources.splice(0).map((source) => source.close()));
  });
  afterAll(async () => {
    await admin?.end();
  });

  /** A source with its own application_name, so a test can find and kill exactly its connection. */
  async function listen(wakes: (number | undefined)[], extra: { connectionString?: string; errors?: unknown[] } = {}) {
    const applicationName = `agentstack-test-listener-${process.pid}-${++run}`;
    const source = new PgNotifyWakeSource({
      connectionString: extra.connectionString ?? POSTGRES_URL!,
      applicationName,
      channel,
      presence: null,
      minBackoffMs: 50,
      maxBackoffMs: MAX_BACKOFF_MS,
      onError: (error) => extra.errors?.push(error),
    });
    sources.push(source);
    await source.start((sequence) => wakes.push(sequence));
    return { source, applicationName };
  }

  const notify = (payload: string) => admin.query('SELECT pg_notify($1, $2)', [channel, payload]);
  const backends = async (applicationName: string) =>
    (await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rows.length;

  it('wakes the feed with the sequence each NOTIFY carries', async () => {
    const wakes: (number | undefined)[] = [];
    const { source } = await listen(wakes);
    expect(source.listening).toBe(true);
    expect(wakes).toEqual([undefined]); // the catch-up wake after LISTEN
    await notify('41');
    await notify('42');
    await notify('not a number');
    await waitFor('three wake-ups', () => wakes.length >= 4, 5_000);
    expect(wakes).toEqual([undefined, 41, 42, undefined]);
  });

  it('reconnects after pg_terminate_backend, wakes for a catch-up read, and hears NOTIFY again', async () => {
    const wakes: (number | undefined)[] = [];
    const errors: unknown[] = [];
    const { source, applicationName } = await listen(wakes, { errors });
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`,
      [applicationName],
    );
    expect(killed.rows).toHaveLength(1);
    const terminatedAt = performance.now();
    // Notifications sent while nobody listens are lost; the catch-up wake covers them.
    await notify('100');
    await waitFor('LISTEN to be re-established', () => source.connectionCount === 2 && source.listening, 10_000, 5);
    console.info(`[postgres] LISTEN re-established ${Math.round(performance.now() - terminatedAt)} ms after pg_terminate_backend`);
    expect(wakes.filter((wake) => wake === undefined)).toHaveLength(2);
    expect(errors.length).toBeGreaterThan(0);
    await notify('101');
    await waitFor('the next NOTIFY', () => wakes.includes(101), 5_000);
  });

  it('close() releases the connection and stops reconnecting', async () => {
    fakeReconnectTimers();
    const { source, applicationName } = await listen([]);
    expect(await backends(applicationName)).toBe(1);
    await source.close();
    // close() resolves once the client has ended, i.e. after its 'end' event, the one thing that
    // schedules a reconnect: none may be pending now.
    expect(source.listening).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await waitFor('the backend to go', async () => (await backends(applicationName)) === 0, 5_000);
    // Past any backoff: still nothing pending, still no backend.
    await vi.advanceTimersByTimeAsync(10 * MAX_BACKOFF_MS);
    expect(vi.getTimerCount()).toBe(0);
    expect(source.connectionCount).toBe(1);
    expect(await backends(applicationName)).toBe(0);
  });

  it('an unreachable database does not fail start: it retries with bounded backoff until closed', async () => {
    fakeReconnectTimers();
    const errors: unknown[] = [];
    const unreachable = 'postgres://postgres@127.0.0.1:1/test'; // nothing listens on port 1
    const { source } = await listen([], { connectionString: unreachable, errors });
    expect(source.listening).toBe(false);
    expect(errors).toHaveLength(1); // start() resolved after the first attempt failed
    // Each retry comes within the bound: 5 rounds take the backoff 50 → 100 → 200 → 400 → 400.
    for (let attempt = 2; attempt <= 6; attempt++) {
      // A failed attempt reports, then schedules the next one: wait for the timer itself.
      await waitFor(`retry ${attempt} to be scheduled`, () => vi.getTimerCount() === 1, 5_000);
      await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS);
      await waitFor(`attempt ${attempt} to fail`, () => errors.length >= attempt, 5_000);
    }
    await source.close();
    // close() waited for any attempt in flight and cancelled the pending retry: nothing is left
    // that could try again, however long we wait.
    expect(vi.getTimerCount()).toBe(0);
    const after = errors.length;
    await vi.advanceTimersByTimeAsync(10 * MAX_BACKOFF_MS);
    expect(errors.length).toBe(after);
    expect(source.listening).toBe(false);
  });
});
