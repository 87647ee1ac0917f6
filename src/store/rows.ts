import { cloneJson } from '../core/json.js';
import type { AgentProfile, DelegationGrant, Task, JsonObject, TaskStatus } from '../core/types.js';

/**
 * Rows as `pg` hands them over (snake_case columns; timestamptz as text, because MikroORM's
 * connection turns the Date parser off) and their conversion to the domain's shapes.
 */

export const AGENT_COLUMNS =
  'did, name, source_app, supported_protocols, inbox_url, task_endpoint, reputation_score, metadata, created_at, updated_at';

export const TASK_COLUMNS =
  'id, owner_did, assignee_did, source_app, title, description, status, payment_intent_id, escrow_id, ' +
  'reputation_event_id, metadata, published, published_at, gig_id, version, created_at, updated_at';

export const GRANT_COLUMNS = 'id, owner_did, agent_did, scopes, expires_at, created_at, revoked_at, parent_grant_id';

export interface AgentRecord {
  did: string;
  name: string;
  source_app: string;
  supported_protocols: string[];
  inbox_url: string | null;
  task_endpoint: string | null;
  reputation_score: number | null;
  metadata: JsonObject;
  created_at: string;
  updated_at: string;
}

export interface TaskRecord {
  id: string;
  owner_did: string;
  assignee_did: string | null;
  source_app: string;
  title: string;
  description: string | null;
  status: string;
  payment_intent_id: string | null;
  escrow_id: string | null;
  reputation_event_id: string | null;
  metadata: JsonObject;
  published: boolean;
  published_at: string | null;
  gig_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface GrantRecord {
  id: string;
  owner_did: string;
  agent_did: string;
  scopes: string[];
  expires_at: string | null;
  created_at: string;
  revoked_at: string | null;
  parent_grant_id: string | null;
}

export function agentFromRecord(row: AgentRecord): AgentProfile {
  return {
    did: row.did,
    name: row.name,
    sourceApp: row.source_app,
    supportedProtocols: row.supported_protocols,
    inboxUrl: row.inbox_url,
    taskEndpoint: row.task_endpoint,
    reputationScore: row.reputation_score,
    metadata: row.metadata,
    createdAt: isoInstant(row.created_at),
    updatedAt: isoInstant(row.updated_at),
  };
}

export function taskFromRecord(row: TaskRecord): Task {
  return {
    id: row.id,
    ownerDid: row.owner_did,
    assigneeDid: row.assignee_did,
    sourceApp: row.source_app,
    title: row.title,
    description: row.description,
    status: row.status as TaskStatus,
    paymentIntentId: row.payment_intent_id,
    escrowId: row.escrow_id,
    reputationEventId: row.reputation_event_id,
    metadata: row.metadata,
    published: row.published,
    publishedAt: optionalIsoInstant(row.published_at),
    gigId: row.gig_id,
    version: row.version,
    createdAt: isoInstant(row.created_at),
    updatedAt: isoInstant(row.updated_at),
  };
}

export function grantFromRecord(row: GrantRecord): DelegationGrant {
  return {
    id: row.id,
    ownerDid: row.owner_did,
    agentDid: row.agent_did,
    scopes: row.scopes,
    expiresAt: optionalIsoInstant(row.expires_at),
    createdAt: isoInstant(row.created_at),
    revokedAt: optionalIsoInstant(row.revoked_at),
    parentGrantId: row.parent_grant_id,
  };
}

/** The values of a task in TASK_COLUMNS order, ready to bind (jsonb as JSON text). */
/** A grant's values in GRANT_COLUMNS order. */
export function grantValues(grant: DelegationGrant): unknown[] {
  return [
    grant.id,
    grant.ownerDid,
    grant.agentDid,
    JSON.stringify(grant.scopes),
    grant.expiresAt,
    grant.createdAt,
    grant.revokedAt,
    grant.parentGrantId,
  ];
}

/** The placeholders for GRANT_COLUMNS, with the casts their values need. */
export const GRANT_PLACEHOLDERS = '?, ?, ?, ?::jsonb, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?';

export function taskValues(task: Task): unknown[] {
  return [
    task.id,
    task.ownerDid,
    task.assigneeDid,
    task.sourceApp,
    task.title,
    task.description,
    task.status,
    task.paymentIntentId,
    task.escrowId,
    task.reputationEventId,
    JSON.stringify(task.metadata),
    task.published,
    task.publishedAt,
    task.gigId,
    task.version,
    task.createdAt,
    task.updatedAt,
  ];
}

/**
 * PostgreSQL prints a timestamptz as `2026-11-30 15:46:15.12+00` (trailing zeros dropped,
 * offset in the session's time zone); the domain speaks `Date#toISOString()`.
 */
export function isoInstant(text: string): string {
  const normalized = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(normalized);
  if (Number.isNaN(date.getTime())) throw new Error(`Unreadable timestamp from the database: ${text}`);
  return date.toISOString();
}

function optionalIsoInstant(text: string | null): string | null {
  return text === null ? null : isoInstant(text);
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
