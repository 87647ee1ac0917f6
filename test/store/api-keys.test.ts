/**
 * App keys in the database (PostgresApiKeys) and `npm run keys`, the command that manages them:
 * only a key's SHA-256 is stored, the key is printed once, revocation is a conditional update.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayActFor, parseMayActFor } from '../../src/core/api-keys.js';
import { hashApiKey } from '../../src/server/identity.js';
import { openDatabase } from '../../src/store/index.js';
import { databaseTargets, withClient, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';

for (const target of databaseTargets('embedded', 'postgres')) {
  describe.runIf(target.enabled)(`app keys in the database (${target.name})`, () => {
    let db: OpenedDatabase;
    beforeAll(async () => {
      db = await target.open({ label: 'keys' });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('stores a key by id with its hash, lists it without the hash, revokes it once', async () => {
      const keys = db.sql!.apiKeys;
      expect(await keys.hasActiveApiKeys()).toBe(false);
      const key = { id: 'aaaaaaaaaaaaaaaa', keyHash: hashApiKey('secret key'), sourceApp: 'ugig', mayActFor: ['did:coinpay:user:'] };
      await keys.insertApiKey({ ...key, createdAt: '2026-12-01T00:00:00.000Z', revokedAt: null });
      expect(await keys.findApiKey(key.id)).toEqual({ ...key, createdAt: '2026-12-01T00:00:00.000Z', revokedAt: null });
      expect(await keys.findApiKey('bbbbbbbbbbbbbbbb')).toBeNull();
      expect(await keys.listApiKeys()).toEqual([{ id: key.id, sourceApp: 'ugig', mayActFor: key.mayActFor, createdAt: '2026-12-01T00:00:00.000Z', revokedAt: null }]);
      expect(await keys.hasActiveApiKeys()).toBe(true);
      expect(await keys.revokeApiKey(key.id, '2026-12-01T01:00:00.000Z')).toMatchObject({ id: key.id, revokedAt: '2026-12-01T01:00:00.000Z' });
      expect(await keys.revokeApiKey(key.id, '2026-12-01T02:00:00.000Z')).toBeNull();
      expect(await keys.hasActiveApiKeys()).toBe(false);
      // Nothing but the hash is kept: the key itself is nowhere in the table.
      const stored = await withClient(db.sql!.connectionString, (client) =>
        client.query(`SELECT * FROM ${db.schema ? `"${db.schema}".` : ''}api_keys`),
      );
      expect(JSON.stringify(stored.rows)).not.toContain('secret key');
    });
  });
}

describe('which DIDs a key may act for', () => {
  it('exact DIDs, or every user / every agent by prefix; anything else is refused', () => {
    const key = { mayActFor: parseMayActFor(['did:coinpay:user:', 'did:coinpay:agent:bot']) };
    expect(mayActFor(key, 'did:coinpay:user:alice')).toBe(true);
    expect(mayActFor(key, 'did:coinpay:agent:bot')).toBe(true);
    expect(mayActFor(key, 'did:coinpay:agent:bot2')).toBe(false);
    expect(mayActFor({ mayActFor: ['did:coinpay:user:ugig'] }, 'did:coinpay:user:ugig-2')).toBe(false);
    for (const bad of [[], ['did:coinpay:'], ['did:coinpay:user:a:b'], ['*']]) expect(() => parseMayActFor(bad)).toThrow();
  });
});

describe.runIf(runsOn('embedded'))('npm run keys (on an embedded data directory)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'agentstack-keys-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const keys = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AGENTSTACK_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], { encoding: 'utf8', env, timeout: 60_000 });
  };

  it('creates a key (printed once, stored as a hash), lists it, revokes it; bad input changes nothing', async () => {
    const created = keys('create', '--app', 'ugig', '--may-act-for', 'did:coinpay:user:', '--may-act-for', 'did:coinpay:agent:bot');
    expect(created.status, created.stderr).toBe(0);
    const key = /^(agsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const id = key!.slice(5, 21);

    const listed = keys('list');
    expect(listed.stdout).toContain(`${id}  ugig  did:coinpay:user:,did:coinpay:agent:bot`);
    expect(listed.stdout).toContain('active');
    expect(listed.stdout).not.toContain(key!);

    // Refused before the database opens (exit 2).
    expect(keys('create', '--app', 'ugig', '--may-act-for', 'everyone').status).toBe(2);
    expect(keys('frobnicate').status).toBe(2);

    const revoked = keys('revoke', id);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(keys('revoke', id).status).toBe(1);

    const db = await openDatabase({ databaseUrl: null, dataDir });
    try {
      const stored = await db.apiKeys.findApiKey(id);
      expect(stored).toMatchObject({ keyHash: hashApiKey(key!), sourceApp: 'ugig' });
      expect(stored!.revokedAt).not.toBeNull();
      expect((await db.apiKeys.listApiKeys()).length).toBe(1);
    } finally {
      await db.close();
    }
  }, 120_000); // each run is a process opening the data directory (~2 s)
});
