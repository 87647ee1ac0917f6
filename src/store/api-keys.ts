import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import type { ApiKey, ApiKeyStore, StoredApiKey } from '../core/api-keys.js';
import { autocommit, readWithRetry } from './failures.js';
import { runSql } from './sql.js';
import type { Table } from './table.js';

/**
 * App keys in their table (entities.ts): one statement per call, no event (keys are not domain
 * state). Reads go to the read pool; failures that pass become SERVICE_UNAVAILABLE (failures.ts).
 */
export class PostgresApiKeys implements ApiKeyStore {
  private readonly public: Table<ApiKey>;

  constructor(
    private readonly connection: AbstractSqlConnection,
    private readonly keys: Table<StoredApiKey>,
    /** Where reads go (the read pool). */
    private readonly reader: AbstractSqlConnection = connection,
  ) {
    this.public = keys.without('keyHash');
  }

  async insertApiKey(key: StoredApiKey): Promise<void> {
    const { keys } = this;
    await autocommit(() => runSql(this.connection, `INSERT INTO ${keys.name} (${keys.list}) VALUES (${keys.placeholders})`, keys.values(key)));
  }

  async findApiKey(id: string): Promise<StoredApiKey | null> {
    const { keys } = this;
    const sql = `SELECT ${keys.list} FROM ${keys.name} WHERE ${keys.column('id').name} = ?`;
    const [record] = await readWithRetry(() => runSql<Record<string, unknown>>(this.reader, sql, [id]));
    return record ? keys.read(record) : null;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    const { public: keys } = this;
    const sql = `SELECT ${keys.list} FROM ${keys.name} ORDER BY ${keys.column('createdAt').name}, ${keys.column('id').name}`;
    const records = await readWithRetry(() => runSql<Record<string, unknown>>(this.reader, sql, []));
    return records.map((record) => keys.read(record));
  }

  async revokeApiKey(id: string, at: string): Promise<ApiKey | null> {
    const revokedAt = this.keys.column('revokedAt');
    const sql = `UPDATE ${this.keys.name} SET ${revokedAt.name} = ${revokedAt.placeholder}
        WHERE ${this.keys.column('id').name} = ? AND ${revokedAt.name} IS NULL
        RETURNING ${this.public.list}`;
    const [record] = await autocommit(() => runSql<Record<string, unknown>>(this.connection, sql, [at, id]));
    return record ? this.public.read(record) : null;
  }

  async hasActiveApiKeys(): Promise<boolean> {
    const sql = `SELECT EXISTS (SELECT 1 FROM ${this.keys.name} WHERE ${this.keys.column('revokedAt').name} IS NULL) AS active`;
    const [row] = await readWithRetry(() => runSql<{ active: boolean }>(this.reader, sql, []));
    return row?.active === true;
  }
}

