import pg from 'pg';

/** A PostgreSQL schema name unique to this test run (tests isolate by schema, STACK.md). */
export function uniqueSchema(label: string): string {
  return `t_${label}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
}

/** Removes a test schema so test runs do not pile up in the shared database. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}
