import type { AbstractSqlConnection } from '@mikro-orm/postgresql';
import type { AgentStackEvent, WebhookEventDraft } from '../core/events.js';
import type { AttemptRecord, ClaimedWebhook, WebhookDelivery, WebhookQueue } from '../core/webhooks.js';
import type { WebhookDeliveryRow, WebhookRow } from './entities.js';
import type { EventLog } from './event-log.js';
import { autocommit } from './failures.js';
import { runSql } from './sql.js';
import type { Table } from './table.js';
import { PostgresWebhooks } from './webhooks.js';

/**
 * The dispatcher's side of the webhook tables (the core's WebhookQueue): leases.
 *
 * A dispatcher claims due webhooks with `FOR UPDATE SKIP LOCKED`, stamping each with a random
 * lease token and an expiry on the database's clock (so replicas' clocks need not agree). Every
 * later write is conditional on that token: when a lease has expired and another replica has
 * claimed the webhook, the first one's writes match nothing and it stops. Each write renews the
 * lease; an attempt is bounded (10 s) well inside it. A delivery is opened (pending) before its
 * attempt is made, so a replica that dies mid-attempt leaves it pending, and whoever claims the
 * webhook next retries it with the same `webhook-id`.
 */
export class PostgresWebhookQueue extends PostgresWebhooks implements WebhookQueue {
  constructor(
    connection: AbstractSqlConnection,
    webhooks: Table<WebhookRow>,
    deliveries: Table<WebhookDeliveryRow>,
    private readonly log: EventLog,
    reader: AbstractSqlConnection = connection,
  ) {
    super(connection, webhooks, deliveries, reader);
  }

  async claimDue(limit: number, leaseMs: number, head: number, at: string): Promise<ClaimedWebhook[]> {
    const w = (property: keyof WebhookRow) => this.webhooks.column(property).name;
    const sql = `UPDATE ${this.webhooks.name} AS claimed
        SET ${w('leaseToken')} = gen_random_uuid()::text, ${w('leaseExpiresAt')} = ${this.leaseEnd()}
       FROM (SELECT ${w('id')} FROM ${this.webhooks.name}
              WHERE ${w('active')}
                AND (${w('leaseExpiresAt')} IS NULL OR ${w('leaseExpiresAt')} < clock_timestamp())
                AND ((${w('nextAttemptAt')} IS NOT NULL AND ${w('nextAttemptAt')} <= ?::timestamptz)
                  OR (${w('nextAttemptAt')} IS NULL AND ${w('cursor')} < ?))
              ORDER BY ${w('nextAttemptAt')} NULLS LAST
              LIMIT ? FOR UPDATE SKIP LOCKED) AS due
      WHERE claimed.${w('id')} = due.${w('id')}
      RETURNING ${this.webhooks.columns.map((column) => `claimed.${column.name}`).join(', ')}`;
    const records = await autocommit(() => runSql<Record<string, unknown>>(this.connection, sql, [leaseMs, at, head, limit]));
    return records.map((record) => {
      const { leaseToken, leaseExpiresAt: _expires, ...webhook } = this.webhooks.read(record);
      return { ...webhook, lease: leaseToken!, leaseMs };
    });
  }

  async anyActive(): Promise<boolean> {
    const [row] = await runSql<{ any: boolean }>(
      this.reader,
      `SELECT EXISTS (SELECT 1 FROM ${this.webhooks.name} WHERE ${this.webhooks.column('active').name}) AS any`,
      [],
    );
    return row?.any === true;
  }

  async firstPending(webhookId: string): Promise<WebhookDelivery | null> {
    const d = this.deliveryColumn;
    // The write pool: right after this dispatcher's own writes, a read replica could lag behind them.
    const [record] = await runSql<Record<string, unknown>>(
      this.connection,
      `SELECT ${this.deliveries.list} FROM ${this.deliveries.name}
        WHERE ${d('webhookId')} = ? AND ${d('status')} = 'pending' ORDER BY ${d('eventSequence')}, ${d('id')} LIMIT 1`,
      [webhookId],
    );
    return record ? this.delivery(record) : null;
  }

  async openDelivery(claim: ClaimedWebhook, event: AgentStackEvent, at: string): Promise<WebhookDelivery | null> {
    const { deliveries } = this;
    const columns = deliveries.without('id');
    const sql = `WITH held AS (
        UPDATE ${this.webhooks.name} SET ${this.column('cursor')} = GREATEST(${this.column('cursor')}, ?), ${this.renewal()}
         WHERE ${this.held()} RETURNING 1
      )
      INSERT INTO ${deliveries.name} (${columns.list}) SELECT ${columns.placeholders} FROM held
      RETURNING ${deliveries.list}`;
    const row: Omit<WebhookDeliveryRow, 'id'> = {
      webhookId: claim.id,
      eventSequence: event.sequence,
      eventType: event.type,
      status: 'pending',
      attempts: [],
      nextAttemptAt: at,
      createdAt: at,
      roundStartedAt: at,
      completedAt: null,
    };
    const params = [event.sequence, claim.leaseMs, claim.id, claim.lease, ...columns.values(row)];
    const [record] = await autocommit(() => runSql<Record<string, unknown>>(this.connection, sql, params));
    return record ? this.delivery(record) : null;
  }

