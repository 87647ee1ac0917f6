/**
 * Every committed write notifies channel EVENTS_CHANNEL (after the commit, coalesced) while some
 * replica holds the presence locks (wake-presence.ts), so other processes can LISTEN and wake up
 * on commit; while none does, a write sends nothing but itself. (PGlite is one session: there LISTEN does not
 * cross connections, so this is a real-server test.) Channels are per database, not per
 * schema, and other test files write to the same server at the same time, so this test gets
 * a database of its own.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { EVENTS_CHANNEL } from '../../src/core/protocol.js';
import { openDatabase, type Database } from '../../src/store/index.js';
import { POSTGRES_URL, uniqueSchema, withClient } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';
import { OPEN_POLICY } from '../../src/core/policy.js';
import { PgNotifyWakeSource } from '../../src/server/subscriptions/pg-notify-wake-source.js';
import { PRESENCE_STRIPES } from '../../src/store/wake-presence.js';

/** A database of its own (NOTIFY channels are per database, not per schema); `sent` records every statement its store sends. */
async function openOwnDatabase(name: string, sent: string[] = []): Promise<Database> {
  await withClient(POSTGRES_URL!, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), poolSize: 2, onQuery: (sql) => void sent.push(sql) });
}

describe.runIf(runsOn('postgres'))('event notifications on PostgreSQL', () => {
  const database = uniqueSchema('agentstack_notify');
  let db: Database;
  let listener: pg.Client;
  const heard: string[] = [];

  beforeAll(async () => {
    db = await openOwnDatabase(database);
    listener = new pg.Client({ connectionString: db.connectionString });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) heard.push(message.payload ?? '');
    });
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  afterEach(async () => {
    await listener.query(db.wakePresence!.release);
  });

  afterAll(async () => {
    await listener?.end();
    await db?.close();
    await withClient(POSTGRES_URL!, (client) => client.query(`DROP DATABASE IF EXISTS "${database}"`));
  });

  it('notifies each committed sequence while a listener is present, and nothing for a write that did not happen', async () => {
    await listener.query(db.wakePresence!.acquire);
    const stack = new AgentStack({ store: db.store, policy: OPEN_POLICY });
    await stack.registerAgent({ did: agentDid('n'), name: 'N', sourceApp: 'x' });
    const task = await stack.createTask({ ownerDid: userDid('alice'), sourceApp: 'x', title: 't' });
    await expect(stack.updateTaskStatus(task.id, 'running')).rejects.toMatchObject({ code: 'CONFLICT' });
    await stack.updateTaskStatus(task.id, 'cancelled');
    const sequences = (await stack.listEvents(null, { first: 10 })).items.map((event) => String(event.sequence));
    expect(sequences).toHaveLength(3);
    // Sent after each commit, one at a time (commit-notifier.ts): hints arriving while one is in
    // flight merge into the next, so the listener hears an increasing subsequence of the committed
    // positions that ends with the last one, and nothing for the write that did not happen.
    await waitFor('the last position', () => heard.includes(sequences[2]!), 5_000);
    expect(heard.every((position) => sequences.includes(position))).toBe(true);
    expect(heard).toEqual([...heard].sort((a, b) => Number(a) - Number(b)));
    expect(heard.at(-1)).toBe(sequences[2]);
  });
});

