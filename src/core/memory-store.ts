import { eventMatches, type AgentStackEvent, type EventDraft, type EventFilter, type GrantEventDraft } from './events.js';
import { cloneJson } from './json.js';
import { pageOfSorted } from './paging.js';
import type { GrantListFilter, IdempotencyClaim, InsertTaskResult, Store } from './store.js';
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
 * The Store port in memory: for tests, browsers and Workers. Every write completes
 * synchronously inside its promise, so no other write can interleave with its check.
 */
export class MemoryStore implements Store {
  private readonly agents = new Map<string, AgentProfile>();
  private readonly tasks = new Map<string, Task>();
  private readonly grants = new Map<string, DelegationGrant>();
  private readonly idempotency = new Map<string, { taskId: string; fingerprint: string }>();
  private readonly events: AgentStackEvent[] = [];

  async getAgents(dids: readonly string[]): Promise<(AgentProfile | null)[]> {
    return dids.map((did) => copyOrNull(this.agents.get(did)));
  }

  async listAgents(filter: AgentFilter, page: AgentPageQuery): Promise<StorePage<AgentProfile>> {
    const matching = [...this.agents.values()]
      .filter(
        (agent) =>
          (filter.sourceApp == null || agent.sourceApp === filter.sourceApp) &&
          (filter.supportedProtocol == null || agent.supportedProtocols.includes(filter.supportedProtocol)),
      )
      .sort((a, b) => compare(a.did, b.did));
    return copies(pageOfSorted(matching, page, (agent, did) => compare(agent.did, did)));
  }

  async saveAgent(
    agent: AgentProfile,
    expectedVersion: number,
    draft: EventDraft & { type: 'agent.registered' },
  ): Promise<AgentStackEvent | null> {
    if ((this.agents.get(agent.did)?.version ?? 0) !== expectedVersion) return null;
    this.agents.set(agent.did, cloneJson(agent));
    return this.append(draft);
  }

  async getTasks(ids: readonly string[]): Promise<(Task | null)[]> {
    return ids.map((id) => copyOrNull(this.tasks.get(id)));
  }

