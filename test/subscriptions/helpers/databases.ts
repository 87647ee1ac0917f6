import pg from 'pg';
import { AgentStack } from '../../../src/core/index.js';
import { MemoryStore } from '../../../src/core/memory-store.js';
import type { SubscriptionDatabase } from '../../../src/server/ws.js';

/**
 * Where a subscription test runs: the in-memory store (always), the embedded database (always:
 * PGlite through the same store code as production) and real PostgreSQL (when DATABASE_URL is
 * set). Each PostgreSQL opening gets its own schema, so test files never see each other's rows.
 */
export interface OpenedDatabase {
  database: SubscriptionDatabase & { ping?(): Promise<void> };
  agentStack: AgentStack;
  close(): Promise<void>;
}

export interface DatabaseFlavor {
  name: 'memory' | 'embedded' | 'postgres';
  enabled: boolean;
  /** `schema`: share one PostgreSQL schema between several openings (several replicas). */
  open(options?: { schema?: string }): Promise<OpenedDatabase>;
}

export const DATABASE_URL = process.env.DATABASE_URL ?? null;

export const memoryFlavor: DatabaseFlavor = {
  name: 'memory',
  enabled: true,
  async open() {
    const store = new MemoryStore();
    return {
      database: { kind: 'embedded', store, connectionString: '' },
      agentStack: new AgentStack({ store }),
      close: async () => {},
    };
  },
};

export const embeddedFlavor: DatabaseFlavor = {
  name: 'embedded',
  enabled: true,
  async open() {
    const { openDatabase } = await import('../../../src/store/index.js');
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, agentStack: new AgentStack({ store: database.store }), close: () => database.close() };
  },
};

export const postgresFlavor: DatabaseFlavor = {
  name: 'postgres',
  enabled: DATABASE_URL !== null,
  async open(options = {}) {
    const { openDatabase } = await import('../../../src/store/index.js');
    const schema = options.schema ?? uniqueSchema('subs');
    const database = await openDatabase({ databaseUrl: DATABASE_URL!, schema });
    return {
      database,
      agentStack: new AgentStack({ store: database.store }),
      close: async () => {
        await database.close();
        // A shared schema belongs to whoever passed it in; our own goes with us.
        if (!options.schema) await dropSchema(schema);
      },
    };
  },
};

export const allFlavors: DatabaseFlavor[] = [memoryFlavor, embeddedFlavor, postgresFlavor];

export function uniqueSchema(label: string): string {
  return `t_${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
}

/** Drops a test schema from the PostgreSQL server of DATABASE_URL. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL! });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await admin.end();
  }
}
