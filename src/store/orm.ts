import type { MigrationObject } from '@mikro-orm/core';
import type { Migration, Migrator } from '@mikro-orm/migrations';
import { MikroORM, type AbstractSqlConnection, type Knex } from '@mikro-orm/postgresql';
import type { DatabaseTimeouts } from './config.js';
import type { PoolCounts } from './index.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { loadOnce } from '../core/load-once.js';

export interface OrmOptions {
  clientUrl: string;
  /** Schema for the tables and the migrations table; `public` when unset. */
  schema: string | undefined;
  poolSize: number;
  /** A pool of its own for reads (0: none, reads share the write pool). */
  readPoolSize?: number;
  /** Bounds on every pooled session; none when left out (the timeouts are then the server's). */
  timeouts?: DatabaseTimeouts;
  /** `application_name` of every connection, so operators find ours in pg_stat_activity. Default `agentstack`. */
  applicationName?: string;
  onQuery: ((sql: string) => void) | undefined;
}

/** The name of the read pool (a MikroORM "replica" on the same database). */
const READ_POOL = 'read';

/**
 * MikroORM over the `pg` driver, the same for a real server and for the embedded database
 * (PGlite behind its socket server speaks the same wire protocol).
 */
export async function initOrm(options: OrmOptions): Promise<MikroORM> {
  const { schema, onQuery, timeouts } = options;
  const afterCreate = sessionSetup(schema, timeouts);
  const readPoolSize = options.readPoolSize ?? 0;
  const orm = await MikroORM.init({
    clientUrl: options.clientUrl,
    schema,
    entities: ENTITIES,
    // No Migrator here: migratorOf loads it (and the migrations) when there is something to migrate.
    migrations: {
      // An explicit list instead of a folder scan (filled in by migratorOf): works the same under
      // tsx, vitest and a bundle, and never picks up a stray file.
      migrationsList: [],
      path: 'src/store/migrations',
      emit: 'ts',
      tableName: MIGRATIONS_TABLE,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      disableForeignKeys: false,
    },
    // The database is given (or embedded); creating one is not the service's job, and
    // `CREATE DATABASE` means nothing to PGlite.
    ensureDatabase: false,
    pool: { min: 0, max: options.poolSize, afterCreate },
    driverOptions: {
      connection: { application_name: options.applicationName ?? 'agentstack' },
      // knex's wait for a free pooled connection (its default is a minute).
      ...(timeouts ? { acquireConnectionTimeout: timeouts.acquireMs } : {}),
    },
    ...(readPoolSize > 0 ? { replicas: [{ name: READ_POOL, clientUrl: options.clientUrl, pool: { min: 0, max: readPoolSize, afterCreate } }] } : {}),
    preferReadReplicas: false,
    debug: false,
    allowGlobalContext: true,
  });
  if (onQuery) {
    countKnexQueries(orm.em.getConnection('write'), onQuery);
    if (readPoolSize > 0) countKnexQueries(orm.em.getConnection('read'), onQuery);
  }
  boundedSessions.set(orm, timeouts !== undefined);
  return orm;
}

/** MikroORM's record of the migrations applied, in the ORM's schema. */
const MIGRATIONS_TABLE = 'mikro_orm_migrations';
/** Whether an ORM's sessions have timeouts (then migrations run without them). */
const boundedSessions = new WeakMap<MikroORM, boolean>();

/**
 * Whether a checked-in migration is not applied yet: one look at MikroORM's migrations table
 * (absent on a new database), without loading the Migrator. Call it under the migration lock.
 */
export async function pendingMigrations(orm: MikroORM): Promise<boolean> {
  const schema = orm.config.get('schema') ?? 'public'; // checked by checkSchemaName: an identifier
  const connection = orm.em.getConnection();
  const table = `"${schema}".${MIGRATIONS_TABLE}`;
  const [found] = await connection.execute<{ present: boolean }[]>(`select to_regclass('${table}') is not null as present`);
  if (!found?.present) return true;
  const applied = new Set((await connection.execute<{ name: string }[]>(`select name from ${table}`)).map((row) => row.name));
  return MIGRATIONS.some((migration) => !applied.has(migration.name));
}

