import { AgentStack } from '../../../src/core/index.js';
import type { Database } from '../../../src/store/index.js';

export interface CountedDatabase {
  database: Database;
  coordinator: AgentStack;
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
  const database = process.env.DATABASE_URL
    ? await openDatabase({ databaseUrl: process.env.DATABASE_URL, schema: `t_${label}_${process.pid}_${Date.now().toString(36)}`, onQuery })
    : await openDatabase({ dataDir: 'memory://', onQuery });
  return {
    database,
    coordinator: new AgentStack({ store: database.store }),
    queries,
    reset: () => {
      queries.length = 0;
    },
    close: () => database.close(),
  };
}