describe.runIf(runsOn('postgres'))('writes nobody listens for (PostgreSQL)', () => {
  const database = uniqueSchema('agentstack_presence');
  let db: Database;
  let admin: pg.Client;
  const sent: string[] = [];
  const sources: PgNotifyWakeSource[] = [];
  let stack: AgentStack;
  const notifies = () => sent.filter((sql) => sql.includes('pg_notify')).length;
  /** The presence locks a backend holds on this database's key, and in which mode. */
  const presenceLocks = async (applicationName: string) =>
    (
      await admin.query(
        `SELECT l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.classid::text = $1 AND l.granted AND a.application_name = $2`,
        [String(db.wakePresence!.key >>> 0), applicationName],
      )
    ).rows.map((row: { mode: string }) => row.mode);

  beforeAll(async () => {
    db = await openOwnDatabase(database, sent);
    admin = new pg.Client({ connectionString: db.connectionString });
    await admin.connect();
    stack = new AgentStack({ store: db.store, policy: OPEN_POLICY });
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.close()));
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
    await withClient(POSTGRES_URL!, (client) => client.query(`DROP DATABASE IF EXISTS "${database}"`));
  });

  function source(applicationName: string, wakes: (number | undefined)[]): PgNotifyWakeSource {
    const created = new PgNotifyWakeSource({
      connectionString: db.connectionString,
      applicationName,
      presence: db.wakePresence,
      lingerMs: 0,
      minBackoffMs: 20,
    });
    sources.push(created);
    void created.start((sequence) => wakes.push(sequence));
    return created;
  }

  it('a write sends no NOTIFY while no replica wants wake-ups, and one as soon as one does', async () => {
    const owner = userDid('quiet');
    await stack.createTask({ ownerDid: owner, sourceApp: 'x', title: 'unheard' });
    const task = await stack.createTask({ ownerDid: owner, sourceApp: 'x', title: 'unheard too' });
    await stack.getTask(task.id); // a NOTIFY would have been sent by now (the notifier starts at the commit)
    expect(notifies()).toBe(0);

    const wakes: (number | undefined)[] = [];
    const listening = source(`agentstack-presence-${process.pid}-a`, wakes);
    await waitFor('LISTEN', () => listening.listening);
    await listening.want(true);
    expect(await presenceLocks(`agentstack-presence-${process.pid}-a`)).toEqual(Array(PRESENCE_STRIPES).fill('ShareLock'));
    const cancelled = await stack.updateTaskStatus(task.id, 'cancelled');
    const [event] = (await stack.listEvents({ taskId: task.id }, { last: 1 })).items;
    await waitFor('the wake-up for the write', () => wakes.includes(event!.sequence), 5_000);
    expect(cancelled.status).toBe('cancelled');
    expect(notifies()).toBe(1);

    // Not wanted any more (lingerMs 0): the locks go, and writes are silent again.
    await listening.want(false);
    await waitFor('the locks to go', async () => (await presenceLocks(`agentstack-presence-${process.pid}-a`)).length === 0);
    const silent = await stack.createTask({ ownerDid: owner, sourceApp: 'x', title: 'unheard again' });
    await stack.getTask(silent.id);
    expect(notifies()).toBe(1);
  });

  it('want(true) resolves only once the writes that saw nobody have committed', async () => {
    // A write in flight that found its stripe free holds it until it commits: here, all of them.
    const writer = new pg.Client({ connectionString: db.connectionString });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`SELECT pg_try_advisory_xact_lock($1, stripe) FROM generate_series(0, ${PRESENCE_STRIPES - 1}) AS stripe`, [db.wakePresence!.key]);
      const listening = source(`agentstack-presence-${process.pid}-b`, []);
      await waitFor('LISTEN', () => listening.listening);
      let resolved = false;
      const wanted = listening.want(true).then(() => void (resolved = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(resolved).toBe(false);
      await writer.query('COMMIT');
      await wanted;
      expect(await presenceLocks(`agentstack-presence-${process.pid}-b`)).toHaveLength(PRESENCE_STRIPES);
    } finally {
      await writer.end();
    }
  });

  it('want(true) waits at most maxWaitMs for a write stuck holding a stripe; the locks are taken once it ends', async () => {
    const writer = new pg.Client({ connectionString: db.connectionString });
    await writer.connect();
    const name = `agentstack-presence-${process.pid}-d`;
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT pg_try_advisory_xact_lock($1, 0)', [db.wakePresence!.key]);
      const listening = new PgNotifyWakeSource({ connectionString: db.connectionString, applicationName: name, presence: db.wakePresence, maxWaitMs: 100 });
      sources.push(listening);
      await listening.start(() => {});
      const started = performance.now();
      await listening.want(true);
      expect(performance.now() - started).toBeLessThan(900);
      expect(await presenceLocks(name)).toHaveLength(0); // still waiting behind the write
      await writer.query('COMMIT');
      await waitFor('the locks', async () => (await presenceLocks(name)).length === PRESENCE_STRIPES, 5_000);
    } finally {
      await writer.end();
    }
  });

  it('a listener whose connection is cut takes the locks again when it reconnects, before its catch-up wake-up', async () => {
    const name = `agentstack-presence-${process.pid}-c`;
    const wakes: (number | undefined)[] = [];
    const listening = source(name, wakes);
    await waitFor('LISTEN', () => listening.listening);
    await listening.want(true);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
    // The catch-up wake-up (no position) comes after the locks are taken again.
    await waitFor('the catch-up wake-up after the reconnect', () => wakes.filter((wake) => wake === undefined).length === 2, 10_000);
    expect(listening.connectionCount).toBe(2);
    expect(await presenceLocks(name)).toHaveLength(PRESENCE_STRIPES);
    const before = notifies();
    const task = await stack.createTask({ ownerDid: userDid('reconnect'), sourceApp: 'x', title: 'heard again' });
    const [event] = (await stack.listEvents({ taskId: task.id }, { last: 1 })).items;
    await waitFor('the wake-up for the write', () => wakes.includes(event!.sequence), 5_000);
    expect(notifies()).toBeGreaterThan(before);
  });
});