  /** Only the fields asked, as the SQL store answers: a caller that needs another one finds it missing in tests too. */
  async getTaskFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[]): Promise<(Pick<Task, K> | null)[]> {
    return (await this.getTasks(ids)).map((task) => {
      if (task === null) return null;
      const picked: Partial<Pick<Task, K>> = {};
      for (const field of fields) picked[field] = task[field];
      return picked as Pick<Task, K>;
    });
  }

  async listTasks(filter: TaskFilter, page: TaskPageQuery): Promise<StorePage<Task>> {
    const matching = [...this.tasks.values()]
      .filter((task) => taskMatches(task, filter))
      .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
    return copies(pageOfSorted(matching, page, (task, key) => compare(task.createdAt, key.createdAt) || compare(task.id, key.id)));
  }

  async listTaskPages(
    by: TaskRelation,
    keys: readonly string[],
    filter: TaskFilter,
    page: TaskPageQuery,
  ): Promise<StorePage<Task>[]> {
    return Promise.all(keys.map((key) => this.listTasks({ ...filter, [by]: key }, page)));
  }

  async insertTask(
    task: Task,
    draft: EventDraft & { type: 'task.created' },
    claim: IdempotencyClaim | null,
  ): Promise<InsertTaskResult> {
    const claimKey = claim ? `${task.ownerDid}\u0000${claim.key}` : null;
    const claimed = claimKey ? this.idempotency.get(claimKey) : undefined;
    if (claimed) {
      return { created: false, existing: cloneJson(this.tasks.get(claimed.taskId)!), fingerprint: claimed.fingerprint };
    }
    if (this.tasks.has(task.id)) throw new Error(`Duplicate task id ${task.id}`);
    this.tasks.set(task.id, cloneJson(task));
    if (claimKey && claim) this.idempotency.set(claimKey, { taskId: task.id, fingerprint: claim.fingerprint });
    return { created: true, event: this.append(draft) };
  }

  async updateTask(
    task: Task,
    expectedVersion: number,
    draft: EventDraft & { type: 'task.assigned' | 'task.updated' },
  ): Promise<AgentStackEvent | null> {
    const current = this.tasks.get(task.id);
    if (!current || current.version !== expectedVersion) return null;
    this.tasks.set(task.id, cloneJson(task));
    return this.append(draft);
  }

  async getGrants(ids: readonly string[]): Promise<(DelegationGrant | null)[]> {
    return ids.map((id) => copyOrNull(this.grants.get(id)));
  }

  async listGrants(filter: GrantListFilter): Promise<DelegationGrant[]> {
    return [...this.grants.values()]
      .filter(
        (grant) =>
          (filter.ownerDid == null || grant.ownerDid === filter.ownerDid) &&
          (filter.agentDid == null || grant.agentDid === filter.agentDid),
      )
      .sort(byCreation)
      .map((grant) => cloneJson(grant));
  }

  async listGrantsFor(by: GrantRelation, keys: readonly string[], filter: GrantListFilter): Promise<DelegationGrant[][]> {
    return Promise.all(keys.map((key) => this.listGrants({ ...filter, [by]: key })));
  }

  async insertGrant(
    grant: DelegationGrant,
    draft: EventDraft & { type: 'delegation.granted' },
  ): Promise<AgentStackEvent> {
    if (this.grants.has(grant.id)) throw new Error(`Duplicate grant id ${grant.id}`);
    this.grants.set(grant.id, cloneJson(grant));
    return this.append(draft);
  }

  async listGrantTree(id: string): Promise<DelegationGrant[]> {
    const root = this.grants.get(id);
    if (!root) return [];
    const tree = [root];
    for (let i = 0; i < tree.length; i++) {
      const parentId = tree[i]!.id;
      tree.push(...[...this.grants.values()].filter((grant) => grant.parentGrantId === parentId).sort(byCreation));
    }
    return tree.map((grant) => cloneJson(grant));
  }

  async revokeGrants(revocations: readonly { grant: DelegationGrant; event: GrantEventDraft }[]): Promise<AgentStackEvent[] | null> {
    const [first] = revocations;
    if (!first || this.grants.get(first.grant.id)?.revokedAt !== null) return null;
    const events: AgentStackEvent[] = [];
    for (const { grant, event } of revocations) {
      const current = this.grants.get(grant.id);
      if (!current || current.revokedAt !== null) continue;
      this.grants.set(grant.id, cloneJson(grant));
      events.push(this.append(event));
    }
    return events;
  }

  async readEvents(after: number, limit: number, filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    const result: AgentStackEvent[] = [];
    // Sequences are 1..n at indexes 0..n-1, so start right after `after`.
    for (let i = Math.max(0, after); i < this.events.length && result.length < limit; i++) {
      const event = this.events[i]!;
      if (eventMatches(event, filter)) result.push(cloneJson(event));
    }
    return result;
  }

  async readEventPage(filter: EventFilter | null, page: PageQuery<number>): Promise<StorePage<AgentStackEvent>> {
    const matching = this.events.filter((event) => eventMatches(event, filter));
    return copies(pageOfSorted(matching, page, (event, sequence) => event.sequence - sequence));
  }

  async lastEventSequence(): Promise<number> {
    return this.events.length;
  }

  private append(draft: EventDraft): AgentStackEvent {
    const event = cloneJson({ ...draft, sequence: this.events.length + 1 }) as AgentStackEvent;
    this.events.push(event);
    return cloneJson(event);
  }
}

function taskMatches(task: Task, filter: TaskFilter): boolean {
  return (
    (filter.ownerDid == null || task.ownerDid === filter.ownerDid) &&
    (filter.assigneeDid == null || task.assigneeDid === filter.assigneeDid) &&
    (filter.status == null || task.status === filter.status) &&
    (filter.sourceApp == null || task.sourceApp === filter.sourceApp) &&
    (filter.published == null || task.published === filter.published)
  );
}

function copyOrNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : cloneJson(value);
}

function byCreation(a: DelegationGrant, b: DelegationGrant): number {
  return compare(a.createdAt, b.createdAt) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads return copies: a caller changing what it got must not change the store. */
function copies<T>(page: StorePage<T>): StorePage<T> {
  return { items: page.items.map((item) => cloneJson(item)), more: page.more };
}