/**
 * The Migrator with the checked-in migrations, loaded on first use (the Migrator, umzug and the
 * migrations' files are ~0.3 s of modules that a start with nothing to migrate never loads).
 */
export async function migratorOf(orm: MikroORM): Promise<Migrator> {
  const [{ Migrator: MigratorClass }, migrations] = await migratorModules();
  if (!orm.config.getExtension<Migrator>('@mikro-orm/migrator')) {
    const migrationsList = boundedSessions.get(orm) ? migrations.map(withoutTimeouts) : migrations;
    orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
    MigratorClass.register(orm);
  }
  return orm.config.getExtension<Migrator>('@mikro-orm/migrator')!;
}

/**
 * Starts loading the Migrator and the migrations now, when it is known they will run (a new embedded
 * cluster: this thread is then waiting for the database to open, and the ~0.3 s of modules load meanwhile).
 */
export function preloadMigrator(): void {
  migratorModules().catch(() => {}); // a failure is migratorOf's to report
}

/** The Migrator's module and the migrations' classes, loaded once per process (again after a failure). */
const migratorModules = loadOnce(() =>
  Promise.all([
    import('@mikro-orm/migrations'),
    Promise.all(MIGRATIONS.map(async (migration): Promise<MigrationObject> => ({ name: migration.name, class: await migration.load() }))),
  ]),
);

/** The connection (pool) for reads outside transactions: the read pool when there is one. */
export function readConnection(orm: MikroORM): AbstractSqlConnection {
  return orm.em.getConnection('read');
}

/**
 * A pool's connections right now: knex's pool is a tarn Pool (used, free, callers waiting for a
 * connection). Zeros before the pool exists or after it is destroyed.
 */
export function poolCounts(connection: AbstractSqlConnection): PoolCounts {
  const pool = (connection.getKnex().client as { pool?: TarnPool | null }).pool;
  if (!pool) return { used: 0, free: 0, pending: 0 };
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() };
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * Per connection: the schema first on the search path (migrations are written unqualified)
 * and UTC, so timestamps come back in one predictable form.
 */
function sessionSetup(schema: string | undefined, timeouts: DatabaseTimeouts | undefined) {
  const statements = [`set time zone 'UTC'`];
  if (schema) statements.push(`set search_path to "${schema}"`);
  if (timeouts) {
    statements.push(
      `set statement_timeout = ${whole(timeouts.statementMs)}`,
      `set lock_timeout = ${whole(timeouts.lockMs)}`,
      `set idle_in_transaction_session_timeout = ${whole(timeouts.idleInTransactionMs)}`,
    );
  }
  const sql = statements.join('; ');
  return (connection: { query(sql: string, callback: (error: Error | null) => void): void }, done: (error: Error | null, connection: unknown) => void) => {
    connection.query(sql, (error) => done(error, connection));
  };
}

/**
 * Every statement, whether sent by the store or by MikroORM itself (migrations), passes knex's
 * `query` event. The store's statements arrive there complete: their values were inlined by
 * MikroORM's `formatQuery` before knex saw them (client-side, not server-side parameters; the
 * `?` rule in sql.ts), so each is one simple-protocol message.
 */
function countKnexQueries(connection: AbstractSqlConnection, onQuery: (sql: string) => void): void {
  const knex: Knex = connection.getKnex();
  knex.on('query', (data: { sql?: string }) => {
    if (typeof data.sql === 'string') onQuery(data.sql);
  });
}

/** Milliseconds written into SQL: a whole number, never anything else. */
function whole(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`A database timeout must be a whole number of milliseconds, got ${ms}`);
  return ms;
}

/**
 * A migration run without the sessions' timeouts (an index build may take minutes): `SET LOCAL`
 * lasts until the end of the migration's transaction, so the pooled session keeps its bounds.
 */
function withoutTimeouts(migration: MigrationObject): MigrationObject {
  const Base = migration.class as unknown as new (...args: ConstructorParameters<typeof Migration>) => Migration;
  const up = Base.prototype.up as () => Promise<void>;
  class Unbounded extends Base {
    override async up(): Promise<void> {
      this.addSql('set local statement_timeout = 0');
      this.addSql('set local lock_timeout = 0');
      await up.call(this);
    }
  }
  return { name: migration.name, class: Unbounded as unknown as MigrationObject['class'] };
}
