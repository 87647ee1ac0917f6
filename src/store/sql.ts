import type { Knex, AbstractSqlConnection } from '@mikro-orm/postgresql';
import { cloneJson } from '../core/json.js';
import type { PageQuery } from '../core/paging.js';

/**
 * Small helpers for the store's SQL.
 *
 * The `?` rule: statements are written with `?` placeholders, and MikroORM's `formatQuery`
 * replaces each `?` with the next parameter, escaped and inlined as a literal (`??` with a
 * quoted identifier; `\?` stays a literal `?`). So every `?` in a statement's text is a
 * parameter, even inside a string literal or a jsonb operator (`?`, `?|`, `?&`: write
 * `jsonb_exists(…)` or `@>` instead), and the parameters are counted in text order.
 */

/**
 * Runs one statement through MikroORM's connection, on the transaction's connection when
 * given one. Because the parameters are inlined client-side (the `?` rule above), each
 * statement leaves as ONE simple-protocol message. That matters for the embedded database:
 * its socket server queues protocol messages from all connections into one PGlite session,
 * and the several messages of an extended-protocol query (Parse, Bind, Execute, Sync) from
 * two connections can interleave there, running one client's statement for the other.
 */
export async function runSql<T>(
  connection: AbstractSqlConnection,
  sql: string,
  params: readonly unknown[],
  trx?: Knex.Transaction,
): Promise<T[]> {
  return connection.execute<T[]>(sql, [...params], 'all', trx);
}

/**
 * A text[] literal, bound as one parameter (knex would spread a JS array into a list).
 * Inside a quoted element only backslash and double quote need escaping.
 */
export function textArray(values: readonly string[]): string {
  // Built by one join (a read of 1,000 keys builds this for every request): not a piece and a
  // longer string per element. Each distinct value once, escaped only when it must be.
  const distinct = new Set(values);
  const elements = distinct.size === values.length ? values : [...distinct];
  return elements.length === 0 ? '{}' : `{"${elements.map(quoteElement).join('","')}"}`;
}

function quoteElement(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, '\\$&') : value;
}

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/**
 * `column` is one of `keys`: `= ?` for a single distinct key (the common read by id; PostgreSQL
 * spends ~25% less CPU on it than on an array), else `= ANY(?::text[])` with the keys as one
 * text[] parameter. Two statement texts in all, whatever the number of keys.
 */
export function inKeys(column: string, keys: readonly string[]): { sql: string; params: unknown[] } {
  return keys.length > 0 && keys.every((key) => key === keys[0]) ? { sql: `${column} = ?`, params: [keys[0]] } : { sql: `${column} = ANY(?::text[])`, params: [textArray(keys)] };
}

/** Builds a WHERE clause from optional filters: a condition is added only when its value is set. */
export class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];

  /** `column = value`, when the value is neither null nor undefined. */
  equal(column: string, value: unknown): this {
    return value == null ? this : this.add(`${column} = ?`, value);
  }

  /** Any condition with its parameters (one `?` each). */
  add(condition: string, ...params: unknown[]): this {
    this.sql.push(condition);
    this.params.push(...params);
    return this;
  }

  /** The WHERE clause of the conditions that apply, or nothing. */
  get where(): string {
    return this.sql.length === 0 ? '' : `WHERE ${this.sql.join(' AND ')}`;
  }
}

/** FNV-1a, as a signed 32-bit integer (what pg_advisory_xact_lock(int, int) takes). */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Batch reads answer in the order of the keys asked, null for unknown keys. A key asked
 * twice gets its own copy, so no two answers alias one object.
 */
export function inKeyOrder<T>(keys: readonly string[], items: T[], keyOf: (item: T) => string): (T | null)[] {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  const answered = new Set<string>();
  return keys.map((key) => {
    const item = byKey.get(key);
    if (item === undefined) return null;
    if (answered.has(key)) return cloneJson(item);
    answered.add(key);
    return item;
  });
}

/** The same statement with `$1, $2, …` placeholders, for a plain `pg` client (the benchmark's raw baseline). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The ORDER BY direction a page reads in: forwards for `first`, backwards for `last` (paging.ts). */
export function direction(page: PageQuery<unknown>): 'ASC' | 'DESC' {
  return page.take === 'first' ? 'ASC' : 'DESC';
}
