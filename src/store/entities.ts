import { EntitySchema } from '@mikro-orm/core';
import type { StoredApiKey } from '../core/api-keys.js';
import type { EventDraft, EventSubjects, EventType } from '../core/events.js';
import type { McpSession } from '../core/mcp-sessions.js';
import type { AgentProfile, DelegationGrant, Task } from '../core/types.js';
import type { StoredWebhook, WebhookDelivery } from '../core/webhooks.js';

/**
 * The tables, as MikroORM metadata. They define the schema (the checked-in migrations are
 * generated from and checked against them); hot paths do not load entities, they send one
 * SQL statement each (see postgres-store.ts). Defined with EntitySchema because vitest's
 * transpilers emit no decorator metadata.
 *
 * Identifier columns (`did`, `id`) are `collate "C"` in the migration so their order is the
 * byte order the in-memory store's string comparison gives; MikroORM 6 has no collation
 * option, which is why that detail lives only in the migration.
 */

/** Millisecond precision: the domain's timestamps are `Date#toISOString()` strings. */
const TIMESTAMP = 'timestamptz(3)';

/**
 * Each table is typed by the domain shape it stores (src/core/types.ts), so a domain field
 * without a column, or a column without a domain field, does not compile. Columns the domain
 * does not have (a task's idempotency key) are declared beside it. Timestamps are ISO-8601
 * strings in the domain and `timestamptz(3)` here; the store's table codec (table.ts) converts.
 */
export const AgentEntity = new EntitySchema<AgentProfile>({
  name: 'Agent',
  tableName: 'agents',
  properties: {
    did: { type: 'text', primary: true },
    ownerDid: { type: 'text', nullable: true },
    name: { type: 'text' },
    sourceApp: { type: 'text', index: 'agents_source_app_index' },
    supportedProtocols: { type: 'json', columnType: 'jsonb' },
    inboxUrl: { type: 'text', nullable: true },
    taskEndpoint: { type: 'text', nullable: true },
    reputationScore: { type: 'double', columnType: 'double precision', nullable: true },
    metadata: { type: 'json', columnType: 'jsonb' },
    version: { type: 'integer' },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    updatedAt: { type: 'Date', columnType: TIMESTAMP },
  },
});

/** A task row: the domain's task, plus the idempotency claim it was created with. */
export interface TaskRow extends Task {
  /** Unique per owner; null for creates without a key. */
  idempotencyKey: string | null;
  /** The digest of the create input the key was first used with. */
  idempotencyFingerprint: string | null;
}

export const TaskEntity = new EntitySchema<TaskRow>({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    id: { type: 'text', primary: true },
    ownerDid: { type: 'text' },
    assigneeDid: { type: 'text', nullable: true },
    sourceApp: { type: 'text' },
    title: { type: 'text' },
    description: { type: 'text', nullable: true },
    status: { type: 'text' },
    paymentIntentId: { type: 'text', nullable: true },
    escrowId: { type: 'text', nullable: true },
    reputationEventId: { type: 'text', nullable: true },
    metadata: { type: 'json', columnType: 'jsonb' },
    published: { type: 'boolean', default: false },
    publishedAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    gigId: { type: 'text', nullable: true },
    version: { type: 'integer' },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    updatedAt: { type: 'Date', columnType: TIMESTAMP },
    idempotencyKey: { type: 'text', nullable: true },
    idempotencyFingerprint: { type: 'text', nullable: true },
  },
  // Every list is ordered by (created_at, id), so each filter's index ends with that key.
  indexes: [
    { name: 'tasks_created_at_id_index', properties: ['createdAt', 'id'] },
    { name: 'tasks_owner_did_index', properties: ['ownerDid', 'createdAt', 'id'] },
    { name: 'tasks_assignee_did_index', properties: ['assigneeDid', 'createdAt', 'id'] },
    { name: 'tasks_status_index', properties: ['status', 'createdAt', 'id'] },
    { name: 'tasks_source_app_index', properties: ['sourceApp', 'createdAt', 'id'] },
    { name: 'tasks_published_status_index', properties: ['published', 'status', 'createdAt', 'id'] },
  ],
  uniques: [{ name: 'tasks_owner_did_idempotency_key_unique', properties: ['ownerDid', 'idempotencyKey'] }],
});

export const GrantEntity = new EntitySchema<DelegationGrant>({
  name: 'DelegationGrant',
  tableName: 'delegation_grants',
  properties: {
    id: { type: 'text', primary: true },
    ownerDid: { type: 'text' },
    agentDid: { type: 'text' },
    grantorDid: { type: 'text' },
    scopes: { type: 'json', columnType: 'jsonb' },
    expiresAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    revokedAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    // The grant this one was sub-delegated from: a foreign key to this table, holding its id.
    parentGrantId: {
      kind: 'm:1',
      entity: 'DelegationGrant',
      fieldName: 'parent_grant_id',
      nullable: true,
      deleteRule: 'restrict',
    },
  },
  indexes: [
    { name: 'delegation_grants_owner_did_index', properties: ['ownerDid', 'createdAt', 'id'] },
    { name: 'delegation_grants_agent_did_index', properties: ['agentDid', 'createdAt', 'id'] },
    // Revocation walks the tree of grants delegated from one (listGrantTree).
    { name: 'delegation_grants_parent_grant_id_index', properties: ['parentGrantId'] },
  ],
});

