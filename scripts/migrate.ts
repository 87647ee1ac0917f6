/**
 * `npm run migrate`: applies the pending migrations to the database the service would use
 * (DATABASE_URL, else the embedded database in AGENTSTACK_DATA_DIR or .agentstack/).
 *
 * `npm run migrate -- create`: after applying them, writes a new migration for whatever
 * src/store/entities.ts adds to the schema, into src/store/migrations/. Review it, make its
 * names unqualified, and add it to MIGRATIONS in src/store/migrations/index.ts.
 */
import { connectOrm } from '../src/store/open-database.js';
import { migratorOf } from '../src/store/orm.js';

const command = process.argv[2] ?? 'up';
if (command !== 'up' && command !== 'create') {
  console.error(`Unknown command ${JSON.stringify(command)}: use "up" (default) or "create"`);
  process.exit(2);
}

// A tool: no session timeouts (a migration or a schema comparison may run long).
const connected = await connectOrm({ timeouts: null });
try {
  const where = connected.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'the embedded database';
  const applied = connected.applied;
  console.log(applied.length ? `Applied to ${where}: ${applied.join(', ')}` : `${where}: already up to date`);
  if (command === 'create') {
    const created = await (await migratorOf(connected.orm)).createMigration('src/store/migrations');
    console.log(created.diff.up.length ? `Wrote src/store/migrations/${created.fileName}` : 'The entities match the schema: nothing to write');
  }
} finally {
  await connected.close();
}