  async advanceCursor(claim: ClaimedWebhook, cursor: number): Promise<boolean> {
    const sql = `UPDATE ${this.webhooks.name} SET ${this.column('cursor')} = GREATEST(${this.column('cursor')}, ?), ${this.renewal()}
      WHERE ${this.held()} RETURNING 1`;
    return (await autocommit(() => runSql(this.connection, sql, [cursor, claim.leaseMs, claim.id, claim.lease]))).length === 1;
  }

  async recordAttempt(claim: ClaimedWebhook, deliveryId: string, record: AttemptRecord): Promise<boolean> {
    const d = this.deliveryColumn;
    const done = record.status === 'pending' ? null : record.attempt.at;
    const sql = `WITH held AS (
        UPDATE ${this.webhooks.name}
           SET ${this.column('consecutiveFailures')} = ?, ${this.column('lastSuccessAt')} = ?::timestamptz, ${this.renewal()}
         WHERE ${this.held()} RETURNING 1
      )
      UPDATE ${this.deliveries.name}
         SET ${d('attempts')} = ${d('attempts')} || ?::jsonb, ${d('status')} = ?,
             ${d('nextAttemptAt')} = ?::timestamptz, ${d('completedAt')} = ?::timestamptz
       WHERE ${d('id')} = ? AND EXISTS (SELECT 1 FROM held) RETURNING 1`;
    const params = [
      record.consecutiveFailures,
      record.lastSuccessAt,
      claim.leaseMs,
      claim.id,
      claim.lease,
      JSON.stringify([record.attempt]),
      record.status,
      record.attempt.nextAttemptAt,
      done,
      Number(deliveryId),
    ];
    return (await autocommit(() => runSql(this.connection, sql, params))).length === 1;
  }

  async skipDelivery(claim: ClaimedWebhook, deliveryId: string, at: string): Promise<boolean> {
    const d = this.deliveryColumn;
    const sql = `WITH held AS (UPDATE ${this.webhooks.name} SET ${this.renewal()} WHERE ${this.held()} RETURNING 1)
      UPDATE ${this.deliveries.name} SET ${d('status')} = 'skipped', ${d('nextAttemptAt')} = NULL, ${d('completedAt')} = ?::timestamptz
       WHERE ${d('id')} = ? AND EXISTS (SELECT 1 FROM held) RETURNING 1`;
    return (await autocommit(() => runSql(this.connection, sql, [claim.leaseMs, claim.id, claim.lease, at, Number(deliveryId)]))).length === 1;
  }

  /** The state change and its WEBHOOK_DISABLED event in one statement (event-log.ts). */
  disable(claim: ClaimedWebhook, draft: WebhookEventDraft): Promise<AgentStackEvent | null> {
    const { webhook } = draft;
    return this.log.commitOne({
      sql: `UPDATE ${this.webhooks.name}
               SET ${this.column('active')} = false, ${this.column('disabledAt')} = ?::timestamptz, ${this.column('disabledReason')} = ?,
                   ${this.column('updatedAt')} = ?::timestamptz, ${this.column('nextAttemptAt')} = NULL,
                   ${this.column('leaseToken')} = NULL, ${this.column('leaseExpiresAt')} = NULL
             WHERE ${this.column('id')} = ? AND ${this.column('leaseToken')} = ? RETURNING 1`,
      params: [webhook.disabledAt, webhook.disabledReason, webhook.updatedAt, claim.id, claim.lease],
      draft,
    });
  }

  /**
   * The webhook is next due when its first pending delivery is (null: none; a new event wakes
   * it): read from the deliveries, so a redelivery requested meanwhile is never overwritten.
   */
  async release(claim: ClaimedWebhook): Promise<void> {
    const d = this.deliveryColumn;
    const sql = `UPDATE ${this.webhooks.name}
        SET ${this.column('leaseToken')} = NULL, ${this.column('leaseExpiresAt')} = NULL,
            ${this.column('nextAttemptAt')} = (SELECT ${d('nextAttemptAt')} FROM ${this.deliveries.name}
              WHERE ${d('webhookId')} = ? AND ${d('status')} = 'pending' ORDER BY ${d('eventSequence')}, ${d('id')} LIMIT 1)
      WHERE ${this.held()}`;
    await autocommit(() => runSql(this.connection, sql, [claim.id, claim.id, claim.lease]));
  }

  private column(property: keyof WebhookRow): string {
    return this.webhooks.column(property).name;
  }

  private readonly deliveryColumn = (property: keyof WebhookDeliveryRow): string => this.deliveries.column(property).name;

  /** The lease's new end, on the database's clock (one `?`: the lease's length in ms). */
  private leaseEnd(): string {
    return `clock_timestamp() + ? * interval '1 millisecond'`;
  }

  private renewal(): string {
    return `${this.column('leaseExpiresAt')} = ${this.leaseEnd()}`;
  }

  /** Still ours (two `?`: the webhook's id, the lease token). */
  private held(): string {
    return `${this.column('id')} = ? AND ${this.column('leaseToken')} = ?`;
  }
}
