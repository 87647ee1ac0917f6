import type { AgentEventDraft, AgentStackEvent, EventFilter, GrantEventDraft, TaskEventDraft } from './events.js';
import type {
  AgentFilter,
  AgentPageQuery,
  AgentProfile,
  DelegationGrant,
  GrantRelation,
  PageQuery,
  StorePage,
  Task,
  TaskFilter,
  TaskPageQuery,
  TaskRelation,
} from './types.js';

/**
 * The most events one write may make (a revocation tree is one write). The PostgreSQL store
 * numbers a write's events within its transaction (src/store/event-log.ts).
 */
export const MAX_EVENTS_PER_WRITE = 1024;

/**
 * The storage port: what AgentStack needs from a database, and nothing of how.
 *
 * Contract every implementation keeps (the shared contract suite checks it):
 *  - Each write stores the new state **and** appends its event atomically: both or neither.
 *  - Event sequences strictly increase in the order readers see them: once a reader has seen
 *    sequence N, no event with a smaller sequence can appear later. They need not be consecutive.
 *  - One write makes at most MAX_EVENTS_PER_WRITE events.
 *  - Conditional writes are single atomic steps: `saveAgent` and `updateTask` succeed only while
 *    the stored version equals `expectedVersion` (0: no row yet); `revokeGrants` revokes only
 *    grants not revoked yet. A lost condition returns null and writes nothing.
 *  - Reads return copies; batch reads answer in the order of the keys asked (null if unknown).
 *  - Rules (lifecycle, validation, policy) are not the store's business: it stores what it is given.
 */
export interface Store {
  getAgents(dids: readonly string[]): Promise<(AgentProfile | null)[]>;
  /** Ordered by DID (byte order); the page's window and size as paging.ts describes. */
  listAgents(filter: AgentFilter, page: AgentPageQuery): Promise<StorePage<AgentProfile>>;
  /** Inserts (expectedVersion 0) or replaces the profile if its stored version is still `expectedVersion`; null otherwise. */
  saveAgent(agent: AgentProfile, expectedVersion: number, event: AgentEventDraft): Promise<AgentStackEvent | null>;

  getTasks(ids: readonly string[]): Promise<(Task | null)[]>;
  /** getTasks reading only the given fields (each answer has those, and may have more). */
  getTaskFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[]): Promise<(Pick<Task, K> | null)[]>;
  /** Ordered by (createdAt, id); the page's window and size as paging.ts describes. */
  listTasks(filter: TaskFilter, page: TaskPageQuery): Promise<StorePage<Task>>;
  /**
   * One page of tasks per owner (or assignee) in a single read, answered in key order: what
   * `Agent.tasks` / `User.tasks` need for a list of parents. `filter` must not set `by`'s
   * field; ordering and keyset are listTasks'.
   */
  listTaskPages(by: TaskRelation, keys: readonly string[], filter: TaskFilter, page: TaskPageQuery): Promise<StorePage<Task>[]>;
  /**
   * Inserts a task. With an idempotency key that the owner already used, inserts nothing and
   * answers the existing task and the fingerprint it was created with.
   */
  insertTask(task: Task, event: TaskEventDraft, idempotency: IdempotencyClaim | null): Promise<InsertTaskResult>;
  /** Replaces the task if its stored version is still `expectedVersion`; null otherwise. */
  updateTask(task: Task, expectedVersion: number, event: TaskEventDraft): Promise<AgentStackEvent | null>;

  getGrants(ids: readonly string[]): Promise<(DelegationGrant | null)[]>;
  /** Grants by owner and/or agent, oldest first. Scope and time filters are the core's. */
  listGrants(filter: GrantListFilter): Promise<DelegationGrant[]>;
  /**
   * Each key's grants (grants whose `by` field is the key, and that match `filter`), oldest first,
   * in one read, answered in key order: what `Agent.delegations` / `User.delegations` need.
   */
  listGrantsFor(by: GrantRelation, keys: readonly string[], filter: GrantListFilter): Promise<DelegationGrant[][]>;
  insertGrant(grant: DelegationGrant, event: GrantEventDraft): Promise<AgentStackEvent>;
  /** The grant and every grant delegated from it, transitively (parents before children); [] if unknown. */
  listGrantTree(id: string): Promise<DelegationGrant[]>;
  /**
   * Stores each grant (with its revokedAt) and its event, atomically, for the grants not
   * revoked yet. The first is required: when it is already revoked, nothing is written and the
   * answer is null; the others are skipped if someone revoked them meanwhile.
   */
  revokeGrants(revocations: readonly { grant: DelegationGrant; event: GrantEventDraft }[]): Promise<AgentStackEvent[] | null>;

  /** Committed events with sequence > `after`, ascending, at most `limit`, matching `filter` (the live feed's read). */
  readEvents(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]>;
  /** A page of the committed events matching `filter`, keyed by sequence (paging.ts): the history's read. */
  readEventPage(filter: EventFilter | null, page: PageQuery<number>): Promise<StorePage<AgentStackEvent>>;
  /** The newest committed sequence, 0 when the log is empty. */
  lastEventSequence(): Promise<number>;
}

export interface GrantListFilter {
  ownerDid?: string | null;
  agentDid?: string | null;
}

export interface IdempotencyClaim {
  key: string;
  /** A stable digest of the create input, to tell a retry from a different request. */
  fingerprint: string;
}

export type InsertTaskResult =
  | { created: true; event: AgentStackEvent }
  | { created: false; existing: Task; fingerprint: string };
