/**
 * Every committed write notifies channel EVENTS_CHANNEL (after the commit, coalesced), so other
 * processes can LISTEN and wake up on commit. (PGlite is one session: there LISTEN does not
 * cross connections, so this is a real-server test.) Channels are per database, not per
 * schema, and other test files write to the same server at the same time, so this test gets
 * a database of its own.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { EVENTS_CHANNEL } from '../../src/core/protocol.js';
import { openDatabase, type Database } from '../../src/store/index.js';
import { POSTGRES_URL, uniqueSchema, withClient } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

describe.runIf(runsOn('postgres'))('event notifications on PostgreSQL', () => {
  const database = uniqueSchema('agentstack_notify');
  let db: Database;
  let listener: pg.Client;
  const heard: string[] = [];

  beforeAll(async () => {
    await withClient(POSTGRES_URL!, (client) => client.query(`CREATE DATABASE "${database}"`));
    const url = new URL(POSTGRES_URL!);
    url.pathname = `/${database}`;
    db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    listener = new pg.Client({ connectionString: db.connectionString });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) heard.push(message.payload ?? '');
    });
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });

  afterAll(async () => {
    await listener?.end();
    await db?.close();
    await withClient(POSTGRES_URL!, (client) => client.query(`DROP DATABASE IF EXISTS "${database}"`));
  });

  it('notifies each committed sequence, and nothing for a write that did not happen', async () => {
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
