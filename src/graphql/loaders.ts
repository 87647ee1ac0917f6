import DataLoader from 'dataloader';
import { stableStringify } from '../core/json.js';
import type {
  AgentProfile,
  AgentStack,
  CallOptions,
  Caller,
  DelegationFilter,
  DelegationGrant,
  GrantPageRequest,
  GrantRelation,
  KeysetPage,
  Page,
  Task,
  TaskFilter,
  TaskKeyset,
  TaskPageRequest,
  TaskRelation,
} from '../core/index.js';

/**
 * Per-operation DataLoaders, bound to one caller. Entity loaders batch every key asked in one
 * tick into one AgentStack batch read (one SQL query on the SQL store), so `_entities` with N
 * representations and list fields like `tasks { assignee }` cost one read per type; relation
 * lists (`Agent.tasks`, `User.delegations`, …) cost one read for all their parents.
 */
export interface Loaders {
  tasks: DataLoader<string, Task | null>;
  /**
   * Tasks read through some fields only (`_entities`, task-fields.ts): one read per field list
   * for all ids asked in the tick. Apart from `tasks`, so a whole task is never answered from a
   * partial read.
   */
  taskFields: DataLoader<TaskFieldsKey, Partial<Task> | null, string>;
  agents: DataLoader<string, AgentProfile | null>;
  delegations: DataLoader<string, DelegationGrant | null>;
  /** Top-level task lists: de-duplicates identical requests within the operation. */
  taskPages: DataLoader<TaskPageKey, KeysetPage<Task, TaskKeyset>, string>;
  /**
   * Relation lists `Agent.tasks` / `User.tasks`: the parents asked in one tick with the same
   * filter and page share one store read (one SQL query), whatever their number.
   */
  relatedTaskPages: DataLoader<RelatedKey<TaskRelation, TaskPageKey>, KeysetPage<Task, TaskKeyset>, string>;
  /** Top-level grant pages: de-duplicated. */
  delegationPages: DataLoader<GrantPageKey, Page<DelegationGrant>, string>;
  /** Relation pages `Agent.delegations` / `User.delegations`: one store read for all parents with the same filter and page. */
  relatedDelegationPages: DataLoader<RelatedKey<GrantRelation, GrantPageKey>, Page<DelegationGrant>, string>;
}

export interface TaskFieldsKey {
  id: string;
  /** Sorted, as taskFieldsOf answers them. */
  fields: readonly (keyof Task)[];
}

export interface GrantPageKey {
  filter: DelegationFilter;
  page: GrantPageRequest;
}

export interface TaskPageKey {
  filter: TaskFilter;
  page: TaskPageRequest;
}

/** A relation list's key: the parent (`by` = `key`) and what is asked of its list. */
export type RelatedKey<Relation extends string, Request> = Request & { by: Relation; key: string };

export function createLoaders(agentStack: AgentStack, caller: Caller): Loaders {
  return new CallerLoaders(agentStack, { actorDid: caller.did });
}

/**
 * Each loader made on first use: a request asks one or two of the eight (`task(id)` only
 * `tasks`), and making all of them, their caches and their batch functions for every request was
 * ~4 KB of garbage per call. Methods and getters, not closures made per request.
 */
class CallerLoaders implements Loaders {
  readonly #made: Partial<Loaders> = {};

  constructor(
    private readonly agentStack: AgentStack,
    private readonly as: CallOptions,
  ) {}

  /** The loader when it was made, else undefined (it has cached nothing). */
  made<Name extends keyof Loaders>(name: Name): Loaders[Name] | undefined {
    return this.#made[name];
  }

  get tasks(): Loaders['tasks'] {
    return (this.#made.tasks ??= new DataLoader((ids) => this.agentStack.getTasks(ids, this.as)));
  }

  get taskFields(): Loaders['taskFields'] {
    return (this.#made.taskFields ??= new DataLoader(
      (keys: readonly TaskFieldsKey[]) => byFieldList(keys, (ids, fields) => this.agentStack.getTaskFields(ids, fields, this.as)),
      { cacheKeyFn: ({ id, fields }) => `${listOf(fields)} ${id}` },
    ));
  }

