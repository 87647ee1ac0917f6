import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import { pageOfRead, type PageQuery, type StorePage } from '../core/paging.js';
import type { StoredWebhook, WebhookDelivery, WebhookStore } from '../core/webhooks.js';
import type { WebhookDeliveryRow, WebhookRow } from './entities.js';
import { autocommit, readWithRetry } from './failures.js';
import { Conditions, direction, inKeyOrder, inKeys, runSql } from './sql.js';
import type { Table } from './table.js';

/**
 * Webhooks and their deliveries in their tables (entities.ts): the management side (the core's
 * WebhookStore). One statement per call; no event (only the dispatcher's disabling makes one,
 * webhook-queue.ts). Reads go to the read pool.
 */
export class PostgresWebhooks implements WebhookStore {
  /** A webhook without the dispatcher's lease columns. */
  protected readonly stored: Table<StoredWebhook>;
  /** What an owner's update writes: never the dispatcher's columns (cursor, counters, lease). */
  private readonly settable: Table<Partial<StoredWebhook>>;

  constructor(
    protected readonly connection: AbstractSqlConnection,
    protected readonly webhooks: Table<WebhookRow>,
    protected readonly deliveries: Table<WebhookDeliveryRow>,
    protected readonly reader: AbstractSqlConnection = connection,
  ) {
    this.stored = webhooks.without('leaseToken', 'leaseExpiresAt');
    this.settable = webhooks.only([
      'url',
      'description',
      'filter',
      'active',
      'disabledAt',
      'disabledReason',
      'secret',
      'previousSecret',
      'previousSecretExpiresAt',
      'updatedAt',
    ]) as Table<Partial<StoredWebhook>>;
  }

  async insertWebhook(webhook: StoredWebhook): Promise<void> {
    const { stored } = this;
    await autocommit(() => runSql(this.connection, `INSERT INTO ${stored.name} (${stored.list}) VALUES (${stored.placeholders})`, stored.values(webhook)));
  }

  async getWebhooks(ids: readonly string[]): Promise<(StoredWebhook | null)[]> {
    const { stored } = this;
    const where = inKeys(stored.column('id').name, ids);
    const records = await this.read(`SELECT ${stored.list} FROM ${stored.name} WHERE ${where.sql}`, where.params);
    return inKeyOrder(
      ids,
      records.map((record) => stored.read(record)),
      (webhook) => webhook.id,
    );
  }

  async listWebhooks(ownerDid: string, page: PageQuery<string>): Promise<StorePage<StoredWebhook>> {
    const { stored } = this;
    const id = stored.column('id').name;
    const conditions = new Conditions().equal(stored.column('ownerDid').name, ownerDid);
    if (page.after !== null) conditions.add(`${id} COLLATE "C" > ?`, page.after);
    if (page.before !== null) conditions.add(`${id} COLLATE "C" < ?`, page.before);
    const records = await this.read(
      `SELECT ${stored.list} FROM ${stored.name} ${conditions.where} ORDER BY ${id} COLLATE "C" ${direction(page)} LIMIT ?`,
      [...conditions.params, page.limit + 1],
    );
    return pageOfRead(
      records.map((record) => stored.read(record)),
      page,
    );
  }

  /** `resume` (re-enabled by its owner): the failures reset and the dispatcher looks at `nextAttemptAt`. */
  async updateWebhook(webhook: StoredWebhook, resume = false): Promise<boolean> {
    const { settable, webhooks } = this;
    const extra = resume ? `, ${webhooks.column('consecutiveFailures').name} = 0, ${webhooks.column('nextAttemptAt').name} = ?::timestamptz` : '';
    const sql = `UPDATE ${webhooks.name} SET ${settable.assignments}${extra} WHERE ${webhooks.column('id').name} = ? RETURNING 1`;
    const params = [...settable.values(webhook), ...(resume ? [webhook.nextAttemptAt] : []), webhook.id];
    return (await autocommit(() => runSql(this.connection, sql, params))).length === 1;
  }

  async deleteWebhook(id: string): Promise<boolean> {
    const sql = `DELETE FROM ${this.webhooks.name} WHERE ${this.webhooks.column('id').name} = ? RETURNING 1`;
    return (await autocommit(() => runSql(this.connection, sql, [id]))).length === 1;
  }

  async listDeliveries(webhookId: string, page: PageQuery<number>): Promise<StorePage<WebhookDelivery>> {
    const { deliveries } = this;
    const id = deliveries.column('id').name;
    const conditions = new Conditions().equal(deliveries.column('webhookId').name, webhookId);
    if (page.after !== null) conditions.add(`${id} > ?`, page.after);
    if (page.before !== null) conditions.add(`${id} < ?`, page.before);
    const records = await this.read(
      `SELECT ${deliveries.list} FROM ${deliveries.name} ${conditions.where} ORDER BY ${id} ${direction(page)} LIMIT ?`,
      [...conditions.params, page.limit + 1],
    );
    return pageOfRead(
      records.map((record) => this.delivery(record)),
      page,
    );
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const { deliveries } = this;
    const [record] = await this.read(`SELECT ${deliveries.list} FROM ${deliveries.name} WHERE ${deliveries.column('id').name} = ?`, [Number(id)]);
    return record ? this.delivery(record) : null;
  }

  /** One statement: the delivery pending again, due at `at`, and its webhook due no later than that. */
  async requeueDelivery(id: string, at: string): Promise<WebhookDelivery | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const { deliveries, webhooks } = this;
    const d = (property: keyof WebhookDeliveryRow) => deliveries.column(property).name;
    const next = webhooks.column('nextAttemptAt').name;
    const sql = `WITH requeued AS (
        UPDATE ${deliveries.name} SET ${d('status')} = 'pending', ${d('nextAttemptAt')} = ?::timestamptz, ${d('roundStartedAt')} = ?::timestamptz, ${d('completedAt')} = NULL
         WHERE ${d('id')} = ? RETURNING *
      ), due AS (
        UPDATE ${webhooks.name} SET ${next} = LEAST(COALESCE(${next}, ?::timestamptz), ?::timestamptz)
         WHERE ${webhooks.column('id').name} = (SELECT ${d('webhookId')} FROM requeued) RETURNING 1
      )
      SELECT ${deliveries.list} FROM requeued`;
    const [record] = await autocommit(() => runSql<Record<string, unknown>>(this.connection, sql, [at, at, Number(id), at, at]));
    return record ? this.delivery(record) : null;
  }

  /** A delivery row as the domain's delivery (its bigserial id as a decimal string). */
  protected delivery(record: Record<string, unknown>): WebhookDelivery {
    const row = this.deliveries.read(record);
    return { ...row, id: String(row.id), attempts: row.attempts ?? [] };
  }

  protected read(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    return readWithRetry(() => runSql<Record<string, unknown>>(this.reader, sql, params));
  }
}


