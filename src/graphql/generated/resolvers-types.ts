import type { JsonValue } from '../../core/types.js';
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TaskModel, AgentModel, DelegationGrantModel, UserModel, EntityRefModel, EventModel, EventPageModel } from '../models.js';
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
  /** An ISO-8601 date-time in UTC, e.g. 2026-01-31T12:00:00.000Z. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. Metadata fields hold JSON objects. */
  JSON: { input: JsonValue; output: JsonValue; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** An autonomous agent, identified by its `did:coinpay:agent:<id>` DID. Agents are a public directory. */
export type Agent = {
  __typename?: 'Agent';
  createdAt: Scalars['DateTime']['output'];
  /** Grants this agent holds. */
  delegations: Array<DelegationGrant>;
  did: Scalars['ID']['output'];
  inboxUrl?: Maybe<Scalars['String']['output']>;
  metadata: Scalars['JSON']['output'];
  name: Scalars['String']['output'];
  owner?: Maybe<User>;
  /** The user who answers for the agent: may update its profile and claim tasks for it. */
  ownerDid?: Maybe<Scalars['ID']['output']>;
  reputationScore?: Maybe<Scalars['Float']['output']>;
  sourceApp: Scalars['String']['output'];
  supportedProtocols: Array<Scalars['String']['output']>;
  taskEndpoint?: Maybe<Scalars['String']['output']>;
  /** Tasks assigned to this agent (the filter's assigneeDid is this agent). */
  tasks: TaskConnection;
  updatedAt: Scalars['DateTime']['output'];
};


/** An autonomous agent, identified by its `did:coinpay:agent:<id>` DID. Agents are a public directory. */
export type AgentDelegationsArgs = {
  filter?: InputMaybe<DelegationFilter>;
};


/** An autonomous agent, identified by its `did:coinpay:agent:<id>` DID. Agents are a public directory. */
export type AgentTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type AgentConnection = {
  __typename?: 'AgentConnection';
  edges: Array<AgentEdge>;
  pageInfo: PageInfo;
};

export type AgentEdge = {
  __typename?: 'AgentEdge';
  cursor: Scalars['String']['output'];
  node: Agent;
};

export type AgentFilter = {
  sourceApp?: InputMaybe<Scalars['String']['input']>;
  supportedProtocol?: InputMaybe<Scalars['String']['input']>;
};

/**
 * One committed change. `task`, `agent` and `grant` are the entity as it was right after the
 * event (from the event's own payload), so a replay shows history faithfully.
 */
export type AgentStackEvent = {
  __typename?: 'AgentStackEvent';
  /** The app the actor acted through (its app key's sourceApp), when it used an app key. */
  actorApp?: Maybe<Scalars['String']['output']>;
  /** Who made the change. */
  actorDid?: Maybe<Scalars['ID']['output']>;
  agent?: Maybe<Agent>;
  /** The event's sequence in commit order; pass it as `after` to resume after this event. */
  cursor: Scalars['ID']['output'];
  grant?: Maybe<DelegationGrant>;
  occurredAt: Scalars['DateTime']['output'];
  task?: Maybe<Task>;
  type: EventType;
};

/**
 * A page of the event history, oldest first. `endCursor` is the cursor of the last event, or
 * the `after` that was asked for when the page is empty, so a poller can always continue from it.
 */
export type AgentStackEventPage = {
  __typename?: 'AgentStackEventPage';
  endCursor?: Maybe<Scalars['ID']['output']>;
  events: Array<AgentStackEvent>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type CreateTaskInput = {
  /** Creating with an assignee creates the task already queued for that agent. */
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  escrowId?: InputMaybe<Scalars['ID']['input']>;
  /** Unique per owner: a retry with the same key and input returns the same task. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  ownerDid: Scalars['ID']['input'];
  paymentIntentId?: InputMaybe<Scalars['ID']['input']>;
  reputationEventId?: InputMaybe<Scalars['ID']['input']>;
  sourceApp: Scalars['String']['input'];
  title: Scalars['String']['input'];
};

export type DelegateInput = {
  agentDid: Scalars['ID']['input'];
  /** A sub-grant without one lasts as long as its parent; with one, no longer than its parent. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  ownerDid: Scalars['ID']['input'];
  /**
   * Sub-delegation: the grant the caller holds from the same owner, allowing `agents:delegate`. The
   * new grant's scopes must be covered by the parent's, its expiry no later than the parent's.
   */
  parentGrantId?: InputMaybe<Scalars['ID']['input']>;
  scopes: Array<Scalars['String']['input']>;
};

export type DelegationFilter = {
  /** Only grants active at this instant. */
  activeAt?: InputMaybe<Scalars['DateTime']['input']>;
  agentDid?: InputMaybe<Scalars['ID']['input']>;
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  /** Grants whose scopes allow this scope (`*` and `ns:*` grants included). */
  scope?: InputMaybe<Scalars['String']['input']>;
};

/** A grant of scopes from an owner to an agent. Visible to its owner, its agent and its grantor. */
export type DelegationGrant = {
  __typename?: 'DelegationGrant';
  /** Honoured now: neither it nor any grant above it (parent, parent's parent, …) is revoked or expired. */
  active: Scalars['Boolean']['output'];
  agent?: Maybe<Agent>;
  agentDid: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who made the grant: the owner (a root grant) or the agent that sub-delegated it (revokes it too). */
  grantorDid: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  owner?: Maybe<Principal>;
  ownerDid: Scalars['ID']['output'];
  /** The grant this one was sub-delegated from; null for a root grant. */
  parentGrantId?: Maybe<Scalars['ID']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<Scalars['String']['output']>;
};

export type Escrow = {
  __typename?: 'Escrow';
  id: Scalars['ID']['output'];
};

export type EventFilter = {
  agentDid?: InputMaybe<Scalars['ID']['input']>;
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
  types?: InputMaybe<Array<EventType>>;
};

export type EventType =
  | 'agent.registered'
  | 'delegation.granted'
  | 'delegation.revoked'
  | 'task.assigned'
  | 'task.created'
  | 'task.updated';

export type Gig = {
  __typename?: 'Gig';
  id: Scalars['ID']['output'];
};

/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** The owner, or an agent with an active grant allowing `tasks:assign`. */
  assignTask: Task;
  /** A registered agent takes a published pending task for itself (or its owner for it); of concurrent claims exactly one wins. */
  claimTask: Task;
  /** The owner, or an agent with an active grant from the owner allowing `tasks:create`. */
  createTask: Task;
  /** The owner (a root grant), or an agent sub-delegating part of its grant (`parentGrantId`). */
  delegate: DelegationGrant;
  /** Opens a pending task to claims by any agent; optionally links the uGig gig that advertises it. The owner or `tasks:publish`. */
  publishTask: Task;
  /** The agent itself, or its owner (a user), registers or updates it. */
  registerAgent: Agent;
  /** The owner or the grantor. Revokes every grant delegated from it too, each with its own event. */
  revokeDelegation: DelegationGrant;
  /**
   * The owner (any legal transition); the assignee while it holds the task (RUNNING, BLOCKED,
   * COMPLETE, FAILED, or a patch); an agent with a grant allowing `tasks:update`. CANCELLED only by
   * the owner or `tasks:update`.
   */
  updateTaskStatus: Task;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationAssignTaskArgs = {
  agentDid: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationClaimTaskArgs = {
  agentDid: Scalars['ID']['input'];
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationCreateTaskArgs = {
  input: CreateTaskInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationDelegateArgs = {
  input: DelegateInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationPublishTaskArgs = {
  gigId?: InputMaybe<Scalars['ID']['input']>;
  taskId: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationRegisterAgentArgs = {
  input: RegisterAgentInput;
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationRevokeDelegationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every mutation needs an identified caller and AgentStack's permission (README, Authorization):
 * FORBIDDEN otherwise, and nothing changes.
 */
export type MutationUpdateTaskStatusArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  patch?: InputMaybe<TaskPatch>;
  status: TaskStatus;
  taskId: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to read the next page; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PaymentIntent = {
  __typename?: 'PaymentIntent';
  id: Scalars['ID']['output'];
};

/** Whoever owns a task or gives a grant. */
export type Principal = Agent | User;

export type Query = {
  __typename?: 'Query';
  /** Null when no agent has this DID. */
  agent?: Maybe<Agent>;
  /** Ordered by DID. `first` defaults to 50 (at most 500). */
  agents: AgentConnection;
  /** Null when no grant has this id, or when the caller may not see it. */
  delegation?: Maybe<DelegationGrant>;
  delegations: Array<DelegationGrant>;
  /** The event history the caller may see after `after` (a cursor; default: the beginning), oldest first. `first` defaults to 50. */
  events: AgentStackEventPage;
  /**
   * Does `agentDid` hold an honoured grant from `ownerDid` that allows `scope` at `at` (default: now)?
   * Only the owner and the agent may ask (FORBIDDEN otherwise).
   */
  hasDelegation: Scalars['Boolean']['output'];
  /** Null when no task has this id, or when the caller may not see it. */
  task?: Maybe<Task>;
  /**
   * Ordered by creation. `first` defaults to 50 (at most 500). Tasks the caller may not see are left
   * out, so a page can be shorter than `first`: page on with `endCursor` while `hasNextPage`.
   */
  tasks: TaskConnection;
};


export type QueryAgentArgs = {
  did: Scalars['ID']['input'];
};


export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AgentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDelegationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDelegationsArgs = {
  filter?: InputMaybe<DelegationFilter>;
};


export type QueryEventsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryHasDelegationArgs = {
  agentDid: Scalars['ID']['input'];
  at?: InputMaybe<Scalars['DateTime']['input']>;
  ownerDid: Scalars['ID']['input'];
  scope: Scalars['String']['input'];
};


export type QueryTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Registers an agent, or updates it when the DID is known: a field left out keeps its stored
 * value, an explicit null clears it.
 */
export type RegisterAgentInput = {
  did: Scalars['ID']['input'];
  inboxUrl?: InputMaybe<Scalars['String']['input']>;
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  name: Scalars['String']['input'];
  /** A user DID: the agent's owner. Registering a new agent takes the agent itself, or the user it names here. */
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  reputationScore?: InputMaybe<Scalars['Float']['input']>;
  sourceApp: Scalars['String']['input'];
  supportedProtocols?: InputMaybe<Array<Scalars['String']['input']>>;
  taskEndpoint?: InputMaybe<Scalars['String']['input']>;
};

export type ReputationEvent = {
  __typename?: 'ReputationEvent';
  id: Scalars['ID']['output'];
};

/**
 * Live streams from the durable event log, in commit order, with no gap and no duplicate, also
 * across reconnects (resume with `after`) and across replicas. A stream whose client falls too far
 * behind ends with one error (`extensions.code` SUBSCRIPTION_OVERFLOW, `extensions.resumeAfter` the
 * cursor of the last event delivered): subscribe again with `after: resumeAfter` to continue.
 * Only events the caller may see are delivered. A connection needs an identified caller (closed
 * with 4401 otherwise); a subscription whose token expires ends with UNAUTHENTICATED.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Every event matching `filter` after `after` (a cursor from an event or `Query.events`), then
   * live. Without `after`, starts when the subscription starts.
   */
  events: AgentStackEvent;
  /**
   * The task as it was right after each change of its status (assign, claim, update, …), for
   * tasks matching every argument given. Without `after`, starts when the subscription starts;
   * `after` (an event cursor, e.g. a `resumeAfter`) replays the status changes after it first.
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
 */
export type SubscriptionEventsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  filter?: InputMaybe<EventFilter>;
};


/**
 * Live streams from the durable event log, in commit order, with no gap and no duplicate, also
 * across reconnects (resume with `after`) and across replicas. A stream whose client falls too far
 * behind ends with one error (`extensions.code` SUBSCRIPTION_OVERFLOW, `extensions.resumeAfter` the
 * cursor of the last event delivered): subscribe again with `after: resumeAfter` to continue.
 * Only events the caller may see are delivered. A connection needs an identified caller (closed
 * with 4401 otherwise); a subscription whose token expires ends with UNAUTHENTICATED.
 */
export type SubscriptionTaskStatusChangedArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
};

/**
 * A unit of work that an owner hands to an agent. Visible to its owner, its assignee, agents with an
 * active grant from the owner allowing `tasks:read`, and, while published and pending, to anyone
 * identified (the marketplace).
 */
export type Task = {
  __typename?: 'Task';
  assignee?: Maybe<Agent>;
  assigneeDid?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  escrow?: Maybe<Escrow>;
  escrowId?: Maybe<Scalars['ID']['output']>;
  gig?: Maybe<Gig>;
  /** uGig gig that advertises this task; `gig` is the same link as an entity reference. */
  gigId?: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  metadata: Scalars['JSON']['output'];
  /** The owner: a User for a user DID, the registered Agent for an agent DID (null if unregistered). */
  owner?: Maybe<Principal>;
  ownerDid: Scalars['ID']['output'];
  paymentIntent?: Maybe<PaymentIntent>;
  /** CoinPay payment intent id; `paymentIntent` is the same link as an entity reference. */
  paymentIntentId?: Maybe<Scalars['ID']['output']>;
  /** Open to claims by any agent while pending (the marketplace). */
  published: Scalars['Boolean']['output'];
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  reputationEvent?: Maybe<ReputationEvent>;
  reputationEventId?: Maybe<Scalars['ID']['output']>;
  sourceApp: Scalars['String']['output'];
  status: TaskStatus;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1 and grows with every change: pass it as `expectedVersion` for optimistic concurrency. */
  version: Scalars['Int']['output'];
};

export type TaskConnection = {
  __typename?: 'TaskConnection';
  edges: Array<TaskEdge>;
  pageInfo: PageInfo;
};

export type TaskEdge = {
  __typename?: 'TaskEdge';
  cursor: Scalars['String']['output'];
  node: Task;
};

export type TaskFilter = {
  assigneeDid?: InputMaybe<Scalars['ID']['input']>;
  ownerDid?: InputMaybe<Scalars['ID']['input']>;
  published?: InputMaybe<Scalars['Boolean']['input']>;
  sourceApp?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<TaskStatus>;
};

/** What `updateTaskStatus` may change besides the status: a field left out keeps, null clears. */
export type TaskPatch = {
  escrowId?: InputMaybe<Scalars['ID']['input']>;
  /** Applied as a JSON Merge Patch (RFC 7386): keys merge, null deletes a key. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  paymentIntentId?: InputMaybe<Scalars['ID']['input']>;
  reputationEventId?: InputMaybe<Scalars['ID']['input']>;
};

export type TaskStatus =
  | 'blocked'
  | 'cancelled'
  | 'complete'
  | 'failed'
  | 'pending'
  | 'queued'
  | 'running';

/** A person, identified by DID. Another subgraph owns users; this one contributes their tasks and grants. */
export type User = {
  __typename?: 'User';
  /** Grants this user gave. */
  delegations: Array<DelegationGrant>;
  did: Scalars['ID']['output'];
  /** Tasks this user owns (the filter's ownerDid is this user). */
  tasks: TaskConnection;
};


/** A person, identified by DID. Another subgraph owns users; this one contributes their tasks and grants. */
export type UserDelegationsArgs = {
  filter?: InputMaybe<DelegationFilter>;
};


/** A person, identified by DID. Another subgraph owns users; this one contributes their tasks and grants. */
export type UserTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AgentConnection: ResolverTypeWrapper<Omit<AgentConnection, 'edges'> & { edges: Array<ResolversTypes['AgentEdge']> }>;
  AgentEdge: ResolverTypeWrapper<Omit<AgentEdge, 'node'> & { node: ResolversTypes['Agent'] }>;
  AgentFilter: AgentFilter;
  AgentStackEvent: ResolverTypeWrapper<EventModel>;
  AgentStackEventPage: ResolverTypeWrapper<EventPageModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CreateTaskInput: CreateTaskInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DelegateInput: DelegateInput;
  DelegationFilter: DelegationFilter;
  DelegationGrant: ResolverTypeWrapper<DelegationGrantModel>;
  Escrow: ResolverTypeWrapper<EntityRefModel>;
  EventFilter: EventFilter;
  EventType: null;
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
  User: ResolverTypeWrapper<UserModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Agent: AgentModel;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  AgentConnection: Omit<AgentConnection, 'edges'> & { edges: Array<ResolversParentTypes['AgentEdge']> };
  AgentEdge: Omit<AgentEdge, 'node'> & { node: ResolversParentTypes['Agent'] };
  AgentFilter: AgentFilter;
  AgentStackEvent: EventModel;
  AgentStackEventPage: EventPageModel;
  Boolean: Scalars['Boolean']['output'];
  CreateTaskInput: CreateTaskInput;
  DateTime: Scalars['DateTime']['output'];
  DelegateInput: DelegateInput;
  DelegationFilter: DelegationFilter;
  DelegationGrant: DelegationGrantModel;
  Escrow: EntityRefModel;
  EventFilter: EventFilter;
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
  User: UserModel;
}>;

export type AgentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent'], FederationReferenceType extends FederationReferenceTypes['Agent'] = FederationReferenceTypes['Agent']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Agent']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  delegations?: Resolver<Array<ResolversTypes['DelegationGrant']>, ParentType, ContextType, Partial<AgentDelegationsArgs>>;
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
  cursor?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  grant?: Resolver<Maybe<ResolversTypes['DelegationGrant']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['EventType'], ParentType, ContextType>;
}>;

export type AgentStackEventPageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgentStackEventPage'] = ResolversParentTypes['AgentStackEventPage']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['AgentStackEvent']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

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

export type EscrowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Escrow'] = ResolversParentTypes['Escrow']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type EventTypeResolvers = { AGENT_REGISTERED: 'agent.registered', DELEGATION_GRANTED: 'delegation.granted', DELEGATION_REVOKED: 'delegation.revoked', TASK_ASSIGNED: 'task.assigned', TASK_CREATED: 'task.created', TASK_UPDATED: 'task.updated' };

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
  delegate?: Resolver<ResolversTypes['DelegationGrant'], ParentType, ContextType, RequireFields<MutationDelegateArgs, 'input'>>;
  publishTask?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationPublishTaskArgs, 'taskId'>>;
  registerAgent?: Resolver<ResolversTypes['Agent'], ParentType, ContextType, RequireFields<MutationRegisterAgentArgs, 'input'>>;
  revokeDelegation?: Resolver<ResolversTypes['DelegationGrant'], ParentType, ContextType, RequireFields<MutationRevokeDelegationArgs, 'id'>>;
  updateTaskStatus?: Resolver<ResolversTypes['Task'], ParentType, ContextType, RequireFields<MutationUpdateTaskStatusArgs, 'status' | 'taskId'>>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PaymentIntentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PaymentIntent'] = ResolversParentTypes['PaymentIntent']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type PrincipalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Principal'] = ResolversParentTypes['Principal']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Agent' | 'User', ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType, RequireFields<QueryAgentArgs, 'did'>>;
  agents?: Resolver<ResolversTypes['AgentConnection'], ParentType, ContextType, Partial<QueryAgentsArgs>>;
  delegation?: Resolver<Maybe<ResolversTypes['DelegationGrant']>, ParentType, ContextType, RequireFields<QueryDelegationArgs, 'id'>>;
  delegations?: Resolver<Array<ResolversTypes['DelegationGrant']>, ParentType, ContextType, Partial<QueryDelegationsArgs>>;
  events?: Resolver<ResolversTypes['AgentStackEventPage'], ParentType, ContextType, Partial<QueryEventsArgs>>;
  hasDelegation?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<QueryHasDelegationArgs, 'agentDid' | 'ownerDid' | 'scope'>>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTaskArgs, 'id'>>;
  tasks?: Resolver<ResolversTypes['TaskConnection'], ParentType, ContextType, Partial<QueryTasksArgs>>;
}>;

export type ReputationEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReputationEvent'] = ResolversParentTypes['ReputationEvent']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  events?: SubscriptionResolver<ResolversTypes['AgentStackEvent'], "events", ParentType, ContextType, Partial<SubscriptionEventsArgs>>;
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
  delegations?: Resolver<Array<ResolversTypes['DelegationGrant']>, ParentType, ContextType, Partial<UserDelegationsArgs>>;
  did?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tasks?: Resolver<ResolversTypes['TaskConnection'], ParentType, ContextType, Partial<UserTasksArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  Agent?: AgentResolvers<ContextType>;
  AgentConnection?: AgentConnectionResolvers<ContextType>;
  AgentEdge?: AgentEdgeResolvers<ContextType>;
  AgentStackEvent?: AgentStackEventResolvers<ContextType>;
  AgentStackEventPage?: AgentStackEventPageResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DelegationGrant?: DelegationGrantResolvers<ContextType>;
  Escrow?: EscrowResolvers<ContextType>;
  EventType?: EventTypeResolvers;
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
}>;