  get agents(): Loaders['agents'] {
    return (this.#made.agents ??= new DataLoader((dids) => this.agentStack.getAgents(dids, this.as)));
  }

  get delegations(): Loaders['delegations'] {
    return (this.#made.delegations ??= new DataLoader((ids) => this.agentStack.getDelegations(ids, this.as)));
  }

  get taskPages(): Loaders['taskPages'] {
    return (this.#made.taskPages ??= new DataLoader(
      (keys: readonly TaskPageKey[]) => settleEach(keys, (key) => this.agentStack.listTasks(key.filter, key.page, this.as)),
      { cacheKeyFn: stableStringify },
    ));
  }

  get relatedTaskPages(): Loaders['relatedTaskPages'] {
    return (this.#made.relatedTaskPages ??= new DataLoader(
      (keys: readonly RelatedKey<TaskRelation, TaskPageKey>[]) =>
        byRelation(keys, ({ by, filter, page }, parents) => this.agentStack.listTasksFor(by, parents, filter, page, this.as)),
      { cacheKeyFn: stableStringify },
    ));
  }

  get delegationPages(): Loaders['delegationPages'] {
    return (this.#made.delegationPages ??= new DataLoader(
      (keys: readonly GrantPageKey[]) => settleEach(keys, (key) => this.agentStack.listDelegations(key.filter, key.page, this.as)),
      { cacheKeyFn: stableStringify },
    ));
  }

  get relatedDelegationPages(): Loaders['relatedDelegationPages'] {
    return (this.#made.relatedDelegationPages ??= new DataLoader(
      (keys: readonly RelatedKey<GrantRelation, GrantPageKey>[]) =>
        byRelation(keys, ({ by, filter, page }, parents) => this.agentStack.listDelegationsFor(by, parents, filter, page, this.as)),
      { cacheKeyFn: stableStringify },
    ));
  }
}

/** A loader's cache to clear: none when it was never made (it holds nothing). */
function madeLoader<Name extends keyof Loaders>(loaders: Loaders, name: Name): Loaders[Name] | undefined {
  return loaders instanceof CallerLoaders ? loaders.made(name) : loaders[name];
}

/**
 * Groups the keys that differ only in their parent and reads each group with one call, which
 * answers one result per parent, in order. A failing group fails only its own keys.
 */
async function byRelation<Relation extends string, Request extends object, Result>(
  keys: readonly RelatedKey<Relation, Request>[],
  read: (request: Omit<RelatedKey<Relation, Request>, 'key'>, parents: string[]) => Promise<Result[]>,
): Promise<(Result | Error)[]> {
  const groups = new Map<string, number[]>();
  keys.forEach(({ key: _parent, ...request }, index) => {
    const group = stableStringify(request);
    groups.set(group, [...(groups.get(group) ?? []), index]);
  });
  const results: (Result | Error)[] = new Array(keys.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const { key: _first, ...request } = keys[indexes[0]!]!;
      try {
        const answers = await read(request, indexes.map((i) => keys[i]!.key));
        indexes.forEach((i, n) => (results[i] = answers[n]!));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const i of indexes) results[i] = failure;
      }
    }),
  );
  return results;
}

/** A field list as text, made once per list (taskFieldsOf answers one list per selection: `_entities` asks it per representation). */
const lists = new WeakMap<readonly string[], string>();
function listOf(fields: readonly string[]): string {
  let list = lists.get(fields);
  if (list === undefined) lists.set(fields, (list = fields.join(',')));
  return list;
}

/** One read per field list for all its ids (an `_entities` request: one list); a failing read fails only its own keys. */
async function byFieldList<Value>(
  keys: readonly TaskFieldsKey[],
  read: (ids: string[], fields: readonly (keyof Task)[]) => Promise<Value[]>,
): Promise<(Value | Error)[]> {
  const groups = new Map<string, number[]>();
  keys.forEach(({ fields }, index) => {
    const group = groups.get(listOf(fields));
    if (group) group.push(index);
    else groups.set(listOf(fields), [index]);
  });
  const results: (Value | Error)[] = new Array(keys.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      try {
        const answers = await read(indexes.map((i) => keys[i]!.id), keys[indexes[0]!]!.fields);
        indexes.forEach((i, n) => (results[i] = answers[n]!));
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
  madeLoader(loaders, 'taskFields')?.clearAll();
  madeLoader(loaders, 'taskPages')?.clearAll();
  madeLoader(loaders, 'relatedTaskPages')?.clearAll();
  return task;
}

export function rememberAgent(loaders: Loaders, agent: AgentProfile): AgentProfile {
  loaders.agents.clear(agent.did).prime(agent.did, agent);
  return agent;
}

export function rememberDelegation(loaders: Loaders, grant: DelegationGrant): DelegationGrant {
  loaders.delegations.clear(grant.id).prime(grant.id, grant);
  madeLoader(loaders, 'delegationPages')?.clearAll();
  madeLoader(loaders, 'relatedDelegationPages')?.clearAll();
  return grant;
}
