/**
 * The store's reads as prepared statements on real PostgreSQL (src/store/prepared-statements.ts): the
 * same rows as MikroORM's path, one server-side statement per distinct read and session, a bound
 * on how many, one onQuery call per read, and pg's own errors (with their SQLSTATE) that leave the
 * pooled connection usable (and a read that failed to parse is prepared again).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../src/store/orm.js';
import { preparedStatements, type SqlRunner } from '../../src/store/prepared-statements.js';
import { runSql, textArray } from '../../src/store/sql.js';
import { databaseTargets, uniqueSchema, withClient } from '../helpers/databases.js';

const [postgres] = databaseTargets('postgres');

describe.runIf(postgres!.enabled)('prepared reads (postgres)', () => {
  const url = process.env.DATABASE_URL!;
  const schema = uniqueSchema('prepared_reads');
  let orm: MikroORM;
  let reads: SqlRunner;
  const seen: string[] = [];
  /** Through MikroORM on the same single pooled session: what that session has prepared. */
  const preparedInSession = async () =>
    (await runSql<{ name: string; statement: string }>(orm.em.getConnection(), `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'agentstack\_%' ORDER BY name`, [])).map(
      (row) => row.statement,
    );

  beforeAll(async () => {
    await withClient(url, (client) =>
      client.query(`CREATE SCHEMA ${schema};
        CREATE TABLE ${schema}.t (id text PRIMARY KEY, n integer NOT NULL, flag boolean NOT NULL, doc jsonb, at timestamptz NOT NULL, note text);
        INSERT INTO ${schema}.t VALUES ('a', 1, true, '{"k":[1,"x"]}', '2026-12-02T10:00:00Z', NULL), ('b', 2, false, NULL, '2026-12-02T11:00:00.123Z', 'it''s ?');`),
    );
    // One connection: every read below runs in the same session.
    orm = await initOrm({ clientUrl: url, schema, poolSize: 1, onQuery: undefined });
    reads = preparedStatements(orm.em.getConnection(), { onQuery: (sql) => seen.push(sql), maxStatements: 3 });
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  it('answers the rows MikroORM answers for the same statement and parameters', async () => {
    const sql = `SELECT id, n, flag, doc, at, note FROM t WHERE id = ANY(?::text[]) AND n >= ? AND flag IN (?, ?) AND (note IS NULL OR note = ?) ORDER BY id LIMIT ?`;
    const params = [textArray(['a', 'b', 'zz']), 1, true, false, "it's ?", 10];
    const expected = await runSql(orm.em.getConnection(), sql, params);
    expect(expected).toHaveLength(2);
    expect(await reads(sql, params)).toEqual(expected);
  });

  it('a text[] parameter reads back exactly the keys given: quotes, backslashes, commas, braces, spaces, repeats', async () => {
    const keys = ['plain', 'with "quotes"', 'back\\slash', 'a,b', '{braces}', ' spaced ', 'NULL', '', 'plain'];
    const rows = await reads<{ key: string }>(`SELECT unnest(?::text[]) AS key`, [textArray(keys)]);
    expect(rows.map((row) => row.key)).toEqual([...new Set(keys)]);
    expect(await reads(`SELECT unnest(?::text[]) AS key`, [textArray([])])).toEqual([]);
  });

  it('prepares each distinct read once per session, reuses it, and counts every read once', async () => {
    const before = seen.length;
    const sql = `SELECT id FROM t WHERE id = ?`;
    for (const id of ['a', 'b', 'a']) expect(await reads(sql, [id])).toEqual([{ id }]);
    expect(seen.length - before).toBe(3);
    expect((await preparedInSession()).filter((text) => text === 'SELECT id FROM t WHERE id = $1')).toHaveLength(1);
  });

  it('prepares at most maxStatements reads; past that, reads still run, unnamed', async () => {
    for (let i = 0; i < 6; i++) expect(await reads(`SELECT ${i}::int AS i FROM t WHERE id = ?`, ['a'])).toEqual([{ i }]);
    expect((await preparedInSession()).length).toBe(3);
  });

  it("fails with pg's error and its SQLSTATE, and the pooled connection serves the next read", async () => {
    await expect(reads(`SELECT missing FROM t WHERE id = ?`, ['a'])).rejects.toMatchObject({ code: '42703' });
    await expect(reads(`SELECT id FROM t WHERE id = ?`, ['b'])).resolves.toEqual([{ id: 'b' }]);
  });

  it('prepares a read again once what it failed on exists (a table a rolling deploy adds)', async () => {
    // A runner of its own: the one above has used up its 3 named statements.
    const fresh = preparedStatements(orm.em.getConnection());
    const sql = `SELECT id FROM later WHERE id = ?`;
    await expect(fresh(sql, ['a'])).rejects.toMatchObject({ code: '42P01' });
    await withClient(url, (client) => client.query(`CREATE TABLE ${schema}.later (id text PRIMARY KEY); INSERT INTO ${schema}.later VALUES ('a')`));
    await expect(fresh(sql, ['a'])).resolves.toEqual([{ id: 'a' }]);
    expect(await preparedInSession()).toContain('SELECT id FROM later WHERE id = $1');
  });
});
