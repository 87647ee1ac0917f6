import type { PageFlags, PageQuery, PageRequest } from './paging.js';
/**
 * The domain's data shapes. Plain JSON-compatible values only (timestamps are ISO-8601 UTC
 * strings), so an entity can be stored as jsonb, sent over any wire and compared by value.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type TaskStatus = 'pending' | 'queued' | 'running' | 'blocked' | 'complete' | 'failed' | 'cancelled';

export const TASK_STATUSES: readonly TaskStatus[] = [
  'pending',
  'queued',
  'running',
  'blocked',
  'complete',
  'failed',
  'cancelled',
];

export interface AgentProfile {
  /** `did:coinpay:agent:<id>`: the key. */
  did: string;
  /** The user who answers for the agent (`did:coinpay:user:<id>`): may update it and claim for it. */
  ownerDid: string | null;
  name: string;
  sourceApp: string;
  supportedProtocols: string[];
  inboxUrl: string | null;
  taskEndpoint: string | null;
  reputationScore: number | null;
  metadata: JsonObject;
  /** Starts at 1 and grows by one with every change: the optimistic-concurrency token. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Task {
  id: string;
  ownerDid: string;
  assigneeDid: string | null;
  sourceApp: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  /** CoinPay references: ids only, so AgentStack never couples to CoinPay's data. */
  paymentIntentId: string | null;
  escrowId: string | null;
  reputationEventId: string | null;
  metadata: JsonObject;
  /** Open to claims by any agent while pending (the marketplace). */
  published: boolean;
  publishedAt: string | null;
  /** The uGig gig that advertises this task, if any. */
  gigId: string | null;
  /** Starts at 1 and grows by one with every change: the optimistic-concurrency token. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DelegationGrant {
  id: string;
  /** Whose authority is delegated: every grant of a chain has the same owner. */
  ownerDid: string;
  agentDid: string;
  /** Who made the grant: the owner (a root grant), or the agent that sub-delegated it. */
  grantorDid: string;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** The grant this one was sub-delegated from (attenuated delegation); null for a root grant. */
  parentGrantId: string | null;
}

export interface RegisterAgentInput {
  did: string;
  /** A user DID; on re-registration `undefined` keeps the stored owner, `null` clears it. */
  ownerDid?: string | null;
  name: string;
  sourceApp: string;
  /** On re-registration: `undefined` keeps the stored value, `null` clears it. */
  supportedProtocols?: string[] | null;
  inboxUrl?: string | null;
  taskEndpoint?: string | null;
  reputationScore?: number | null;
  metadata?: JsonObject | null;
}

export interface CreateTaskInput {
  ownerDid: string;
  sourceApp: string;
  title: string;
  description?: string | null;
  assigneeDid?: string | null;
  paymentIntentId?: string | null;
  escrowId?: string | null;
  reputationEventId?: string | null;
  metadata?: JsonObject | null;
  /** Unique per owner: a retry with the same key and payload returns the same task. */
  idempotencyKey?: string | null;
}

/** What `updateTaskStatus` may change besides the status. `undefined` keeps, `null` clears. */
export interface TaskPatch {
  paymentIntentId?: string | null;
  escrowId?: string | null;
  reputationEventId?: string | null;
  /** Applied as a JSON Merge Patch (RFC 7386): keys merge, `null` deletes a key. */
  metadata?: JsonObject | null;
}

export interface TaskFilter {
  ownerDid?: string | null;
  assigneeDid?: string | null;
  status?: TaskStatus | null;
  sourceApp?: string | null;
  published?: boolean | null;
}

export interface AgentFilter {
  sourceApp?: string | null;
  supportedProtocol?: string | null;
}

export interface DelegateInput {
  ownerDid: string;
  agentDid: string;
  scopes: readonly string[];
  /** Default: none for a root grant; the parent's expiry for a sub-grant. */
  expiresAt?: string | Date | null;
  /** Sub-delegation: the grant (held by the caller, allowing `agents:delegate`) this one derives from. */
  parentGrantId?: string | null;
}

export interface DelegationFilter {
  ownerDid?: string | null;
  agentDid?: string | null;
  /** Grants whose scopes allow this scope (`*` and `ns:*` included). */
  scope?: string | null;
  /** Only grants active at this instant. */
  activeAt?: string | Date | null;
}

/**
 * Keyset pagination (paging.ts): tasks are ordered by (createdAt, id), agents by DID, grants by
 * (createdAt, id), events by sequence. A page is asked for with `first`/`after` or `last`/`before`.
 */
export interface TaskKeyset {
  createdAt: string;
  id: string;
}

/** Grants page like tasks: by creation, then id. */
export type GrantKeyset = TaskKeyset;

export type TaskPageRequest = PageRequest<TaskKeyset>;
export type TaskPageQuery = PageQuery<TaskKeyset>;
export type AgentPageRequest = PageRequest<string>;
export type AgentPageQuery = PageQuery<string>;
export type GrantPageRequest = PageRequest<GrantKeyset>;
export type GrantPageQuery = PageQuery<GrantKeyset>;
export type { PageFlags, PageQuery, PageRequest, StorePage } from './paging.js';

/** The task fields a relation list (`Agent.tasks`, `User.tasks`) groups by. */
export type TaskRelation = 'ownerDid' | 'assigneeDid';

/** The grant fields a relation list (`Agent.delegations`, `User.delegations`) groups by. */
export type GrantRelation = 'ownerDid' | 'agentDid';

/** A page as a caller gets it: its items (ascending) and Relay's flags. */
export interface Page<T> extends PageFlags {
  items: T[];
}

/**
 * A page of a keyset-ordered list as a caller sees it: what the caller may not see is left out,
 * so `items` can be shorter than asked; `start` and `end` are the keysets of the first and last
 * item *read*, where the pages before and after this one start (null: nothing read).
 */
export interface KeysetPage<T, Keyset> extends Page<T> {
  start: Keyset | null;
  end: Keyset | null;
}

export interface AgentStackSnapshot {
  agents: AgentProfile[];
  tasks: Task[];
  delegations: DelegationGrant[];
  /** The sequence of the newest event, 0 when none: a cursor to stream from after the snapshot. */
  lastEventSequence: number;
}

/** Who is acting, and the concurrency expectation of a write. */
export interface CallOptions {
  /** The caller: recorded on the event, and what the policy (policy.ts) judges. */
  actorDid?: string | null;
  /** The app the caller acts through (an app key's `sourceApp`), recorded on the event. */
  actorApp?: string | null;
  /** Fail with CONFLICT unless the task is at exactly this version. */
  expectedVersion?: number | null;
}
