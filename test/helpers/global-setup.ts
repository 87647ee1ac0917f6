import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Once per `vitest run`: names this run (AGENTSTACK_TEST_RUN, inherited by the test workers) and,
 * at the end, drops the PostgreSQL schemas its tests created (`t_<run>_…`, databases.ts).
 *
 * Why not drop each schema when its test ends: MikroORM lists the tables of *every* schema of the
 * database when it opens and migrates (and casts each to regclass), so a schema dropped by one test
 * file while another file opens its database made that open fail now and then ("schema … does not
 * exist"). Schemas only appear during a run; they all go at its end.
 */
export function setup(): void {
  process.env.AGENTSTACK_TEST_RUN ??= randomBytes(3).toString('hex');
}

export async function teardown(): Promise<void> {
  const url = process.env.DATABASE_URL?.trim();
  const run = process.env.AGENTSTACK_TEST_RUN;
  if (!url || !run) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`t\\_${run}\\_%`]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(nspname)} CASCADE`);
  } finally {
    await client.end();
  }
}
