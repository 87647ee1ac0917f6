/**
 * The AgentStack contract on the embedded database. One in-memory PGlite per file (opening
 * one costs ~1 s), emptied before each test: the same store code, SQL and migrations as
 * production, starting every test from a just-migrated database.
 */
import { afterAll } from 'vitest';
import type { Database } from '../../src/store/index.js';
import { agentStackContract } from '../core/contract.js';
import { emptyTables, openEmbeddedInMemory } from './helpers.js';

let db: Database | null = null;

agentStackContract('the embedded database (PGlite)', async () => {
  if (db) await emptyTables(db);
  else db = await openEmbeddedInMemory();
  return { store: db.store, close: async () => {} };
});

afterAll(async () => {
  await db?.close();
});
