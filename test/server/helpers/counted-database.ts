import { AgentStack } from '../../../src/core/index.js';
import type { Database } from '../../../src/store/index.js';
import { dropSchema, uniqueSchema } from './pg-schema.js';

export interface CountedDatabase {
  database: Database;
  agentStack: AgentStack;
  /** Every SQL statement sent since the last reset. */
  queries: string[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * The real store with a statement counter (the store's `onQuery` hook): the embedded database
 * in memory, or PostgreSQL (own schema) when DATABASE_URL is set.
 */
export async function openCountedDatabase(label: string): Promise<CountedDatabase> {
  const { openDatabase } = await import('../../../src/store/index.js');
  const queries: string[] = [];
  const onQuery = (sql: string) => {
    queries.push(sql);
  };
  const databaseUrl = process.env.DATABASE_URL;
  const schema = uniqueSchema(label);
  const database = databaseUrl
    ? await openDatabase({ databaseUrl, schema, onQuery })
    : await openDatabase({ databaseUrl: null, dataDir: 'memory://', onQuery });
  let closing: Promise<void> | undefined;
  return {
    database,
    agentStack: new AgentStack({ store: database.store }),
    queries,
    reset: () => {
      queries.length = 0;
    },
    // Idempotent: a test may close the database on purpose (e.g. to see /ready fail).
    close: () =>
      (closing ??= (async () => {
        await database.close();
        if (databaseUrl) await dropSchema(databaseUrl, schema);
      })()),
  };
}
