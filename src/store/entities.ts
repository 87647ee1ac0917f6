import { EntitySchema } from '@mikro-orm/core';
import type { JsonObject } from '../core/types.js';

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

export interface AgentRow {
  did: string;
  name: string;
  sourceApp: string;
  supportedProtocols: string[];
  inboxUrl: string | null;
  taskEndpoint: string | null;
  reputationScore: number | null;
  metadata: JsonObject;
  createdAt: Date;
  updatedAt: Date;
}

export const AgentEntity = new EntitySchema<AgentRow>({
  name: 'Agent',
  tableName: 'agents',
  properties: {
    did: { type: 'text', primary: true },
    name: { type: 'text' },
    sourceApp: { type: 'text', index: 'agents_source_app_index' },
    supportedProtocols: { type: 'json', columnType: 'jsonb' },
    inboxUrl: { type: 'text', nullable: true },
    taskEndpoint: { type: 'text', nullable: true },
    reputationScore: { type: 'double', columnType: 'double precision', nullable: true },
    metadata: { type: 'json', columnType: 'jsonb' },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    updatedAt: { type: 'Date', columnType: TIMESTAMP },
  },
});

export interface TaskRow {
  id: string;
  ownerDid: string;
  assigneeDid: string | null;
  sourceApp: string;
  title: string;
  description: string | null;
  status: string;
  paymentIntentId: string | null;
  escrowId: string | null;
  reputationEventId: string | null;
  metadata: JsonObject;
  published: boolean;
  publishedAt: Date | null;
  gigId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
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

export interface GrantRow {
  id: string;
  ownerDid: string;
  agentDid: string;
  scopes: string[];
  expiresAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
  /** The grant this one was sub-delegated from; null for a root grant. */
  parentGrant: GrantRow | null;
}

export const GrantEntity = new EntitySchema<GrantRow>({
  name: 'DelegationGrant',
  tableName: 'delegation_grants',
  properties: {
    id: { type: 'text', primary: true },
    ownerDid: { type: 'text' },
    agentDid: { type: 'text' },
    scopes: { type: 'json', columnType: 'jsonb' },
    expiresAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    createdAt: { type: 'Date', columnType: TIMESTAMP },
    revokedAt: { type: 'Date', columnType: TIMESTAMP, nullable: true },
    parentGrant: { kind: 'm:1', entity: 'DelegationGrant', nullable: true, deleteRule: 'restrict' },
  },
  indexes: [
    { name: 'delegation_grants_owner_did_index', properties: ['ownerDid', 'createdAt', 'id'] },
    { name: 'delegation_grants_agent_did_index', properties: ['agentDid', 'createdAt', 'id'] },
  ],
});

export interface EventRow {
  /** Assigned at commit time under the append lock, so cursor order is commit order. */
  sequence: string;
  type: string;
  taskId: string | null;
  ownerDid: string | null;
  assigneeDid: string | null;
  agentDid: string | null;
  grantId: string | null;
  actorDid: string | null;
  occurredAt: Date;
  /** The whole event draft, exactly as AgentStack built it. */
  payload: Record<string, unknown>;
}

export const EventEntity = new EntitySchema<EventRow>({
  name: 'Event',
  tableName: 'events',
  properties: {
    sequence: { type: 'bigint', primary: true, autoincrement: true },
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

export const ENTITIES = [AgentEntity, TaskEntity, GrantEntity, EventEntity];
