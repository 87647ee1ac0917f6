import DataLoader from 'dataloader';
import {
  stableStringify,
  type AgentProfile,
  type AgentStack,
  type DelegationFilter,
  type DelegationGrant,
  type DidTask,
  type Page,
  type TaskFilter,
  type TaskPageRequest,
  type TaskRelation,
} from '../core/index.js';

/**
 * Per-request DataLoaders. Entity loaders batch every key asked in one tick into one
 * coordinator batch read (one SQL query on the SQL store), so `_entities` with N
 * representations and list fields like `tasks { assignee }` cost one read per type.
 */
export interface Loaders {
  tasks: DataLoader<string, DidTask | null>;
  agents: DataLoader<string, AgentProfile | null>;
  delegations: DataLoader<string, DelegationGrant | null>;
  /** Top-level task lists: de-duplicates identical requests within the operation. */
  taskPages: DataLoader<TaskPageKey, Page<DidTask>, string>;
  /**
   * Relation lists `Agent.tasks` / `User.tasks`: the parents asked in one tick with the same
   * filter and page share one store read (one SQL query), whatever their number.
   */
  relatedTaskPages: DataLoader<RelatedTaskPageKey, Page<DidTask>, string>;
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

export function createLoaders(coordinator: AgentStack): Loaders {
  return {
    tasks: new DataLoader((ids) => coordinator.getTasks(ids)),
    agents: new DataLoader((dids) => coordinator.getAgents(dids)),
    delegations: new DataLoader((ids) => coordinator.getDelegations(ids)),
    taskPages: new DataLoader(
      (keys: readonly TaskPageKey[]) => settleEach(keys, (key) => coordinator.listTasks(key.filter, key.page)),
      { cacheKeyFn: stableStringify },
    ),
    relatedTaskPages: new DataLoader((keys: readonly RelatedTaskPageKey[]) => loadRelatedTaskPages(coordinator, keys), {
      cacheKeyFn: stableStringify,
    }),
    delegationLists: new DataLoader(
      (filters: readonly DelegationFilter[]) => settleEach(filters, (filter) => coordinator.listDelegations(filter)),
      { cacheKeyFn: stableStringify },
    ),
  };
}

/** Groups the keys that differ only in their parent, and reads each group in one call. */
async function loadRelatedTaskPages(
  coordinator: AgentStack,
  keys: readonly RelatedTaskPageKey[],
): Promise<(Page<DidTask> | Error)[]> {
  const groups = new Map<string, number[]>();
  keys.forEach(({ by, filter, page }, index) => {
    const group = stableStringify({ by, filter, page });
    groups.set(group, [...(groups.get(group) ?? []), index]);
  });
  const results: (Page<DidTask> | Error)[] = new Array(keys.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const { by, filter, page } = keys[indexes[0]!]!;
      try {
        const pages = await coordinator.listTasksFor(by, indexes.map((i) => keys[i]!.key), filter, page);
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
export function rememberTask(loaders: Loaders, task: DidTask): DidTask {
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
