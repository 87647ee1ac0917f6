/**
 * The AgentStack contract (contract.ts) on every target: the in-memory store, the embedded
 * database and real PostgreSQL. The same rules must hold on each, to the error code and event.
 */
import { afterAll, describe } from 'vitest';
import { MemoryStore } from '../../src/core/memory-store.js';
import type { Database } from '../../src/store/index.js';
import { emptyTables, openEmbeddedInMemory, openPostgresInFreshSchema } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { agentStackContract } from './contract.js';

describe.runIf(runsOn('memory'))('memory', () => {
  agentStackContract('the in-memory store', async () => ({ store: new MemoryStore(), close: async () => {} }));
});

describe.runIf(runsOn('embedded'))('embedded', () => {
  // One in-memory PGlite for the file (opening one costs ~1 s), emptied before each test: the same
  // store code, SQL and migrations as production, every test from a just-migrated database.
  let db: Database | null = null;
  agentStackContract('the embedded database (PGlite)', async () => {
    if (db) await emptyTables(db);
    else db = await openEmbeddedInMemory();
    return { store: db.store, close: async () => {} };
  });
  afterAll(async () => {
    await db?.close();
  });
});

describe.runIf(runsOn('postgres'))('postgres', () => {
  // Every test in a fresh schema, migrated at open and dropped at close.
  agentStackContract('PostgreSQL', () => openPostgresInFreshSchema('contract'));
});
