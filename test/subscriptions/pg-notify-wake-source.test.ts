import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgNotifyWakeSource } from '../../src/server/subscriptions/pg-notify-wake-source.js';
import { POSTGRES_URL, runsOn } from '../helpers/targets.js';
import { sleep, waitFor } from './helpers/wait.js';

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
      minBackoffMs: 50,
      maxBackoffMs: 400,
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
    const { source, applicationName } = await listen([]);
    expect(await backends(applicationName)).toBe(1);
    await source.close();
    await waitFor('the backend to go', async () => (await backends(applicationName)) === 0, 5_000);
    await sleep(200);
    expect(await backends(applicationName)).toBe(0);
  });

  it('an unreachable database does not fail start: it retries with bounded backoff until closed', async () => {
    const errors: unknown[] = [];
    const unreachable = 'postgres://postgres@127.0.0.1:1/test'; // nothing listens on port 1
    const { source } = await listen([], { connectionString: unreachable, errors });
    expect(source.listening).toBe(false);
    await waitFor('a few retries', () => errors.length >= 3, 5_000);
    await source.close();
    const after = errors.length;
    await sleep(600);
    expect(errors.length).toBe(after);
  });
});
