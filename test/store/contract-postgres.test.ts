/**
 * The AgentStack contract on a real PostgreSQL server (DATABASE_URL): every test in a
 * fresh schema, migrated at open and dropped at close.
 */
import { describe } from 'vitest';
import { agentStackContract } from '../core/contract.js';
import { openPostgresInFreshSchema, POSTGRES_URL } from './helpers.js';

describe.skipIf(!POSTGRES_URL)('PostgreSQL (DATABASE_URL)', () => {
  agentStackContract('PostgreSQL', () => openPostgresInFreshSchema('contract'));
});
