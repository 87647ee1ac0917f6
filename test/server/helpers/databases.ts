import { AgentStack } from '../../../src/core/index.js';
import { MemoryStore } from '../../../src/core/memory-store.js';
import type { Database } from '../../../src/store/index.js';
import { dropSchema, uniqueSchema } from './pg-schema.js';

/**
 * The stores a server test runs on: always the in-memory store and the embedded database;
 * real PostgreSQL too when DATABASE_URL is set (concurrency only shows real races there, STACK.md). Each PostgreSQL
 * run gets its own schema so test files do not see each other's rows.
 */
export interface StoreVariant {
  name: string;
  enabled: boolean;
  open(): Promise<{ agentStack: AgentStack; database: Database | null; close(): Promise<void> }>;
}

export function storeVariants(label: string): StoreVariant[] {
  return [
    {
      name: 'memory',
      enabled: true,
      open: async () => ({ agentStack: new AgentStack({ store: new MemoryStore() }), database: null, close: async () => {} }),
    },
    {
      name: 'embedded',
      enabled: true,
      open: async () => {
        const { openDatabase } = await import('../../../src/store/index.js');
        const database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' }); // null: embedded even when DATABASE_URL is set
        return { agentStack: new AgentStack({ store: database.store }), database, close: () => database.close() };
      },
    },
    {
      name: 'postgres',
      enabled: Boolean(process.env.DATABASE_URL),
      open: async () => {
        const { openDatabase } = await import('../../../src/store/index.js');
        const databaseUrl = process.env.DATABASE_URL!;
        const schema = uniqueSchema(label);
        const database = await openDatabase({ databaseUrl, schema });
        return {
          agentStack: new AgentStack({ store: database.store }),
          database,
          close: async () => {
            await database.close();
            await dropSchema(databaseUrl, schema);
          },
        };
      },
    },
  ];
}
