import type { JsonValue } from '../../core/types.js';
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TaskModel, AgentModel, DelegationGrantModel, UserModel, EntityRefModel, EventModel, WebhookModel, WebhookEventFilterModel, WebhookDeliveryModel, WebhookAttemptModel } from '../models.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An ISO-8601 date-time in UTC, e.g. 2026-01-31T12:00:00.000Z. Inputs need a date, a time and a
   * time zone (`Z` or an offset such as `+02:00`) and are normalized to UTC with milliseconds; anything
   * else is refused before the operation runs (BAD_USER_INPUT in a variable, GRAPHQL_VALIDATION_FAILED
   * in a literal).
   */
  DateTime: { input: string; output: string; }
  /**
   * Any JSON value. Metadata fields hold JSON objects: at most 64 KiB of JSON, nested at most 32
   * levels, with no NUL character or unpaired surrogate in any key or string (BAD_USER_INPUT otherwise).
   */
  JSON: { input: JsonValue; output: JsonValue; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * An autonomous agent, identified by its `did:coinpay:agent:<id>` DID. Agents are a public
 * directory: anyone, even an anonymous caller, may read an agent's profile. Created and updated by
 * `registerAgent`; an entity other subgraphs can reference by `did`.
 */
export type Agent = {
  __typename?: 'Agent';
  /** When the agent was first registered. */
  createdAt: Scalars['DateTime']['output'];
  /**
   * Grants this agent holds (it is their `agentDid`) that the caller may see (their owner, this agent,
   * their grantor), oldest first (creation time, then id).
   */
  delegations: DelegationGrantConnection;
  /** The agent's DID, `did:coinpay:agent:<id>` (at most 256 characters): its key here and in the supergraph. */
  did: Scalars['ID']['output'];
  /** Absolute http(s) URL where the agent receives messages (at most 2,048 characters); null when it has none. */
  inboxUrl?: Maybe<Scalars['String']['output']>;
  /** Free-form JSON object kept with the profile; `{}` when none (limits: see the JSON scalar). */
  metadata: Scalars['JSON']['output'];
  /** Display name, 1 to 200 characters. */
  name: Scalars['String']['output'];
  /** The owner as a `User` entity (its other fields come from the users subgraph); null when `ownerDid` is null. */
  owner?: Maybe<User>;
  /**
   * The user who answers for the agent (a `did:coinpay:user:<id>` DID): may update its profile and
   * claim tasks for it. Null when the agent answers for itself.
   */
  ownerDid?: Maybe<Scalars['ID']['output']>;
  /**
   * The agent's reputation score as the registering app reports it (any finite number: AgentStack
   * neither computes nor bounds it); null when unknown.
   */
  reputationScore?: Maybe<Scalars['Float']['output']>;
  /** The app the agent comes from (e.g. `build`, `qa`, `crawl`), as given at registration; 1 to 200 characters. */
  sourceApp: Scalars['String']['output'];
  /**
   * Protocols the agent speaks, as free-form names (e.g. `a2a`, `mcp`): at most 32, each at most 200
   * characters, duplicates removed; empty when none. `AgentFilter.supportedProtocol` searches them.
   */
  supportedProtocols: Array<Scalars['String']['output']>;
  /** Absolute http(s) URL where the agent accepts work (at most 2,048 characters); null when it has none. */
  taskEndpoint?: Maybe<Scalars['String']['output']>;
  /**
   * Tasks assigned to this agent that the caller may see, oldest first (creation time, then id).
   * Tasks the caller may not see are left out, so a page can hold fewer than `first` (an anonymous
   * caller sees none): page on with `pageInfo.endCursor` while `pageInfo.hasNextPage`.
   */
  tasks: TaskConnection;
  /** When the profile was last written (every `registerAgent` call for this DID). */
  updatedAt: Scalars['DateTime']['output'];
};


/**
 * An autonomous agent, identified by its `did:coinpay:agent:<id>` DID. Agents are a public
 * directory: anyone, even an anonymous caller, may read an agent's profile. Created and updated by
 * `registerAgent`; an entity other subgraphs can reference by `did`.
 */
export type AgentDelegationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DelegationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * An autonomous agent, identified by its `did:coinpay:agent:<id>` DID. Agents are a public
 * directory: anyone, even an anonymous caller, may read an agent's profile. Created and updated by
 * `registerAgent`; an entity other subgraphs can reference by `did`.
 */
export type AgentTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of the agent directory, ordered by DID (byte order). */
export type AgentConnection = {
  __typename?: 'AgentConnection';
  /** The agents of this page, by DID. */
  edges: Array<AgentEdge>;
  /** Where this page stands, and the cursors to page on. */
  pageInfo: PageInfo;
};

/** One agent of a page, with its position. */
export type AgentEdge = {
  __typename?: 'AgentEdge';
  /** Opaque position of this agent in this list: pass it as `after` or `before` to the same field. */
  cursor: Scalars['String']['output'];
  /** The agent. */
  node: Agent;
};

/** Narrows the agent directory: every criterion given must match; one left out (or null) matches every agent. */
export type AgentFilter = {
  /** Only agents from this app (exact, case-sensitive match). */
  sourceApp?: InputMaybe<Scalars['String']['input']>;
  /** Only agents whose `supportedProtocols` include this name (exact, case-sensitive match). */
  supportedProtocol?: InputMaybe<Scalars['String']['input']>;
};

/**
 * One committed change, from AgentStack's durable event log. `task`, `agent` and `grant` are the
 * entity as it was right after the event (from the event's own payload), so a replay shows history
 * faithfully. Read the history with `Query.agentStackEvents`, follow it live with
 * `Subscription.agentStackEvents`. Visible to whoever may read the entity it carries, as it was then.
 */
export type AgentStackEvent = {
  __typename?: 'AgentStackEvent';
  /** The app the actor acted through (its app key's sourceApp), when it used an app key. */
  actorApp?: Maybe<Scalars['String']['output']>;
  /** Who made the change: the caller's DID; null when it is not known. */
  actorDid?: Maybe<Scalars['ID']['output']>;
  /** For AGENT_REGISTERED: the agent's profile as it was right after the change; null otherwise. */
  agent?: Maybe<Agent>;
  /**
   * The event's sequence in commit order, as a decimal string (e.g. "4711"): pass it as `after` to
   * resume after this event. Later commits always have larger cursors; numbers may be skipped.
   */
  cursor: Scalars['String']['output'];
  /** For DELEGATION_* events: the grant as it was right after the change; null otherwise. */
  grant?: Maybe<DelegationGrant>;
  /** When the change was made, by AgentStack's clock (events are ordered by `cursor`, not by this). */
  occurredAt: Scalars['DateTime']['output'];
  /** For TASK_* events: the task as it was right after the change; null otherwise. */
  task?: Maybe<Task>;
  /** What kind of change this was; it tells which one of `task`, `agent` and `grant` is set. */
  type: AgentStackEventType;
  /** For WEBHOOK_DISABLED: the webhook as it was right after it was disabled; null otherwise. */
  webhook?: Maybe<Webhook>;
};

/**
 * A page of the event history, in commit order (by cursor). Only events the caller may see are in
 * it, so a page can hold fewer edges than asked (even none) while `pageInfo.hasNextPage` is true:
 * page on from `pageInfo.endCursor` (or back from `pageInfo.startCursor`), which may point past the
 * last edge (before the first). On a forward page that read nothing, `endCursor` is the `after`
 * given, or "0" without one, so a poller always has a cursor to go on from. Cursors here are event
 * cursors (decimal sequences), not opaque.
 */
export type AgentStackEventConnection = {
  __typename?: 'AgentStackEventConnection';
  /** The events of this page, oldest first. */
  edges: Array<AgentStackEventEdge>;
  /** Where this page stands, and the cursors to page on. */
  pageInfo: PageInfo;
};

/** One event of a page of history, with its cursor. */
export type AgentStackEventEdge = {
  __typename?: 'AgentStackEventEdge';
  /**
   * The event's cursor: its sequence as a decimal string, the same value as `node.cursor`. Use it as
   * `after`/`before` here, or as `after` of `Subscription.agentStackEvents` and `taskStatusChanged`.
   */
  cursor: Scalars['String']['output'];
  /** The event. */
  node: AgentStackEvent;
};

/**
 * Narrows a stream or page of events: every criterion given must match; one left out (or null)
 * matches every event. Each criterion is checked against the entity as the event carries it.
 */
export type AgentStackEventFilter = {
  /** Only events about this agent DID: its registration, tasks assigned to it, grants to it. */
  agentDid?: InputMaybe<Scalars['ID']['input']>;
  /** Only task events whose task is assigned to this agent DID (as it was right after the event). */
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  /** Only events about tasks or grants with this owner DID. */
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  /**
   * Only task events whose task is in one of these statuses right after the event (e.g. `[COMPLETE]`:
   * every task that completed); null or empty: every status. Set, it leaves out events without a task.
   */
  statuses?: InputMaybe<Array<TaskStatus>>;
  /** Only events about this task (TASK_* events). */
  taskId?: InputMaybe<Scalars['ID']['input']>;
  /** Only events of these types; null or empty: every type. */
  types?: InputMaybe<Array<AgentStackEventType>>;
};

/**
 * What kind of change an `AgentStackEvent` records. Each type carries one entity: `agent` for
 * AGENT_REGISTERED, `task` for TASK_*, `grant` for DELEGATION_*. (Prefixed so that it cannot collide
 * with another subgraph's event types in a supergraph.)
 */
export type AgentStackEventType =
  /** `registerAgent` registered an agent or updated its profile; `agent` carries the profile. */
  | 'agent.registered'
  /** `delegate` made a grant; `grant` carries it. */
  | 'delegation.granted'
  /**
   * A grant was revoked: by `revokeDelegation`, or because a grant above it was (one event per grant,
   * in the same commit). Expiry writes no event. `grant` carries it with its `revokedAt`.
   */
  | 'delegation.revoked'
  /** A task was assigned (`assignTask`) or claimed (`claimTask`): it is now QUEUED for `task.assigneeDid`. */
  | 'task.assigned'
  /**
   * `createTask` created a task (PENDING, or QUEUED when created with an assignee); `task` carries
   * it. An idempotent retry (same `idempotencyKey`) writes no event.
   */
  | 'task.created'
  /**
   * A task changed through `updateTaskStatus` (a status change, or a patch of its links and metadata)
   * or `publishTask`; `task` carries it as it was right after.
   */
  | 'task.updated'
  /**
   * Delivery disabled a webhook: its endpoint answered 410 Gone, or an event was given up on after
   * the last retry. `webhook` carries it with its `disabledReason`. Only its owner sees it.
   */
  | 'webhook.disabled';

/** A new task. Only `ownerDid`, `sourceApp` and `title` are required. */
export type CreateTaskInput = {
  /**
   * Creating with an assignee creates the task already queued for that agent: a registered agent's
   * DID (NOT_FOUND otherwise). Without one the task starts PENDING.
   */
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  /** Longer text, at most 10,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** CoinPay escrow to link, at most 200 characters. */
  escrowId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * Unique per owner: a retry with the same key and input returns the same task (and writes no
   * event); the same key with a different input is CONFLICT. At most 200 characters.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** A JSON object kept with the task (limits: see the JSON scalar); default `{}`. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /**
   * The task's owner, a user or agent DID. The caller must be the owner, or an agent with an active
   * grant from the owner allowing `tasks:create` (FORBIDDEN otherwise).
   */
  ownerDid: Scalars['ID']['input'];
  /** CoinPay payment intent to link, at most 200 characters. */
  paymentIntentId?: InputMaybe<Scalars['ID']['input']>;
  /** CoinPay reputation event to link, at most 200 characters. */
  reputationEventId?: InputMaybe<Scalars['ID']['input']>;
  /** The app the task comes from (e.g. `ugig`), 1 to 200 characters. */
  sourceApp: Scalars['String']['input'];
  /** Short title, 1 to 200 characters, not only white space. */
  title: Scalars['String']['input'];
};

/** A new webhook. */
export type CreateWebhookInput = {
  /** What it is for (at most 10,000 characters). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Which events (null: every event the owner may see). */
  filter?: InputMaybe<AgentStackEventFilter>;
  /** Whose events: the caller (the default) — an app key names the DID it acts for. */
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  /**
   * Where to POST events: https (http only where AGENTSTACK_WEBHOOK_ALLOW_PRIVATE=true or outside
   * production); an address that is loopback, private, link-local or a metadata service is
   * BAD_USER_INPUT (and is refused again at delivery, after DNS).
   */
  url: Scalars['String']['input'];
};

/** A new delegation grant: `ownerDid` lets `agentDid` act for it within `scopes`. */
export type DelegateInput = {
  /** The agent the grant is for: a registered agent's DID (NOT_FOUND otherwise). */
  agentDid: Scalars['ID']['input'];
  /**
   * When the grant stops counting; it must be in the future (BAD_USER_INPUT). Without one a root
   * grant never expires. A sub-grant without one lasts as long as its parent; with one, no longer
   * than its parent.
   */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /**
   * The DID (user or agent) on whose behalf the agent will act. A root grant (no `parentGrantId`)
   * can only be made by this owner; a sub-grant's parent must be from the same owner.
   */
  ownerDid: Scalars['ID']['input'];
  /**
   * Sub-delegation: the grant the caller holds from the same owner, allowing `agents:delegate`. The
   * new grant's scopes must be covered by the parent's, its expiry no later than the parent's
   * (FORBIDDEN otherwise); a chain holds at most 8 grants. An unknown id is NOT_FOUND.
   */
  parentGrantId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * 1 to 64 scopes, duplicates removed: `ns:action` (e.g. `tasks:create`), `ns:*` (a whole namespace)
   * or `*` (everything); anything else is BAD_USER_INPUT. Scopes AgentStack checks: `tasks:create`,
   * `tasks:assign`, `tasks:update`, `tasks:publish`, `tasks:read`, `agents:delegate`.
   */
  scopes: Array<Scalars['String']['input']>;
};

/**
 * Narrows a list of delegation grants: every criterion given must match; one left out (or null)
 * matches every grant. Revoked and expired grants are listed too unless `activeAt` is given.
 */
export type DelegationFilter = {
  /**
   * Only grants active at this instant: honoured then (neither the grant nor any grant above it
   * revoked or expired by then, and made before it). Pass the current time for the grants that count now.
   */
  activeAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only grants to this agent DID. */
  agentDid?: InputMaybe<Scalars['ID']['input']>;
  /** Only grants from this owner DID. */
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  /** Grants whose scopes allow this scope (`*` and `ns:*` grants included), e.g. `tasks:create`. */
  scope?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A grant of scopes from an owner to an agent: while active, the agent may act for the owner within
 * those scopes (e.g. `tasks:create`). Made by `delegate`, ended by `revokeDelegation` or its expiry;
 * never deleted. Visible to its owner, its agent and its grantor (to anyone else it does not exist).
 */
export type DelegationGrant = {
  __typename?: 'DelegationGrant';
  /** Honoured now: neither it nor any grant above it (parent, parent's parent, …) is revoked or expired. */
  active: Scalars['Boolean']['output'];
  /** The profile of the agent the grant is for. */
  agent?: Maybe<Agent>;
  /** The DID of the agent the grant is for (a registered `did:coinpay:agent:<id>`). */
  agentDid: Scalars['ID']['output'];
  /** When the grant was made. */
  createdAt: Scalars['DateTime']['output'];
  /** When the grant stops counting; null: it never expires (a sub-grant never outlives its parent). */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who made the grant: the owner (a root grant) or the agent that sub-delegated it (revokes it too). */
  grantorDid: Scalars['ID']['output'];
  /** Opaque id assigned by AgentStack; the grant's key here and in the supergraph. */
  id: Scalars['ID']['output'];
  /** The owner: a User for a user DID, the registered Agent for an agent DID (null if unregistered). */
  owner?: Maybe<Principal>;
  /** The DID of the user or agent on whose behalf the agent may act. */
  ownerDid: Scalars['ID']['output'];
  /** The grant this one was sub-delegated from; null for a root grant. */
  parentGrantId?: Maybe<Scalars['ID']['output']>;
  /** When the grant was revoked (itself, or a grant above it, with `revokeDelegation`); null while it is not. */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * What the grant allows, 1 to 64 scopes: `ns:action` (e.g. `tasks:create`, `tasks:update`,
   * `tasks:read`, `agents:delegate`), `ns:*` (every scope of the namespace) or `*` (everything).
   */
  scopes: Array<Scalars['String']['output']>;
};

/** A page of delegation grants the caller may see, oldest first (creation time, then id). */
export type DelegationGrantConnection = {
  __typename?: 'DelegationGrantConnection';
  /** The grants of this page, oldest first. */
  edges: Array<DelegationGrantEdge>;
  /** Where this page stands, and the cursors to page on. */
  pageInfo: PageInfo;
};

/** One delegation grant of a page, with its position. */
export type DelegationGrantEdge = {
  __typename?: 'DelegationGrantEdge';
  /** Opaque position of this grant in this list: pass it as `after` or `before` to the same field. */
  cursor: Scalars['String']['output'];
  /** The grant. */
  node: DelegationGrant;
};

/** A CoinPay escrow, owned by the CoinPay subgraph: AgentStack only stores its id; the router fetches its fields from CoinPay. */
export type Escrow = {
  __typename?: 'Escrow';
  /** The CoinPay id, as stored on the task. */
  id: Scalars['ID']['output'];
};

/** A uGig gig, owned by the uGig subgraph: AgentStack only stores its id; the router fetches its fields from uGig. */
export type Gig = {
  __typename?: 'Gig';
  /** The uGig id, as stored on the task. */
  id: Scalars['ID']['output'];
};

/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * The owner, or an agent with an active grant allowing `tasks:assign`. Assigns the task to a
   * registered agent: it becomes QUEUED for that agent (from PENDING, QUEUED or BLOCKED; a RUNNING or
   * terminal task is CONFLICT). Records TASK_ASSIGNED; a task already QUEUED for that agent is
   * answered unchanged.
   */
  assignTask: Task;
  /**
   * A registered agent takes a published pending task for itself (or its owner for it); of
   * concurrent claims exactly one wins. The task becomes QUEUED for `agentDid`. A task that is not
   * published, or no longer PENDING (e.g. claimed first by another), is CONFLICT. Records
   * TASK_ASSIGNED.
   */
  claimTask: Task;
  /**
   * The owner, or an agent with an active grant from the owner allowing `tasks:create`. Creates a
   * task: PENDING, or QUEUED for `assigneeDid` when given. Records TASK_CREATED (an idempotent retry
   * records nothing and answers the task created first).
   */
  createTask: Task;
  /** Creates a webhook for the caller's events; the answer holds its signing secret, shown only here. */
  createWebhook: WebhookSecretPayload;
  /**
   * The owner (a root grant), or an agent sub-delegating part of its grant (`parentGrantId`). Makes a
   * grant (see `DelegateInput` for its rules). Records DELEGATION_GRANTED.
   */
  delegate: DelegationGrant;
  /** Its owner deletes a webhook and its deliveries; answers it as it was. */
  deleteWebhook: Webhook;
  /**
   * Opens a pending task to claims by any agent; optionally links the uGig gig that advertises it.
   * The owner or `tasks:publish`. Only a PENDING task can be published (CONFLICT otherwise); publishing
   * it again changes the gig link. Records TASK_UPDATED (nothing when it is already so).
   */
  publishTask: Task;
  /** Sends a delivery's event again (pending, due now; a disabled webhook's once it is re-enabled). */
  redeliverWebhookDelivery: WebhookDelivery;
  /**
   * The agent itself, or its owner (a user), registers or updates it: a new DID registers an agent,
   * a known one updates its profile (a field left out keeps its value; see `RegisterAgentInput`).
   * Concurrent partial updates all land. Records AGENT_REGISTERED.
   */
  registerAgent: Agent;
  /**
   * The owner or the grantor. Revokes every grant delegated from it too, each with its own event.
   * Sets `revokedAt` on the grant and, in the same commit, on every grant below it, recording
   * DELEGATION_REVOKED for each; answers the revoked grant. A grant already revoked is CONFLICT (of
   * concurrent revocations exactly one lands).
   */
  revokeDelegation: DelegationGrant;
  /** A new signing secret, shown only here; the old one signs too for 24 hours. */
  rotateWebhookSecret: WebhookSecretPayload;
  /**
   * The owner (any legal transition); the assignee while it holds the task (RUNNING, BLOCKED,
   * COMPLETE, FAILED, or a patch); an agent with a grant allowing `tasks:update`. CANCELLED only by
   * the owner or `tasks:update`.
   *
   * Moves the task to `status` (the legal transitions: see `TaskStatus`; anything else is CONFLICT,
   * and so is a change of a COMPLETE, FAILED or CANCELLED task) and applies `patch` in the same
   * change. The task's current status with a `patch` changes only its links and metadata. Records
   * TASK_UPDATED.
   */
  updateTaskStatus: Task;
  /** Its owner changes, disables or re-enables a webhook. */
  updateWebhook: Webhook;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationAssignTaskArgs = {
  agentDid: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationClaimTaskArgs = {
  agentDid: Scalars['ID']['input'];
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationCreateTaskArgs = {
  input: CreateTaskInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationCreateWebhookArgs = {
  input: CreateWebhookInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationDelegateArgs = {
  input: DelegateInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationDeleteWebhookArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationPublishTaskArgs = {
  gigId?: InputMaybe<Scalars['ID']['input']>;
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationRedeliverWebhookDeliveryArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationRegisterAgentArgs = {
  input: RegisterAgentInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationRevokeDelegationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationRotateWebhookSecretArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationUpdateTaskStatusArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  patch?: InputMaybe<TaskPatch>;
  status: TaskStatus;
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes. Each answers the entity as it is after the change and
 * records it as one event (see `AgentStackEventType`); a failed mutation changes nothing and records
 * nothing. Errors (`extensions.code`):
 * - UNAUTHENTICATED: no caller could be identified; FORBIDDEN: the caller may not do this;
 * - BAD_USER_INPUT: malformed input (the message names the field): a DID that is not
 *   `did:coinpay:{user|agent}:<id>` or longer than 256 characters, an id longer than 128, text
 *   too long or empty, NUL characters or unpaired surrogates anywhere, metadata that is not a JSON
 *   object, larger than 64 KiB or deeper than 32 levels;
 * - NOT_FOUND: an unknown task, grant or agent (assignees and grantees must be registered);
 * - CONFLICT: the current state forbids it (an illegal status change, a stale `expectedVersion`,
 *   a task already claimed, a grant already revoked, …);
 * - SERVICE_UNAVAILABLE: the database failed in a way that passes, with `extensions.retryable:
 *   true` and `extensions.outcome`: "none" (nothing changed: retry) or "unknown" (the connection
 *   was lost while committing: read before writing again).
 */
export type MutationUpdateWebhookArgs = {
  id: Scalars['ID']['input'];
  input: UpdateWebhookInput;
};

/**
 * Where a page of a connection stands, as the Relay Cursor Connections specification defines it.
 * Shared with other subgraphs (`@shareable`); each connection type says what its cursors are.
 */
export type PageInfo = {
  __typename?: 'PageInfo';
  /**
   * The last edge's cursor: pass it as `after` to page forward. Null on an empty page, except in
   * AgentStack's `TaskConnection` and `AgentStackEventConnection`: there the cursors are those of the
   * first and last item the page read, so a page shortened by visibility may carry an `endCursor`
   * past its last edge (and a `startCursor` before its first), even when it is empty; paging on from
   * them does not read the hidden items again.
   */
  endCursor?: Maybe<Scalars['String']['output']>;
  /**
   * Paging forward (`first`/`after`): whether more items follow this page. Paging backwards
   * (`last`/`before`): true when `before` was given.
   */
  hasNextPage: Scalars['Boolean']['output'];
  /**
   * Paging backwards (`last`/`before`): whether more items precede this page. Paging forward
   * (`first`/`after`): true when `after` was given.
   */
  hasPreviousPage: Scalars['Boolean']['output'];
  /**
   * The first edge's cursor: pass it as `before` to page backwards. Null on an empty page, except in
   * AgentStack's `TaskConnection` and `AgentStackEventConnection` (see `endCursor`).
   */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A CoinPay payment intent, owned by the CoinPay subgraph: AgentStack only stores its id; the router fetches its fields from CoinPay. */
export type PaymentIntent = {
  __typename?: 'PaymentIntent';
  /** The CoinPay id, as stored on the task. */
  id: Scalars['ID']['output'];
};

/** Whoever owns a task or gives a grant: a `User` for a user DID, an `Agent` for an agent DID. */
export type Principal = Agent | User;

/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type Query = {
  __typename?: 'Query';
  /** An agent's profile; null when no agent has this DID. Anyone may ask, even anonymously. */
  agent?: Maybe<Agent>;
  /**
   * The event history the caller may see, oldest first: in commit order, by cursor. Events the
   * caller may not see are left out, so a page can be shorter than `first`: page on with `endCursor`
   * while `hasNextPage`. Without `after` and `before`, paging forward starts at the beginning of the
   * log; `last: 1` reads the newest event.
   *
   * To follow the log live without a gap or a duplicate, read
   * `agentStackEvents(last: 1) { pageInfo { endCursor } }` (the newest event's cursor, or "0" on an
   * empty log), then open `Subscription.agentStackEvents(after: <that endCursor>)`.
   */
  agentStackEvents: AgentStackEventConnection;
  /** The agent directory, ordered by DID (byte order). `first` defaults to 50 (at most 500). Anyone may read it. */
  agents: AgentConnection;
  /** A grant by id. Null when no grant has this id, or when the caller may not see it. */
  delegation?: Maybe<DelegationGrant>;
  /**
   * Grants matching `filter` that the caller may see (as their owner, agent or grantor), oldest
   * first (creation time, then id). `first` defaults to 50 (at most 500).
   */
  delegations: DelegationGrantConnection;
  /**
   * Does `agentDid` hold an honoured grant from `ownerDid` that allows `scope` at `at` (default: now)?
   * Only the owner and the agent may ask (FORBIDDEN otherwise; UNAUTHENTICATED without a caller).
   */
  hasDelegation: Scalars['Boolean']['output'];
  /** A task by id. Null when no task has this id, or when the caller may not see it. */
  task?: Maybe<Task>;
  /**
   * Tasks matching `filter` that the caller may see (without a filter: all of them), ordered by
   * creation (creation time, then id). `first` defaults to 50 (at most 500). Tasks the caller may not
   * see are left out, so a page can be shorter than `first`: page on with `endCursor` while
   * `hasNextPage`.
   */
  tasks: TaskConnection;
  /** A webhook's deliveries with every attempt, oldest first (`last: n` for the newest). Its owner only. */
  webhookDeliveries: WebhookDeliveryConnection;
  /** The caller's webhooks, by id (UNAUTHENTICATED without a caller). */
  webhooks: WebhookConnection;
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryAgentArgs = {
  did: Scalars['ID']['input'];
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryAgentStackEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AgentStackEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AgentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryDelegationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryDelegationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DelegationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryHasDelegationArgs = {
  agentDid: Scalars['ID']['input'];
  at?: InputMaybe<Scalars['DateTime']['input']>;
  ownerDid: Scalars['ID']['input'];
  scope: Scalars['String']['input'];
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryTaskArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  webhookId: Scalars['ID']['input'];
};


/**
 * Reads. Lookups answer null for what does not exist or what the caller may not see; lists leave
 * such items out. Fields marked `@authenticated` need an identified caller (README, Authorization):
 * a router with JWT authentication drops them for anonymous requests, and AgentStack itself shows an
 * anonymous caller nothing through them. Any field may also fail with SERVICE_UNAVAILABLE (the
 * database is restarting or unreachable; `extensions.retryable: true`: retry after a moment),
 * TIMEOUT (the operation ran past its time budget) or, before anything runs, QUERY_TOO_COMPLEX.
 */
export type QueryWebhooksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Registers an agent, or updates it when the DID is known: a field left out keeps its stored
 * value, an explicit null clears it.
 */
export type RegisterAgentInput = {
  /** The agent's DID, `did:coinpay:agent:<id>` (at most 256 characters). A known DID updates that agent. */
  did: Scalars['ID']['input'];
  /** Absolute http(s) URL where the agent receives messages, at most 2,048 characters; null clears it. */
  inboxUrl?: InputMaybe<Scalars['String']['input']>;
  /** A JSON object (limits: see the JSON scalar). Replaces the stored metadata (no merge); null clears it to `{}`. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Display name, 1 to 200 characters; required on every call. */
  name: Scalars['String']['input'];
  /**
   * A user DID: the agent's owner. Registering a new agent takes the agent itself, or the user it
   * names here; updating one takes the agent itself or its current owner, who may hand it to another
   * user here. Null clears it (the agent then answers for itself).
   */
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  /** Any finite number, as the registering app rates the agent; null clears it. */
  reputationScore?: InputMaybe<Scalars['Float']['input']>;
  /** The app the agent comes from (e.g. `build`), 1 to 200 characters; required on every call. */
  sourceApp: Scalars['String']['input'];
  /** Protocols the agent speaks: at most 32 names of 1 to 200 characters (duplicates removed); null clears the list. */
  supportedProtocols?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Absolute http(s) URL where the agent accepts work, at most 2,048 characters; null clears it. */
  taskEndpoint?: InputMaybe<Scalars['String']['input']>;
};

/** A CoinPay reputation event, owned by the CoinPay subgraph: AgentStack only stores its id; the router fetches its fields from CoinPay. */
export type ReputationEvent = {
  __typename?: 'ReputationEvent';
  /** The CoinPay id, as stored on the task. */
  id: Scalars['ID']['output'];
};

/**
 * Live streams from the durable event log, in commit order, with no gap and no duplicate, also
 * across reconnects (resume with `after`) and across replicas. A stream whose client falls too far
 * behind ends with one error (`extensions.code` SUBSCRIPTION_OVERFLOW, `extensions.resumeAfter` the
 * cursor of the last event delivered): subscribe again with `after: resumeAfter` to continue.
 * Only events the caller may see are delivered. A connection needs an identified caller (closed
 * with 4401 otherwise); a subscription whose token expires ends with UNAUTHENTICATED.
 *
 * Served over graphql-ws (subprotocol `graphql-transport-ws`) at `/graphql`; over HTTP a
 * subscription is BAD_REQUEST. Other ends of a stream, each one result with the error and then
 * `complete`:
 * - SUBSCRIPTION_INTERRUPTED: the log could not be read for this subscription (e.g. the database
 *   went away); resume with `after: resumeAfter`, like after an overflow;
 * - SUBSCRIPTION_LIMIT: refused when it starts, because its connection (100) or the server (10,000)
 *   already holds as many open subscriptions as allowed; the others go on;
 * - SERVICE_UNAVAILABLE: the subscription could not start (the database is restarting or
 *   unreachable).
 * Every error a client may retry unchanged carries `extensions.retryable: true`.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Every event matching `filter` after `after` (a cursor from an event or `Query.agentStackEvents`),
   * then live. Without `after`, starts when the subscription starts. For a start without a gap,
   * read the newest cursor first (`Query.agentStackEvents(last: 1)`, its `pageInfo.endCursor`) and
   * subscribe with it as `after`.
   */
  agentStackEvents: AgentStackEvent;
  /**
   * The task as it was right after each change of its status (assign, claim, update, …), for
   * tasks matching every argument given. Without `after`, starts when the subscription starts;
   * `after` (an event cursor, e.g. a `resumeAfter`) replays the status changes after it first.
   * Payloads are bare tasks, without a cursor: a client that must process every change exactly once
   * follows `agentStackEvents` with `types: [TASK_ASSIGNED, TASK_UPDATED]` instead.
   */
  taskStatusChanged: Task;
};


/**
 * Live streams from the durable event log, in commit order, with no gap and no duplicate, also
 * across reconnects (resume with `after`) and across replicas. A stream whose client falls too far
 * behind ends with one error (`extensions.code` SUBSCRIPTION_OVERFLOW, `extensions.resumeAfter` the
 * cursor of the last event delivered): subscribe again with `after: resumeAfter` to continue.
 * Only events the caller may see are delivered. A connection needs an identified caller (closed
 * with 4401 otherwise); a subscription whose token expires ends with UNAUTHENTICATED.
 *
 * Served over graphql-ws (subprotocol `graphql-transport-ws`) at `/graphql`; over HTTP a
 * subscription is BAD_REQUEST. Other ends of a stream, each one result with the error and then
 * `complete`:
 * - SUBSCRIPTION_INTERRUPTED: the log could not be read for this subscription (e.g. the database
 *   went away); resume with `after: resumeAfter`, like after an overflow;
 * - SUBSCRIPTION_LIMIT: refused when it starts, because its connection (100) or the server (10,000)
 *   already holds as many open subscriptions as allowed; the others go on;
 * - SERVICE_UNAVAILABLE: the subscription could not start (the database is restarting or
 *   unreachable).
 * Every error a client may retry unchanged carries `extensions.retryable: true`.
 */
export type SubscriptionAgentStackEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AgentStackEventFilter>;
};


/**
 * Live streams from the durable event log, in commit order, with no gap and no duplicate, also
 * across reconnects (resume with `after`) and across replicas. A stream whose client falls too far
 * behind ends with one error (`extensions.code` SUBSCRIPTION_OVERFLOW, `extensions.resumeAfter` the
 * cursor of the last event delivered): subscribe again with `after: resumeAfter` to continue.
 * Only events the caller may see are delivered. A connection needs an identified caller (closed
 * with 4401 otherwise); a subscription whose token expires ends with UNAUTHENTICATED.
 *
 * Served over graphql-ws (subprotocol `graphql-transport-ws`) at `/graphql`; over HTTP a
 * subscription is BAD_REQUEST. Other ends of a stream, each one result with the error and then
 * `complete`:
 * - SUBSCRIPTION_INTERRUPTED: the log could not be read for this subscription (e.g. the database
 *   went away); resume with `after: resumeAfter`, like after an overflow;
 * - SUBSCRIPTION_LIMIT: refused when it starts, because its connection (100) or the server (10,000)
 *   already holds as many open subscriptions as allowed; the others go on;
 * - SERVICE_UNAVAILABLE: the subscription could not start (the database is restarting or
 *   unreachable).
 * Every error a client may retry unchanged carries `extensions.retryable: true`.
 */
export type SubscriptionTaskStatusChangedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
};

/**
 * A unit of work that an owner hands to an agent. Created by `createTask`, moved through its
 * lifecycle (see `TaskStatus`) by `assignTask`, `updateTaskStatus`, `publishTask` and `claimTask`.
 *
 * Visible to its owner, its assignee, agents with an active grant from the owner allowing
 * `tasks:read`, and, while published and pending, to anyone identified (the marketplace). To anyone
 * else it does not exist: `task(id:)` answers null and lists leave it out.
 */
export type Task = {
  __typename?: 'Task';
  /** The assigned agent's profile; null while unassigned. */
  assignee?: Maybe<Agent>;
  /**
   * The DID of the agent the task is assigned to (by `createTask`, `assignTask` or `claimTask`); null
   * while unassigned. A QUEUED or RUNNING task always has one.
   */
  assigneeDid?: Maybe<Scalars['ID']['output']>;
  /** When the task was created (lists order tasks by this, then by `id`). */
  createdAt: Scalars['DateTime']['output'];
  /** Longer text, at most 10,000 characters; null when none. */
  description?: Maybe<Scalars['String']['output']>;
  /** The escrow as a CoinPay entity (the router fetches its fields from CoinPay); null when not linked. */
  escrow?: Maybe<Escrow>;
  /**
   * CoinPay escrow id (at most 200 characters; null when not linked); `escrow` is the same link as an
   * entity reference.
   */
  escrowId?: Maybe<Scalars['ID']['output']>;
  /** The gig as a uGig entity (the router fetches its fields from uGig); null when there is none. */
  gig?: Maybe<Gig>;
  /**
   * uGig gig that advertises this task (at most 200 characters; null when none); `gig` is the same
   * link as an entity reference.
   */
  gigId?: Maybe<Scalars['ID']['output']>;
  /** Opaque id assigned by AgentStack at creation; the task's key here and in the supergraph. */
  id: Scalars['ID']['output'];
  /**
   * Free-form JSON object kept with the task; `{}` when none (limits: see the JSON scalar).
   * `updateTaskStatus` changes it as a JSON Merge Patch.
   */
  metadata: Scalars['JSON']['output'];
  /** The owner: a User for a user DID, the registered Agent for an agent DID (null if unregistered). */
  owner?: Maybe<Principal>;
  /** The owner's DID: a user (`did:coinpay:user:<id>`) or an agent (`did:coinpay:agent:<id>`). Never changes. */
  ownerDid: Scalars['ID']['output'];
  /** The payment intent as a CoinPay entity (the router fetches its fields from CoinPay); null when not linked. */
  paymentIntent?: Maybe<PaymentIntent>;
  /**
   * CoinPay payment intent id (at most 200 characters; null when not linked); `paymentIntent` is the
   * same link as an entity reference.
   */
  paymentIntentId?: Maybe<Scalars['ID']['output']>;
  /**
   * Open to claims by any agent while pending (the marketplace). Set by `publishTask`; it stays true
   * after a claim, but the task is then QUEUED and no longer open.
   */
  published: Scalars['Boolean']['output'];
  /** When the task was first published; null if it never was. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The reputation event as a CoinPay entity (the router fetches its fields from CoinPay); null when not linked. */
  reputationEvent?: Maybe<ReputationEvent>;
  /**
   * CoinPay reputation event id (at most 200 characters; null when not linked); `reputationEvent` is
   * the same link as an entity reference.
   */
  reputationEventId?: Maybe<Scalars['ID']['output']>;
  /** The app the task came from (e.g. `ugig`), as given at creation; 1 to 200 characters. */
  sourceApp: Scalars['String']['output'];
  /** Where the task is in its lifecycle; see `TaskStatus` for the transitions and who may make them. */
  status: TaskStatus;
  /** Short title, 1 to 200 characters. */
  title: Scalars['String']['output'];
  /** When the task last changed (its `version` grew). */
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1 and grows with every change: pass it as `expectedVersion` for optimistic concurrency. */
  version: Scalars['Int']['output'];
};

/**
 * A page of tasks, oldest first (creation time, then id). Tasks the caller may not see are left
 * out, so a page can hold fewer edges than asked (even none) while `pageInfo.hasNextPage` is true:
 * page on from `pageInfo.endCursor` (or back from `pageInfo.startCursor`), which may point past the
 * last edge (before the first).
 */
export type TaskConnection = {
  __typename?: 'TaskConnection';
  /** The tasks of this page, oldest first. */
  edges: Array<TaskEdge>;
  /** Where this page stands, and the cursors to page on. */
  pageInfo: PageInfo;
};

/** One task of a page, with its position. */
export type TaskEdge = {
  __typename?: 'TaskEdge';
  /** Opaque position of this task in this list: pass it as `after` or `before` to the same field. */
  cursor: Scalars['String']['output'];
  /** The task. */
  node: Task;
};

/** Narrows a list of tasks: every criterion given must match; one left out (or null) matches every task. */
export type TaskFilter = {
  /** Only tasks assigned to this agent DID. */
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  /** Only tasks owned by this DID (a user or an agent). */
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  /**
   * `true`: only published tasks (with `status: PENDING`: the marketplace's open tasks); `false`:
   * only unpublished ones.
   */
  published?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only tasks from this app (exact, case-sensitive match). */
  sourceApp?: InputMaybe<Scalars['String']['input']>;
  /** Only tasks in this status. */
  status?: InputMaybe<TaskStatus>;
};

/** What `updateTaskStatus` may change besides the status: a field left out keeps, null clears. */
export type TaskPatch = {
  /** CoinPay escrow to link instead (at most 200 characters); null unlinks it. */
  escrowId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * Applied as a JSON Merge Patch (RFC 7386): keys merge, null deletes a key. A JSON object (limits:
   * see the JSON scalar); null for the whole field clears the metadata to `{}`.
   */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** CoinPay payment intent to link instead (at most 200 characters); null unlinks it. */
  paymentIntentId?: InputMaybe<Scalars['ID']['input']>;
  /** CoinPay reputation event to link instead (at most 200 characters); null unlinks it. */
  reputationEventId?: InputMaybe<Scalars['ID']['input']>;
};

/**
 * Where a task is in its lifecycle. The transitions (anything else is CONFLICT):
 *
 *     PENDING → QUEUED | CANCELLED
 *     QUEUED  → RUNNING | CANCELLED
 *     RUNNING → BLOCKED | COMPLETE | FAILED | CANCELLED
 *     BLOCKED → RUNNING | QUEUED | FAILED | CANCELLED
 *     COMPLETE, FAILED, CANCELLED: terminal, the task never changes again
 *
 * QUEUED and RUNNING need an assignee, so a task becomes QUEUED through `assignTask` or
 * `claimTask` (or `createTask` with an assignee). Setting a non-terminal task's own status again is
 * not a transition but a patch of its links and metadata (`updateTaskStatus` with `patch`).
 */
export type TaskStatus =
  /** Started, but waiting (on input, a payment, another task, …); it can resume (RUNNING) or be re-queued. */
  | 'blocked'
  /** Called off, by the owner or an agent with a grant allowing `tasks:update` (not by the assignee alone). Terminal. */
  | 'cancelled'
  /** Done. Terminal. */
  | 'complete'
  /** Given up on: it could not be done. Terminal. */
  | 'failed'
  /** Created without an assignee and not yet assigned. The only status in which a task can be published and claimed. */
  | 'pending'
  /**
   * Assigned to an agent, not started yet. `assignTask` may hand it to another agent while it is
   * QUEUED (or PENDING, or BLOCKED).
   */
  | 'queued'
  /** The assignee is working on it. */
  | 'running';

/** Changes to a webhook: a field left out keeps its value. */
export type UpdateWebhookInput = {
  /** false disables it; true re-enables it (delivery resumes from where it stopped). */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** A new description; null clears it. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** A new filter; null: every event. */
  filter?: InputMaybe<AgentStackEventFilter>;
  /** A new URL (checked like `CreateWebhookInput.url`). */
  url?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A person, identified by DID. Another subgraph owns users (and must key `User` by `did` too); this
 * one contributes their tasks and grants. Any user DID resolves here, registered or not.
 */
export type User = {
  __typename?: 'User';
  /**
   * Grants this user gave (it is their `ownerDid`) that the caller may see (this user, their agent,
   * their grantor), oldest first (creation time, then id).
   */
  delegations: DelegationGrantConnection;
  /** The user's DID, `did:coinpay:user:<id>` (at most 256 characters): its key across the supergraph. */
  did: Scalars['ID']['output'];
  /**
   * Tasks this user owns that the caller may see, oldest first (creation time, then id). Tasks the
   * caller may not see are left out, so a page can hold fewer than `first`: page on with
   * `pageInfo.endCursor` while `pageInfo.hasNextPage`.
   */
  tasks: TaskConnection;
};


/**
 * A person, identified by DID. Another subgraph owns users (and must key `User` by `did` too); this
 * one contributes their tasks and grants. Any user DID resolves here, registered or not.
 */
export type UserDelegationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DelegationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A person, identified by DID. Another subgraph owns users (and must key `User` by `did` too); this
 * one contributes their tasks and grants. Any user DID resolves here, registered or not.
 */
export type UserTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Events pushed to an HTTP endpoint: each event the owner may see (judged when it is delivered) and
 * the filter matches, as JSON of the same shape as `AgentStackEvent`, signed per the Standard
 * Webhooks specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`). At least once, in
 * cursor order per webhook; retried with backoff (about 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, then
 * every 12 h up to 3 days).
 */
export type Webhook = {
  __typename?: 'Webhook';
  /** False once disabled (by its owner, a 410 Gone, or the retry limit); re-enabling resumes where it stopped. */
  active: Scalars['Boolean']['output'];
  /** Failed attempts since the last success. */
  consecutiveFailures: Scalars['Int']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /**
   * The cursor of the last event it is done with (delivered or being delivered, given up on, or not
   * for it): deliveries go on after it.
   */
  cursor: Scalars['String']['output'];
  /** What it is for, as its owner wrote it. */
  description?: Maybe<Scalars['String']['output']>;
  /** When it was disabled; null while active. */
  disabledAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why it was disabled; null while active. */
  disabledReason?: Maybe<Scalars['String']['output']>;
  /** Which events (null: every event its owner may see). */
  filter?: Maybe<WebhookEventFilter>;
  /** The webhook's id. */
  id: Scalars['ID']['output'];
  /** When an endpoint last accepted a delivery (2xx). */
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  /** Whose events it receives: only those this DID may see. */
  ownerDid: Scalars['ID']['output'];
  /** When it was last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Where events are POSTed. */
  url: Scalars['String']['output'];
};

/** One HTTP attempt of a delivery. */
export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  /** When it was made. */
  at: Scalars['DateTime']['output'];
  /** What went wrong, when something did. */
  error?: Maybe<Scalars['String']['output']>;
  /** The response's status; null when none came (timeout, refused connection, refused address). */
  httpStatus?: Maybe<Scalars['Int']['output']>;
  /** How long it took, in milliseconds. */
  latencyMs: Scalars['Int']['output'];
  /** When the next attempt is due; null when none follows. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** At most 1 KiB of the response body. */
  responseBody?: Maybe<Scalars['String']['output']>;
};

/** A page of the caller's webhooks, by id. */
export type WebhookConnection = {
  __typename?: 'WebhookConnection';
  /** The webhooks of this page. */
  edges: Array<WebhookEdge>;
  /** Where this page stands, and the cursors to page on. */
  pageInfo: PageInfo;
};

/** One event on its way to one webhook, with every attempt. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  /** Every attempt, oldest first. */
  attempts: Array<WebhookAttempt>;
  /** When it succeeded, failed or was skipped; null while pending. */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When it was opened. */
  createdAt: Scalars['DateTime']['output'];
  /** The event's cursor (`AgentStackEvent.cursor`). */
  eventCursor: Scalars['String']['output'];
  /** The event's type. */
  eventType: AgentStackEventType;
  /** The delivery's id (for `redeliverWebhookDelivery`). */
  id: Scalars['ID']['output'];
  /** When the next attempt is due; null when none is. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** Where it stands. */
  status: WebhookDeliveryStatus;
  /** The webhook it is for. */
  webhookId: Scalars['ID']['output'];
};

/** A page of a webhook's deliveries, oldest first (`last` for the newest). */
export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  /** The deliveries of this page, oldest first. */
  edges: Array<WebhookDeliveryEdge>;
  /** Where this page stands, and the cursors to page on. */
  pageInfo: PageInfo;
};

/** One delivery of a page, with its cursor. */
export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  /** This delivery's position: pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The delivery. */
  node: WebhookDelivery;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** Given up on after the last retry (`redeliverWebhookDelivery` sends it again). */
  | 'failed'
  /** Not delivered yet: an attempt is due at `nextAttemptAt` (a disabled webhook's wait until it is re-enabled). */
  | 'pending'
  /** Not sent: when it was due, its owner could no longer see the event. */
  | 'skipped'
  /** An attempt was answered with 2xx. */
  | 'succeeded';

/** One webhook of a page, with its cursor. */
export type WebhookEdge = {
  __typename?: 'WebhookEdge';
  /** This webhook's position: pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The webhook. */
  node: Webhook;
};

/** A webhook's event filter, as set (see `AgentStackEventFilter`). */
export type WebhookEventFilter = {
  __typename?: 'WebhookEventFilter';
  /** Only events about this agent DID. */
  agentDid?: Maybe<Scalars['ID']['output']>;
  /** Only events about tasks assigned to this agent DID. */
  assigneeDid?: Maybe<Scalars['ID']['output']>;
  /** Only events about tasks or grants with this owner DID. */
  ownerDid?: Maybe<Scalars['ID']['output']>;
  /** Only task events whose task is then in one of these statuses. */
  statuses?: Maybe<Array<TaskStatus>>;
  /** Only events about this task. */
  taskId?: Maybe<Scalars['ID']['output']>;
  /** Only events of these types; null: every type. */
  types?: Maybe<Array<AgentStackEventType>>;
};

/** A new webhook or a rotated secret: the secret is shown here only, never again. */
export type WebhookSecretPayload = {
  __typename?: 'WebhookSecretPayload';
  /** The signing secret (`whsec_…`), for any Standard Webhooks library to verify deliveries with. */
  secret: Scalars['String']['output'];
  /** The webhook. */
  webhook: Webhook;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Agent: Agent;
  DelegationGrant: DelegationGrant;
  Task: Task;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Agent:
    ( { __typename: 'Agent' }
    & GraphQLRecursivePick<FederationTypes['Agent'], {"did":true}> );
  DelegationGrant:
    ( { __typename: 'DelegationGrant' }
    & GraphQLRecursivePick<FederationTypes['DelegationGrant'], {"id":true}> );
  Task:
    ( { __typename: 'Task' }
    & GraphQLRecursivePick<FederationTypes['Task'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"did":true}> );
}>;

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Principal:
    | ( AgentModel )
    | ( UserModel )
  ;
}>;


/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Agent: ResolverTypeWrapper<AgentModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  AgentConnection: ResolverTypeWrapper<Omit<AgentConnection, 'edges'> & { edges: Array<ResolversTypes['AgentEdge']> }>;
  AgentEdge: ResolverTypeWrapper<Omit<AgentEdge, 'node'> & { node: ResolversTypes['Agent'] }>;
  AgentFilter: AgentFilter;
  AgentStackEvent: ResolverTypeWrapper<EventModel>;
  AgentStackEventConnection: ResolverTypeWrapper<Omit<AgentStackEventConnection, 'edges'> & { edges: Array<ResolversTypes['AgentStackEventEdge']> }>;
  AgentStackEventEdge: ResolverTypeWrapper<Omit<AgentStackEventEdge, 'node'> & { node: ResolversTypes['AgentStackEvent'] }>;
  AgentStackEventFilter: AgentStackEventFilter;
  AgentStackEventType: null;
  CreateTaskInput: CreateTaskInput;
  CreateWebhookInput: CreateWebhookInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DelegateInput: DelegateInput;
  DelegationFilter: DelegationFilter;
  DelegationGrant: ResolverTypeWrapper<DelegationGrantModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  DelegationGrantConnection: ResolverTypeWrapper<Omit<DelegationGrantConnection, 'edges'> & { edges: Array<ResolversTypes['DelegationGrantEdge']> }>;
  DelegationGrantEdge: ResolverTypeWrapper<Omit<DelegationGrantEdge, 'node'> & { node: ResolversTypes['DelegationGrant'] }>;
  Escrow: ResolverTypeWrapper<EntityRefModel>;
  Gig: ResolverTypeWrapper<EntityRefModel>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PaymentIntent: ResolverTypeWrapper<EntityRefModel>;
  Principal: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['Principal']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterAgentInput: RegisterAgentInput;
  ReputationEvent: ResolverTypeWrapper<EntityRefModel>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Task: ResolverTypeWrapper<TaskModel>;
  TaskConnection: ResolverTypeWrapper<Omit<TaskConnection, 'edges'> & { edges: Array<ResolversTypes['TaskEdge']> }>;
  TaskEdge: ResolverTypeWrapper<Omit<TaskEdge, 'node'> & { node: ResolversTypes['Task'] }>;
  TaskFilter: TaskFilter;
  TaskPatch: TaskPatch;
  TaskStatus: null;
  UpdateWebhookInput: UpdateWebhookInput;
  User: ResolverTypeWrapper<UserModel>;
  Webhook: ResolverTypeWrapper<WebhookModel>;
  WebhookAttempt: ResolverTypeWrapper<WebhookAttemptModel>;
  WebhookConnection: ResolverTypeWrapper<Omit<WebhookConnection, 'edges'> & { edges: Array<ResolversTypes['WebhookEdge']> }>;
  WebhookDelivery: ResolverTypeWrapper<WebhookDeliveryModel>;
  WebhookDeliveryConnection: ResolverTypeWrapper<Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversTypes['WebhookDeliveryEdge']> }>;
  WebhookDeliveryEdge: ResolverTypeWrapper<Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversTypes['WebhookDelivery'] }>;
  WebhookDeliveryStatus: null;
  WebhookEdge: ResolverTypeWrapper<Omit<WebhookEdge, 'node'> & { node: ResolversTypes['Webhook'] }>;
  WebhookEventFilter: ResolverTypeWrapper<WebhookEventFilterModel>;
  WebhookSecretPayload: ResolverTypeWrapper<Omit<WebhookSecretPayload, 'webhook'> & { webhook: ResolversTypes['Webhook'] }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Agent: AgentModel;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  Float: Scalars['Float']['output'];
  AgentConnection: Omit<AgentConnection, 'edges'> & { edges: Array<ResolversParentTypes['AgentEdge']> };
  AgentEdge: Omit<AgentEdge, 'node'> & { node: ResolversParentTypes['Agent'] };
  AgentFilter: AgentFilter;
  AgentStackEvent: EventModel;
  AgentStackEventConnection: Omit<AgentStackEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['AgentStackEventEdge']> };
  AgentStackEventEdge: Omit<AgentStackEventEdge, 'node'> & { node: ResolversParentTypes['AgentStackEvent'] };
  AgentStackEventFilter: AgentStackEventFilter;
  CreateTaskInput: CreateTaskInput;
  CreateWebhookInput: CreateWebhookInput;
  DateTime: Scalars['DateTime']['output'];
  DelegateInput: DelegateInput;
  DelegationFilter: DelegationFilter;
  DelegationGrant: DelegationGrantModel;
  Boolean: Scalars['Boolean']['output'];
  DelegationGrantConnection: Omit<DelegationGrantConnection, 'edges'> & { edges: Array<ResolversParentTypes['DelegationGrantEdge']> };
  DelegationGrantEdge: Omit<DelegationGrantEdge, 'node'> & { node: ResolversParentTypes['DelegationGrant'] };
  Escrow: EntityRefModel;
  Gig: EntityRefModel;
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PaymentIntent: EntityRefModel;
  Principal: ResolversUnionTypes<ResolversParentTypes>['Principal'];
  Query: Record<PropertyKey, never>;
  RegisterAgentInput: RegisterAgentInput;
  ReputationEvent: EntityRefModel;
  Subscription: Record<PropertyKey, never>;
  Task: TaskModel;
  TaskConnection: Omit<TaskConnection, 'edges'> & { edges: Array<ResolversParentTypes['TaskEdge']> };
  TaskEdge: Omit<TaskEdge, 'node'> & { node: ResolversParentTypes['Task'] };
  TaskFilter: TaskFilter;
  TaskPatch: TaskPatch;
  UpdateWebhookInput: UpdateWebhookInput;
  User: UserModel;
  Webhook: WebhookModel;
  WebhookAttempt: WebhookAttemptModel;
  WebhookConnection: Omit<WebhookConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebhookEdge']> };
  WebhookDelivery: WebhookDeliveryModel;
  WebhookDeliveryConnection: Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebhookDeliveryEdge']> };
  WebhookDeliveryEdge: Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversParentTypes['WebhookDelivery'] };
  WebhookEdge: Omit<WebhookEdge, 'node'> & { node: ResolversParentTypes['Webhook'] };
  WebhookEventFilter: WebhookEventFilterModel;
  WebhookSecretPayload: Omit<WebhookSecretPayload, 'webhook'> & { webhook: ResolversParentTypes['Webhook'] };
}>;

export type AgentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent'], FederationReferenceType extends FederationReferenceTypes['Agent'] = FederationReferenceTypes['Agent']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Agent']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  delegations?: Resolver<ResolversTypes['DelegationGrantConnection'], ParentType, ContextType, Partial<AgentDelegationsArgs>>;
  did?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inboxUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  metadata?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  ownerDid?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  reputationScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sourceApp?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  supportedProtocols?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  taskEndpoint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tasks?: Resolver<ResolversTypes['TaskConnection'], ParentType, ContextType, Partial<AgentTasksArgs>>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AgentConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentConnection'] = ResolversParentTypes['AgentConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AgentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type AgentEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentEdge'] = ResolversParentTypes['AgentEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Agent'], ParentType, ContextType>;
}>;

export type AgentStackEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentStackEvent'] = ResolversParentTypes['AgentStackEvent']> = ResolversObject<{
  actorApp?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  actorDid?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  grant?: Resolver<Maybe<ResolversTypes['DelegationGrant']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['AgentStackEventType'], ParentType, ContextType>;
  webhook?: Resolver<Maybe<ResolversTypes['Webhook']>, ParentType, ContextType>;
}>;

export type AgentStackEventConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentStackEventConnection'] = ResolversParentTypes['AgentStackEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AgentStackEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type AgentStackEventEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentStackEventEdge'] = ResolversParentTypes['AgentStackEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AgentStackEvent'], ParentType, ContextType>;
}>;

export type AgentStackEventTypeResolvers = { AGENT_REGISTERED: 'agent.registered', DELEGATION_GRANTED: 'delegation.granted', DELEGATION_REVOKED: 'delegation.revoked', TASK_ASSIGNED: 'task.assigned', TASK_CREATED: 'task.created', TASK_UPDATED: 'task.updated', WEBHOOK_DISABLED: 'webhook.disabled' };

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DelegationGrantResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DelegationGrant'] = ResolversParentTypes['DelegationGrant'], FederationReferenceType extends FederationReferenceTypes['DelegationGrant'] = FederationReferenceTypes['DelegationGrant']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['DelegationGrant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  agentDid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  grantorDid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['Principal']>, ParentType, ContextType>;
  ownerDid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  parentGrantId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type DelegationGrantConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DelegationGrantConnection'] = ResolversParentTypes['DelegationGrantConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DelegationGrantEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type DelegationGrantEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DelegationGrantEdge'] = ResolversParentTypes['DelegationGrantEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['DelegationGrant'], ParentType, ContextType>;
}>;

export type EscrowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Escrow'] = ResolversParentTypes['Escrow']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type GigResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Gig'] = ResolversParentTypes['Gig']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  assignTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationAssignTaskArgs, 'agentDid' | 'taskId'>>;
  claimTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationClaimTaskArgs, 'agentDid' | 'taskId'>>;
  createTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationCreateTaskArgs, 'input'>>;
  createWebhook?: Resolver<ResolversTypes['WebhookSecretPayload'], ParentType, ContextType, RequireFields<MutationCreateWebhookArgs, 'input'>>;
  delegate?: Resolver<ResolversTypes['DelegationGrant'], ParentType, ContextType, RequireFields<MutationDelegateArgs, 'input'>>;
  deleteWebhook?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType, RequireFields<MutationDeleteWebhookArgs, 'id'>>;
  publishTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationPublishTaskArgs, 'taskId'>>;
  redeliverWebhookDelivery?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType, RequireFields<MutationRedeliverWebhookDeliveryArgs, 'id'>>;
  registerAgent?: Resolver<ResolversTypes['Agent'], ParentType, ContextType, RequireFields<MutationRegisterAgentArgs, 'input'>>;
  revokeDelegation?: Resolver<ResolversTypes['DelegationGrant'], ParentType, ContextType, RequireFields<MutationRevokeDelegationArgs, 'id'>>;
  rotateWebhookSecret?: Resolver<ResolversTypes['WebhookSecretPayload'], ParentType, ContextType, RequireFields<MutationRotateWebhookSecretArgs, 'id'>>;
  updateTaskStatus?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationUpdateTaskStatusArgs, 'status' | 'taskId'>>;
  updateWebhook?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType, RequireFields<MutationUpdateWebhookArgs, 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PaymentIntentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PaymentIntent'] = ResolversParentTypes['PaymentIntent']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type PrincipalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Principal'] = ResolversParentTypes['Principal']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Agent' | 'User', ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType, RequireFields<QueryAgentArgs, 'did'>>;
  agentStackEvents?: Resolver<ResolversTypes['AgentStackEventConnection'], ParentType, ContextType, Partial<QueryAgentStackEventsArgs>>;
  agents?: Resolver<ResolversTypes['AgentConnection'], ParentType, ContextType, Partial<QueryAgentsArgs>>;
  delegation?: Resolver<Maybe<ResolversTypes['DelegationGrant']>, ParentType, ContextType, RequireFields<QueryDelegationArgs, 'id'>>;
  delegations?: Resolver<ResolversTypes['DelegationGrantConnection'], ParentType, ContextType, Partial<QueryDelegationsArgs>>;
  hasDelegation?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<QueryHasDelegationArgs, 'agentDid' | 'ownerDid' | 'scope'>>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTaskArgs, 'id'>>;
  tasks?: Resolver<ResolversTypes['TaskConnection'], ParentType, ContextType, Partial<QueryTasksArgs>>;
  webhookDeliveries?: Resolver<ResolversTypes['WebhookDeliveryConnection'], ParentType, ContextType, RequireFields<QueryWebhookDeliveriesArgs, 'webhookId'>>;
  webhooks?: Resolver<ResolversTypes['WebhookConnection'], ParentType, ContextType, Partial<QueryWebhooksArgs>>;
}>;

export type ReputationEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReputationEvent'] = ResolversParentTypes['ReputationEvent']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  agentStackEvents?: SubscriptionResolver<ResolversTypes['AgentStackEvent'], "agentStackEvents", ParentType, ContextType, Partial<SubscriptionAgentStackEventsArgs>>;
  taskStatusChanged?: SubscriptionResolver<ResolversTypes['Task'], "taskStatusChanged", ParentType, ContextType, Partial<SubscriptionTaskStatusChangedArgs>>;
}>;

export type TaskResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task'], FederationReferenceType extends FederationReferenceTypes['Task'] = FederationReferenceTypes['Task']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Task']> | FederationReferenceType, FederationReferenceType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  assigneeDid?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  escrow?: Resolver<Maybe<ResolversTypes['Escrow']>, ParentType, ContextType>;
  escrowId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  gig?: Resolver<Maybe<ResolversTypes['Gig']>, ParentType, ContextType>;
  gigId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metadata?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['Principal']>, ParentType, ContextType>;
  ownerDid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paymentIntent?: Resolver<Maybe<ResolversTypes['PaymentIntent']>, ParentType, ContextType>;
  paymentIntentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  published?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reputationEvent?: Resolver<Maybe<ResolversTypes['ReputationEvent']>, ParentType, ContextType>;
  reputationEventId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  sourceApp?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TaskStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TaskConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TaskConnection'] = ResolversParentTypes['TaskConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TaskEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type TaskEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TaskEdge'] = ResolversParentTypes['TaskEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
}>;

export type TaskStatusResolvers = { BLOCKED: 'blocked', CANCELLED: 'cancelled', COMPLETE: 'complete', FAILED: 'failed', PENDING: 'pending', QUEUED: 'queued', RUNNING: 'running' };

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  delegations?: Resolver<ResolversTypes['DelegationGrantConnection'], ParentType, ContextType, Partial<UserDelegationsArgs>>;
  did?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tasks?: Resolver<ResolversTypes['TaskConnection'], ParentType, ContextType, Partial<UserTasksArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type WebhookResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Webhook'] = ResolversParentTypes['Webhook']> = ResolversObject<{
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  consecutiveFailures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  disabledReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  filter?: Resolver<Maybe<ResolversTypes['WebhookEventFilter']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSuccessAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  ownerDid?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type WebhookAttemptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookAttempt'] = ResolversParentTypes['WebhookAttempt']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  httpStatus?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  responseBody?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type WebhookConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookConnection'] = ResolversParentTypes['WebhookConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WebhookEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type WebhookDeliveryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = ResolversObject<{
  attempts?: Resolver<Array<ResolversTypes['WebhookAttempt']>, ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  eventCursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['AgentStackEventType'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
  webhookId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type WebhookDeliveryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryConnection'] = ResolversParentTypes['WebhookDeliveryConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WebhookDeliveryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type WebhookDeliveryEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryEdge'] = ResolversParentTypes['WebhookDeliveryEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
}>;

export type WebhookDeliveryStatusResolvers = { FAILED: 'failed', PENDING: 'pending', SKIPPED: 'skipped', SUCCEEDED: 'succeeded' };

export type WebhookEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEdge'] = ResolversParentTypes['WebhookEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType>;
}>;

export type WebhookEventFilterResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEventFilter'] = ResolversParentTypes['WebhookEventFilter']> = ResolversObject<{
  agentDid?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  assigneeDid?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  ownerDid?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  statuses?: Resolver<Maybe<Array<ResolversTypes['TaskStatus']>>, ParentType, ContextType>;
  taskId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  types?: Resolver<Maybe<Array<ResolversTypes['AgentStackEventType']>>, ParentType, ContextType>;
}>;

export type WebhookSecretPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookSecretPayload'] = ResolversParentTypes['WebhookSecretPayload']> = ResolversObject<{
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  webhook?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  Agent?: AgentResolvers<ContextType>;
  AgentConnection?: AgentConnectionResolvers<ContextType>;
  AgentEdge?: AgentEdgeResolvers<ContextType>;
  AgentStackEvent?: AgentStackEventResolvers<ContextType>;
  AgentStackEventConnection?: AgentStackEventConnectionResolvers<ContextType>;
  AgentStackEventEdge?: AgentStackEventEdgeResolvers<ContextType>;
  AgentStackEventType?: AgentStackEventTypeResolvers;
  DateTime?: GraphQLScalarType;
  DelegationGrant?: DelegationGrantResolvers<ContextType>;
  DelegationGrantConnection?: DelegationGrantConnectionResolvers<ContextType>;
  DelegationGrantEdge?: DelegationGrantEdgeResolvers<ContextType>;
  Escrow?: EscrowResolvers<ContextType>;
  Gig?: GigResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PaymentIntent?: PaymentIntentResolvers<ContextType>;
  Principal?: PrincipalResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReputationEvent?: ReputationEventResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  TaskConnection?: TaskConnectionResolvers<ContextType>;
  TaskEdge?: TaskEdgeResolvers<ContextType>;
  TaskStatus?: TaskStatusResolvers;
  User?: UserResolvers<ContextType>;
  Webhook?: WebhookResolvers<ContextType>;
  WebhookAttempt?: WebhookAttemptResolvers<ContextType>;
  WebhookConnection?: WebhookConnectionResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
  WebhookDeliveryConnection?: WebhookDeliveryConnectionResolvers<ContextType>;
  WebhookDeliveryEdge?: WebhookDeliveryEdgeResolvers<ContextType>;
  WebhookDeliveryStatus?: WebhookDeliveryStatusResolvers;
  WebhookEdge?: WebhookEdgeResolvers<ContextType>;
  WebhookEventFilter?: WebhookEventFilterResolvers<ContextType>;
  WebhookSecretPayload?: WebhookSecretPayloadResolvers<ContextType>;
}>;

