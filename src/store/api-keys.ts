import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import type { ApiKey, ApiKeyStore, StoredApiKey } from '../core/api-keys.js';
import { runSql } from './sql.js';
import type { Table } from './table.js';

/** App keys in their table (entities.ts): one statement per call, no event (keys are not domain state). */
export class PostgresApiKeys implements ApiKeyStore {
  private readonly public: Table<ApiKey>;

  constructor(
    private readonly connection: AbstractSqlConnection,
    private readonly keys: Table<StoredApiKey>,
  ) {
    this.public = keys.without('keyHash');
  }

  async insertApiKey(key: StoredApiKey): Promise<void> {
    await runSql(this.connection, `INSERT INTO ${this.keys.name} (${this.keys.list}) VALUES (${this.keys.placeholders})`, this.keys.values(key));
  }

  async findApiKey(id: string): Promise<StoredApiKey | null> {
    const [record] = await runSql<Record<string, unknown>>(
      this.connection,
      `SELECT ${this.keys.list} FROM ${this.keys.name} WHERE ${this.keys.column('id').name} = ?`,
      [id],
    );
    return record ? this.keys.read(record) : null;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    const records = await runSql<Record<string, unknown>>(
      this.connection,
      `SELECT ${this.public.list} FROM ${this.public.name} ORDER BY ${this.public.column('createdAt').name}, ${this.public.column('id').name}`,
      [],
    );
    return records.map((record) => this.public.read(record));
  }

  async revokeApiKey(id: string, at: string): Promise<ApiKey | null> {
    const revokedAt = this.keys.column('revokedAt');
    const [record] = await runSql<Record<string, unknown>>(
      this.connection,
      `UPDATE ${this.keys.name} SET ${revokedAt.name} = ${revokedAt.placeholder}
        WHERE ${this.keys.column('id').name} = ? AND ${revokedAt.name} IS NULL
        RETURNING ${this.public.list}`,
      [at, id],
    );
    return record ? this.public.read(record) : null;
  }

  async hasActiveApiKeys(): Promise<boolean> {
    const [row] = await runSql<{ active: boolean }>(
      this.connection,
      `SELECT EXISTS (SELECT 1 FROM ${this.keys.name} WHERE ${this.keys.column('revokedAt').name} IS NULL) AS active`,
      [],
    );
    return row?.active === true;
  }
}
