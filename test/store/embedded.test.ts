/**
 * The embedded default: PGlite behind its socket server, on disk, surviving restarts.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { openDatabase } from '../../src/store/index.js';
import { withClient } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { OPEN_POLICY } from '../../src/core/policy.js';

describe.runIf(runsOn('embedded'))('the embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'agentstack-embedded-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps its data across close and reopen of a data directory', async () => {
    const first = await openDatabase({ databaseUrl: null, dataDir });
    expect(first.kind).toBe('embedded');
    const stack = new AgentStack({ store: first.store, policy: OPEN_POLICY });
    const agent = await stack.registerAgent({ did: agentDid('keeper'), name: 'Keeper', sourceApp: 'disk' });
    const created = await stack.createTask({ ownerDid: userDid('alice'), sourceApp: 'disk', title: 'survive', assigneeDid: agent.did, idempotencyKey: 'k-1' });
    const running = await stack.updateTaskStatus(created.id, 'running', { metadata: { step: 1 } });
    const grant = await stack.delegate({ ownerDid: userDid('alice'), agentDid: agent.did, scopes: ['tasks:*'] });
    const snapshot = await stack.snapshot();
    // One process per data directory: a second open while the first is running is refused.
    await expect(openDatabase({ databaseUrl: null, dataDir })).rejects.toThrow(/in use by process/);
    await first.close();
    expect(await readdir(join(dataDir, 'pglite'))).toContain('PG_VERSION');
    // A lock left behind by a process that died is taken over.
    await writeFile(join(dataDir, 'pglite.lock'), String(spawnSync('true').pid));

    const second = await openDatabase({ databaseUrl: null, dataDir });
    try {
      const reopened = new AgentStack({ store: second.store, policy: OPEN_POLICY });
      expect(await reopened.snapshot()).toEqual(snapshot);
      expect(await reopened.getTask(created.id)).toEqual(running);
      expect(await reopened.getDelegation(grant.id)).toEqual(grant);
      // The idempotency key and the event sequence survived too.
      expect(await reopened.createTask({ ownerDid: userDid('alice'), sourceApp: 'disk', title: 'survive', assigneeDid: agent.did, idempotencyKey: 'k-1' })).toEqual(running);
      const next = await reopened.updateTaskStatus(created.id, 'complete');
      const events = (await reopened.listEvents(null, { after: snapshot.lastEventSequence })).items;
      expect(events.map((e) => e.type)).toEqual(['task.updated']);
      expect(events[0]!.sequence).toBe(await reopened.lastEventSequence());
      expect(events[0]!.sequence).toBeGreaterThan(snapshot.lastEventSequence);
      expect(next.version).toBe(running.version + 1);
    } finally {
      await second.close();
    }
  });

  it('runs with the configured buffer pool, on disk (its worker) and in memory, and refuses a bad size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentstack-buffers-'));
    const saved = process.env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS;
    const sharedBuffers = (db: { connectionString: string }) =>
      withClient(db.connectionString, async (client) => (await client.query<{ value: string }>(`SELECT current_setting('shared_buffers') AS value`)).rows[0]!.value);
    try {
      delete process.env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS;
      const onDisk = await openDatabase({ databaseUrl: null, dataDir: dir });
      try {
        expect(await sharedBuffers(onDisk)).toBe('32MB');
      } finally {
        await onDisk.close();
      }
      process.env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS = '48MB';
      const reopened = await openDatabase({ databaseUrl: null, dataDir: dir });
      try {
        expect(await sharedBuffers(reopened)).toBe('48MB');
      } finally {
        await reopened.close();
      }
      const inMemory = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
      try {
        expect(await sharedBuffers(inMemory)).toBe('48MB');
      } finally {
        await inMemory.close();
      }
      process.env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS = '48MB -c fsync=off';
      await expect(openDatabase({ databaseUrl: null, dataDir: dir })).rejects.toThrow(/AGENTSTACK_EMBEDDED_SHARED_BUFFERS/);
    } finally {
      if (saved === undefined) delete process.env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS;
      else process.env.AGENTSTACK_EMBEDDED_SHARED_BUFFERS = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("starts a new data directory from this machine's snapshot of a fresh cluster, and from initdb when the snapshot is unusable", async () => {
    // In memory, an open saves the snapshot to the OS temp directory when there is none yet.
    await (await openDatabase({ databaseUrl: null, dataDir: 'memory://' })).close();
    const snapshot = (await readdir(tmpdir())).find((name) => /^agentstack-pglite-.+\.tar$/.test(name));
    expect(snapshot).toBeDefined();
    const systemId = async (dir: string) => {
      const db = await openDatabase({ databaseUrl: null, dataDir: dir });
      try {
        const id = await withClient(db.connectionString, async (client) => (await client.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).rows[0]!.id);
        // Migrated and usable, like any new database.
        await new AgentStack({ store: db.store, policy: OPEN_POLICY }).registerAgent({ did: agentDid('fresh'), name: 'Fresh', sourceApp: 'x' });
        return id;
      } finally {
        await db.close();
      }
    };
    const root = await mkdtemp(join(tmpdir(), 'agentstack-snapshot-'));
    const savedTmp = process.env.TMPDIR;
    try {
      // Two directories from one snapshot are one cluster's copies: the same system identifier.
      const first = await systemId(join(root, 'a'));
      expect(await systemId(join(root, 'b'))).toBe(first);
      expect(await readdir(join(root, 'a'))).not.toContain('pglite.unpacking');
      // A corrupt snapshot (here: the only one this TMPDIR has) is left alone: initdb makes a cluster of its own.
      const otherTmp = join(root, 'tmp');
      await mkdir(otherTmp);
      await writeFile(join(otherTmp, snapshot!), 'not a tar archive, though long enough to hold a header '.repeat(20));
      process.env.TMPDIR = otherTmp;
      expect(await systemId(join(root, 'c'))).not.toBe(first);
      expect(await readdir(join(root, 'c'))).not.toContain('pglite.unpacking');
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a data directory that another live process holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentstack-locked-'));
    try {
      await writeFile(join(dir, 'pglite.lock'), String(process.ppid));
      await expect(openDatabase({ databaseUrl: null, dataDir: dir })).rejects.toThrow(`in use by process ${process.ppid}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the wire protocol on 127.0.0.1 for other clients; ping answers until close', async () => {
    const db = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    expect(db.connectionString).toMatch(/^postgres:\/\/[^@]+@127\.0\.0\.1:\d+\/\w+$/);
    await db.ping();
    await new AgentStack({ store: db.store, policy: OPEN_POLICY }).registerAgent({ did: agentDid('seen'), name: 'Seen', sourceApp: 'x' });
    const count = await withClient(db.connectionString, async (client) => {
      const result = await client.query<{ count: string }>('SELECT count(*) AS count FROM agents');
      return Number(result.rows[0]!.count);
    });
    expect(count).toBe(1);
    await db.close();
    await db.close(); // twice is fine
    await expect(db.ping()).rejects.toThrow();
  });
});
