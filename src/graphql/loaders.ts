import DataLoader from 'dataloader';
import {
  stableStringify,
  type AgentProfile,
  type AgentStack,
  type DelegationFilter,
  type DelegationGrant,
  type Task,
  type Page,
  type TaskFilter,
  type TaskPageRequest,
  type TaskRelation,
} from '../core/index.js';

/**
 * Per-request DataLoaders. Entity loaders batch every key asked in one tick into one
 * AgentStack batch read (one SQL query on the SQL store), so `_entities` with N
 * representations and list fields like `tasks { assignee }` cost one read per type.
 */
export interface Loaders {
  tasks: DataLoader<string, Task | null>;
  agents: DataLoader<string, AgentProfile | null>;
  delegations: DataLoader<string, DelegationGrant | null>;
  /** Top-level task lists: de-duplicates identical requests within the operation. */
  taskPages: DataLoader<TaskPageKey, Page<Task>, string>;
  /**
   * Relation lists `Agent.tasks` / `User.tasks`: the parents asked in one tick with the same
   * filter and page share one store read (one SQL query), whatever their number.
   */
  relatedTaskPages: DataLoader<RelatedTaskPageKey, Page<Task>, string>;
  /** Grant lists by owner or agent: de-duplicated (grants per parent are few). */
  delegationLists: DataLoader<DelegationFilter, DelegationGrant[], string>;
}

export interface TaskPageKey {
  filter: TaskFilter;
  page: TaskPageRequest;
}

export interface RelatedTaskPageKey extends TaskPageKey {
  by: TaskRelation;
  key: string;
}

export function createLoaders(agentStack: AgentStack): Loaders {
  return {
    tasks: new DataLoader((ids) => agentStack.getTasks(ids)),
    agents: new DataLoader((dids) => agentStack.getAgents(dids)),
    delegations: new DataLoader((ids) => agentStack.getDelegations(ids)),
    taskPages: new DataLoader(
      (keys: readonly TaskPageKey[]) => settleEach(keys, (key) => agentStack.listTasks(key.filter, key.page)),
      { cacheKeyFn: stableStringify },
    ),
    relatedTaskPages: new DataLoader((keys: readonly RelatedTaskPageKey[]) => loadRelatedTaskPages(agentStack, keys), {
      cacheKeyFn: stableStringify,
    }),
    delegationLists: new DataLoader(
      (filters: readonly DelegationFilter[]) => settleEach(filters, (filter) => agentStack.listDelegations(filter)),
      { cacheKeyFn: stableStringify },
    ),
  };
}

/** Groups the keys that differ only in their parent, and reads each group in one call. */
async function loadRelatedTaskPages(
  agentStack: AgentStack,
  keys: readonly RelatedTaskPageKey[],
): Promise<(Page<Task> | Error)[]> {
  const groups = new Map<string, number[]>();
  keys.forEach(({ by, filter, page }, index) => {
    const group = stableStringify({ by, filter, page });
    groups.set(group, [...(groups.get(group) ?? []), index]);
  });
  const results: (Page<Task> | Error)[] = new Array(keys.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const { by, filter, page } = keys[indexes[0]!]!;
      try {
        const pages = await agentStack.listTasksFor(by, indexes.map((i) => keys[i]!.key), filter, page);
        indexes.forEach((i, n) => (results[i] = pages[n]!));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const i of indexes) results[i] = failure;
      }
    }),
  );
  return results;
}

/** Runs one call per key; a failing key fails only its own load (DataLoader accepts Error entries). */
function settleEach<K, V>(keys: readonly K[], call: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(
    keys.map((key) => call(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))),
  );
}

/** After a write, the loaders must answer the written state for the rest of the operation. */
export function rememberTask(loaders: Loaders, task: Task): Task {
  loaders.tasks.clear(task.id).prime(task.id, task);
  loaders.taskPages.clearAll();
  loaders.relatedTaskPages.clearAll();
  return task;
}

export function rememberAgent(loaders: Loaders, agent: AgentProfile): AgentProfile {
  loaders.agents.clear(agent.did).prime(agent.did, agent);
  return agent;
}

export function rememberDelegation(loaders: Loaders, grant: DelegationGrant): DelegationGrant {
  loaders.delegations.clear(grant.id).prime(grant.id, grant);
  loaders.delegationLists.clearAll();
  return grant;
}
