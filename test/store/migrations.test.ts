/**
 * The checked-in migrations: applied at open unless switched off, idempotent, and equal to
 * what the entities describe. On the embedded database and, with DATABASE_URL, PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabaseOptions } from '../../src/store/index.js';
import { applyMigrations, connectOrm } from '../../src/store/open-database.js';
import { openDatabase } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { releaseSchema, POSTGRES_URL, tableNames, uniqueSchema, withClient } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';

const ALL_MIGRATIONS = MIGRATIONS.map((migration) => migration.name);

const TABLES = ['agents', 'api_keys', 'delegation_grants', 'events', 'mcp_sessions', 'mikro_orm_migrations', 'tasks', 'webhook_deliveries', 'webhooks'];

function migrationSuite(name: string, target: () => OpenDatabaseOptions, cleanup: (schema: string) => Promise<void>) {
  describe(`migrations on ${name}`, () => {
    it('migrate: false opens without touching the schema; the first open with migrations creates it; again is a no-op', async () => {
      const schema = uniqueSchema('migrations');
      const base = { ...target(), schema };
      const bare = await openDatabase({ ...base, migrate: false });
      try {
        expect(await tableNames(bare.connectionString, schema)).toEqual([]);
      } finally {
        await bare.close();
      }
      // One ORM on the same database for the two runs, so the embedded one stays the same instance.
      // A tool's connection (no session timeouts): comparing schemas reads the whole catalogue.
      const connected = await connectOrm({ ...base, migrate: false, timeouts: null });
      try {
        expect(connected.applied).toEqual([]);
        expect(await applyMigrations(connected.orm)).toEqual(ALL_MIGRATIONS);
        expect(await tableNames(connected.connectionString, schema)).toEqual(TABLES);
        const statements: string[] = [];
        connected.orm.em.getConnection().getKnex().on('query', (data: { sql: string }) => statements.push(data.sql));
        expect(await applyMigrations(connected.orm)).toEqual([]);
        expect(statements.filter((sql) => /^\s*(create|alter|drop)\b/i.test(sql))).toEqual([]);
        // The entities and the migrated schema agree: MikroORM finds nothing to change.
        expect(await connected.orm.schema.getUpdateSchemaSQL({ wrap: false, schema })).toBe('');
      } finally {
        await connected.close();
        await cleanup(schema);
      }
      // Two opens of the embedded database and a comparison of the whole catalogue: ~9 s alone on
      // this 2-core machine with the full suite running beside it, too close to the default 10 s.
    }, 30_000);
  });
}

// The embedded database lives in memory here, so each open is a new, empty database:
// the "open twice" half of the check runs on one ORM instead.
describe.runIf(runsOn('embedded'))('the embedded database', () => {
  migrationSuite('the embedded database', () => ({ databaseUrl: null, dataDir: 'memory://' }), async () => {});
});

describe.runIf(runsOn('postgres'))('PostgreSQL (DATABASE_URL)', () => {
  // A database of its own for the schema comparison: MikroORM reads the whole catalogue, and the
  // test database holds every other test file's schemas meanwhile (120 of them took it from 0.5 s
  // to 8 s; a full parallel run, past the 30 s timeout).
  const database = uniqueSchema('agentstack_migrations');
  let databaseUrl = '';
  beforeAll(async () => {
    await withClient(POSTGRES_URL!, (client) => client.query(`CREATE DATABASE "${database}"`));
    const url = new URL(POSTGRES_URL!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  });
  afterAll(async () => {
    await withClient(POSTGRES_URL!, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  });
  migrationSuite('PostgreSQL', () => ({ databaseUrl }), (schema) => releaseSchema(schema));

  it('replicas opening one fresh schema at once migrate it exactly once', async () => {
    const schema = uniqueSchema('replicas');
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => connectOrm({ databaseUrl: POSTGRES_URL, schema, poolSize: 1 })),
    );
    const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(opened.map((c) => c.applied).flat()).toEqual(ALL_MIGRATIONS);
      expect(await tableNames(POSTGRES_URL!, schema)).toEqual(TABLES);
    } finally {
      await Promise.all(opened.map((c) => c.close()));
      await releaseSchema(schema);
    }
  });

  it('a second open of a migrated schema applies nothing', async () => {
    const schema = uniqueSchema('reopen');
    const statements: string[] = [];
    const first = await openDatabase({ databaseUrl: POSTGRES_URL, schema });
    await first.close();
    const second = await openDatabase({ databaseUrl: POSTGRES_URL, schema, onQuery: (sql) => statements.push(sql) });
    try {
      expect(statements.filter((sql) => /^\s*(create table|alter|drop)\b/i.test(sql))).toEqual([]);
      expect(await tableNames(second.connectionString, schema)).toEqual(TABLES);
    } finally {
      await second.close();
      await releaseSchema(schema);
    }
  });
});
