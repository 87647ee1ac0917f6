import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Knex } from '@mikro-orm/postgresql';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

export interface OrmOptions {
  clientUrl: string;
  /** Schema for the tables and the migrations table; `public` when unset. */
  schema: string | undefined;
  poolSize: number;
  onQuery: ((sql: string) => void) | undefined;
}

/**
 * MikroORM over the `pg` driver, the same for a real server and for the embedded database
 * (PGlite behind its socket server speaks the same wire protocol).
 */
export async function initOrm(options: OrmOptions): Promise<MikroORM> {
  const { schema, onQuery } = options;
  const orm = await MikroORM.init({
    clientUrl: options.clientUrl,
    schema,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      // An explicit list instead of a folder scan: works the same under tsx, vitest and a
      // bundle, and never picks up a stray file.
      migrationsList: MIGRATIONS,
      path: 'src/store/migrations',
      emit: 'ts',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      disableForeignKeys: false,
    },
    // The database is given (or embedded); creating one is not the service's job, and
    // `CREATE DATABASE` means nothing to PGlite.
    ensureDatabase: false,
    pool: { min: 0, max: options.poolSize, afterCreate: sessionSetup(schema) },
    debug: false,
    allowGlobalContext: true,
  });
  if (onQuery) countKnexQueries(orm, onQuery);
  return orm;
}

/**
 * Per connection: the schema first on the search path (migrations are written unqualified)
 * and UTC, so timestamps come back in one predictable form.
 */
function sessionSetup(schema: string | undefined) {
  const statements = [`set time zone 'UTC'`];
  if (schema) statements.push(`set search_path to "${schema}"`);
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
function countKnexQueries(orm: MikroORM, onQuery: (sql: string) => void): void {
  const knex: Knex = orm.em.getConnection().getKnex();
  knex.on('query', (data: { sql?: string }) => {
    if (typeof data.sql === 'string') onQuery(data.sql);
  });
}