/** App keys (src/core/api-keys.ts): only the SHA-256 of each key is kept. */
export const ApiKeyEntity = new EntitySchema<StoredApiKey>({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: { type: 'text', primary: true },
    keyHash: { type: 'text' },
    sourceApp: { type: 'text' },
    mayActFor: { type: 'json', columnType: 'jsonb' },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    revokedAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
  },
});

/** An event row: the subject columns of eventSubjects(draft) for indexed reads, and the draft itself. */
export interface EventRow extends EventSubjects {
  /**
   * The event's position, the cursor: its transaction's id × 1,024 + its index in that
   * transaction (event-log.ts says why this orders the log and how readers never see a gap).
   */
  sequence: number;
  type: EventType;
  actorDid: string | null;
  occurredAt: string;
  /** The whole event draft, exactly as AgentStack built it. */
  payload: EventDraft;
}

export const EventEntity = new EntitySchema<EventRow>({
  name: 'Event',
  tableName: 'events',
  properties: {
    sequence: { type: 'bigint', primary: true, autoincrement: false },
    type: { type: 'text' },
    taskId: { type: 'text', nullable: true },
    ownerDid: { type: 'text', nullable: true },
    assigneeDid: { type: 'text', nullable: true },
    agentDid: { type: 'text', nullable: true },
    grantId: { type: 'text', nullable: true },
    actorDid: { type: 'text', nullable: true },
    occurredAt: { type: 'Date', columnType: TIMESTAMP },
    payload: { type: 'json', columnType: 'jsonb' },
  },
  // Readers ask "events about X after sequence N": one index per subject, ending with the cursor.
  indexes: [
    { name: 'events_task_id_index', properties: ['taskId', 'sequence'] },
    { name: 'events_owner_did_index', properties: ['ownerDid', 'sequence'] },
    { name: 'events_assignee_did_index', properties: ['assigneeDid', 'sequence'] },
    { name: 'events_agent_did_index', properties: ['agentDid', 'sequence'] },
    { name: 'events_grant_id_index', properties: ['grantId', 'sequence'] },
  ],
});

/** A webhook row: the stored webhook, and the lease of the dispatcher working on it (webhook-queue.ts). */
export interface WebhookRow extends StoredWebhook {
  /** A random token per claim; null when no dispatcher holds the webhook. */
  leaseToken: string | null;
  leaseExpiresAt: string | null;
}

export const WebhookEntity = new EntitySchema<WebhookRow>({
  name: 'Webhook',
  tableName: 'webhooks',
  properties: {
    id: { type: 'text', primary: true },
    ownerDid: { type: 'text' },
    url: { type: 'text' },
    description: { type: 'text', nullable: true },
    filter: { type: 'json', columnType: 'jsonb', nullable: true },
    active: { type: 'boolean' },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    updatedAt: { type: 'Date', columnType: TIMESTAMP },
    disabledAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    disabledReason: { type: 'text', nullable: true },
    lastSuccessAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    consecutiveFailures: { type: 'integer' },
    cursor: { type: 'bigint' },
    secret: { type: 'text' },
    previousSecret: { type: 'text', nullable: true },
    previousSecretExpiresAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    nextAttemptAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    leaseToken: { type: 'text', nullable: true },
    leaseExpiresAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
  },
  indexes: [
    { name: 'webhooks_owner_did_index', properties: ['ownerDid', 'id'] },
    // The dispatcher's claim: active webhooks by when they are due.
    { name: 'webhooks_due_index', properties: ['active', 'nextAttemptAt'] },
  ],
});

/** A delivery row: its id is a bigserial (the keyset of `webhookDeliveries`), attempts a jsonb list. */
export type WebhookDeliveryRow = Omit<WebhookDelivery, 'id'> & { id: number };

export const WebhookDeliveryEntity = new EntitySchema<WebhookDeliveryRow>({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  properties: {
    id: { type: 'bigint', columnType: 'bigserial', primary: true, autoincrement: true },
    // Its webhook: deleting the webhook deletes its deliveries.
    webhookId: { kind: 'm:1', entity: 'Webhook', fieldName: 'webhook_id', deleteRule: 'cascade' },
    eventSequence: { type: 'bigint' },
    eventType: { type: 'text' },
    status: { type: 'text' },
    attempts: { type: 'json', columnType: 'jsonb' },
    nextAttemptAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    roundStartedAt: { type: 'Date', columnType: TIMESTAMP },
    completedAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
  },
  indexes: [
    { name: 'webhook_deliveries_webhook_id_index', properties: ['webhookId', 'id'] },
    { name: 'webhook_deliveries_pending_index', properties: ['webhookId', 'status', 'eventSequence'] },
  ],
});

/** An MCP session (src/core/mcp-sessions.ts): transport state any replica reads, not domain state. */
export const McpSessionEntity = new EntitySchema<McpSession>({
  name: 'McpSession',
  tableName: 'mcp_sessions',
  properties: {
    id: { type: 'text', primary: true },
    callerDid: { type: 'text' },
    callerApp: { type: 'text', nullable: true },
    protocolVersion: { type: 'text', nullable: true },
    subscriptions: { type: 'json', columnType: 'jsonb' },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    lastSeenAt: { type: 'Date', columnType: TIMESTAMP },
  },
  // Idle sessions are deleted by when they were last seen.
  indexes: [{ name: 'mcp_sessions_last_seen_at_index', properties: ['lastSeenAt'] }],
});

export const ENTITIES = [AgentEntity, TaskEntity, GrantEntity, EventEntity, ApiKeyEntity, WebhookEntity, WebhookDeliveryEntity, McpSessionEntity];
