import { pageFlags } from './paging.js';
import type { Agents } from './agents.js';
import { BadUserInputError, ConflictError, NotFoundError } from './errors.js';
import type { TaskEventDraft } from './events.js';
import { parseCreateTaskInput, parseTaskFilter, parseTaskPage, parseTaskPatch } from './inputs.js';
import { mergePatch, stableStringify } from './json.js';
import { assigned, claimed, initialStatus, published, transitioned } from './lifecycle.js';
import type { Action, Resource } from './policy.js';
import { callerOf, Judge, type Runtime } from './runtime.js';
import { recentKey } from './recent-states.js';
import { newTask } from './task.js';
import type {
  CallOptions,
  CreateTaskInput,
  KeysetPage,
  StorePage,
  TaskPageQuery,
  Task,
  TaskKeyset,
  TaskFilter,
  TaskPageRequest,
  TaskPatch,
  TaskRelation,
  TaskStatus,
} from './types.js';
import { optionalText, optionalVersion, requireDid, requireId, requireStatus } from './validation.js';
import { writeVersioned } from './versioned-write.js';

/** Tasks: created by their owner, moved through the lifecycle (lifecycle.ts), published and claimed. */
export class Tasks {
  constructor(
    private readonly runtime: Runtime,
    private readonly agents: Agents,
  ) {}

  /**
   * Creates a task (queued at once when it names an assignee). With an `idempotencyKey` already
   * used by the owner, answers the task created then and writes nothing; the same key with a
   * different input is CONFLICT.
   */
  async create(input: CreateTaskInput, options: CallOptions): Promise<Task> {
    const { idempotencyKey, ...fields } = parseCreateTaskInput(input);
    const judge = new Judge(this.runtime, callerOf(options));
    const at = this.runtime.timestamp();
    const task = newTask({ ...fields, id: this.runtime.newId('task'), status: initialStatus(fields.assigneeDid), createdAt: at });
    await judge.authorize('task.create', { kind: 'task', current: null, next: task });
    if (fields.assigneeDid) await this.agents.requireExists(fields.assigneeDid);
    // The fields that define the request: a retry must repeat them exactly (only a keyed call can be retried).
    const idempotency = idempotencyKey ? { key: idempotencyKey, fingerprint: stableStringify(fields) } : null;
    const result = await this.runtime.store.insertTask(
      task,
      { type: 'task.created', occurredAt: at, actorDid: judge.caller.did, actorApp: judge.caller.app ?? null, task, previousStatus: null },
      idempotency,
    );
    if (!result.created) {
      if (result.fingerprint !== idempotency?.fingerprint) {
        throw new ConflictError(
          `Idempotency key ${JSON.stringify(idempotencyKey)} was already used by ${fields.ownerDid} for a different task`,
        );
      }
      // A retry answers what the first call created, if the caller may see it.
      if (!(await judge.allows('task.read', taskResource(result.existing)))) {
        throw new ConflictError(`Idempotency key ${JSON.stringify(idempotencyKey)} was already used by ${fields.ownerDid}`);
      }
      return result.existing;
    }
    this.runtime.emit(result.event);
    this.runtime.recent.remember(recentKey.task(task.id), task);
    return task;
  }

  /** Batch lookup: answers in the order asked, null for unknown ids (and for what the caller may not see). */
  async get(ids: readonly string[], options: CallOptions): Promise<(Task | null)[]> {
    const judge = new Judge(this.runtime, callerOf(options));
    for (const id of ids) requireId('id', id);
    return judge.visibleOrNull('task.read', await this.runtime.store.getTasks(ids), taskResource);
  }

  /**
   * `get` for callers that use some fields only (`_entities`): reads those, the id and what the
   * policy's task.read looks at (`Policy.taskReadFields`), or whole tasks when the policy does
   * not say. Every task is still judged.
   */
  async getFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[], options: CallOptions): Promise<(Pick<Task, K | 'id'> | null)[]> {
    const policyFields = this.runtime.policy.taskReadFields;
    if (!policyFields) return this.get(ids, options);
    const judge = new Judge(this.runtime, callerOf(options));
    for (const id of ids) requireId('id', id);
    const read = [...new Set<keyof Task>(['id', ...fields, ...policyFields])];
    // The policy looks at policyFields only (its promise), all of which were read.
    const tasks = (await this.runtime.store.getTaskFields(ids, read)) as (Task | null)[];
    return judge.visibleOrNull('task.read', tasks, taskResource);
  }

  /** A page of the tasks that match and that the caller may see (see KeysetPage: it may be short). */
  async list(filter: TaskFilter, page: TaskPageRequest, options: CallOptions): Promise<KeysetPage<Task, TaskKeyset>> {
    const judge = new Judge(this.runtime, callerOf(options));
    const query = parseTaskPage(page);
    const result = await this.runtime.store.listTasks(parseTaskFilter(filter), query);
    return visiblePage(judge, query, result);
  }

  /**
   * The same page of tasks for each of several owners (or assignees), in one store read, in key
   * order: the batch behind `User.tasks` / `Agent.tasks`. The relation wins over a conflicting
   * filter value: these are each key's own tasks.
   */
  async listFor(
    by: TaskRelation,
    keys: readonly string[],
    filter: TaskFilter,
    page: TaskPageRequest,
    options: CallOptions,
  ): Promise<KeysetPage<Task, TaskKeyset>[]> {
    if (by !== 'ownerDid' && by !== 'assigneeDid') throw new BadUserInputError(`Cannot list tasks by ${String(by)}`);
    for (const key of keys) requireDid(by, key, by === 'assigneeDid' ? 'agent' : undefined);
    const checkedFilter = { ...parseTaskFilter({ ...filter, [by]: null }) };
    const checkedPage = parseTaskPage(page);
    if (keys.length === 0) return [];
    const judge = new Judge(this.runtime, callerOf(options));
    const pages = await this.runtime.store.listTaskPages(by, keys, checkedFilter, checkedPage);
    return Promise.all(pages.map((result) => visiblePage(judge, checkedPage, result)));
  }

  /** Assigns the task to a registered agent: it becomes `queued` for that agent. */
  async assign(taskId: string, agentDid: string, options: CallOptions): Promise<Task> {
    const did = requireDid('agentDid', agentDid, 'agent');
    return this.change(taskId, options, 'task.assign', 'task.assigned', {
      asks: (task) => ({ ...task, assigneeDid: did, status: 'queued' }),
      derive: async (task) => {
        await this.agents.requireExists(did);
        return assigned(task, did);
      },
    });
  }

  /** Moves the task through the lifecycle; the same status patches links and metadata. */
  async updateStatus(taskId: string, status: TaskStatus, patch: TaskPatch, options: CallOptions): Promise<Task> {
    const to = requireStatus(status);
    const changes = parseTaskPatch(patch);
    return this.change(taskId, options, 'task.update', 'task.updated', {
      asks: (task) => applyPatch({ ...task, status: to }, changes),
      derive: async (task) => applyPatch(transitioned(task, to), changes),
    });
  }

  /** Opens a pending task to claims by any agent, optionally linking the uGig gig that advertises it. */
  async publish(taskId: string, gigId: string | null | undefined, options: CallOptions): Promise<Task> {
    const gig = optionalText('gigId', gigId);
    return this.change(taskId, options, 'task.publish', 'task.updated', {
      asks: (task) => ({ ...task, published: true, gigId: gig === undefined ? task.gigId : gig }),
      derive: async (task, at) => published(task, gig, at),
    });
  }

  /** A registered agent takes a published pending task: it becomes `queued` for that agent. */
  async claim(taskId: string, agentDid: string, options: CallOptions): Promise<Task> {
    const did = requireDid('agentDid', agentDid, 'agent');
    return this.change(taskId, options, 'task.claim', 'task.assigned', {
      asks: (task) => ({ ...task, assigneeDid: did, status: 'queued' }),
      derive: async (task) => {
        await this.agents.requireExists(did);
        return claimed(task, did);
      },
    });
  }

  /**
   * Every change of an existing task, on the fresh state: first the policy judges what the caller
   * `asks` for (so a caller who may not act learns nothing more than FORBIDDEN), then `derive`
   * applies the rules (CONFLICT for an illegal change; null: already so), and the write is
   * conditional on the version read.
   */
  private async change(
    taskId: string,
    options: CallOptions,
    action: Action,
    type: TaskEventDraft['type'],
    change: { asks: (task: Task) => Task; derive: (task: Task, at: string) => Promise<Task | null> },
  ): Promise<Task> {
    const id = requireId('taskId', taskId);
    const expectedVersion = optionalVersion(options.expectedVersion);
    const judge = new Judge(this.runtime, callerOf(options));
    const { store } = this.runtime;
    return writeVersioned<Task>(this.runtime, {
      label: `Task ${id}`,
      key: recentKey.task(id),
      expectedVersion,
      read: async () => {
        const [task] = await store.getTasks([id]);
        if (!task) throw new NotFoundError(`Unknown task: ${id}`);
        return task;
      },
      derive: async (current, at) => {
        await judge.authorize(action, { kind: 'task', current, next: change.asks(current!) });
        return change.derive(current!, at);
      },
      commit: (next, current, at) =>
        store.updateTask(next, current!.version, {
          type,
          occurredAt: at,
          actorDid: judge.caller.did,
          actorApp: judge.caller.app ?? null,
          task: next,
          previousStatus: current!.status,
        }),
    });
  }

}

/** The visible part of a page read from the store; `start` and `end` are where the neighbouring pages start either way. */
async function visiblePage(judge: Judge, query: TaskPageQuery, page: StorePage<Task>): Promise<KeysetPage<Task, TaskKeyset>> {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return {
    items: await judge.visibleOnly('task.read', page.items, taskResource),
    ...pageFlags(query, page.more),
    start: first ? { createdAt: first.createdAt, id: first.id } : null,
    end: last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}

function taskResource(task: Task): Resource {
  return { kind: 'task', current: task };
}

/** Links: `undefined` keeps, `null` clears. Metadata: a JSON Merge Patch (null replaces it with `{}`). */
function applyPatch(task: Task, patch: TaskPatch): Task {
  return {
    ...task,
    paymentIntentId: patch.paymentIntentId === undefined ? task.paymentIntentId : patch.paymentIntentId,
    escrowId: patch.escrowId === undefined ? task.escrowId : patch.escrowId,
    reputationEventId: patch.reputationEventId === undefined ? task.reputationEventId : patch.reputationEventId,
    metadata:
      patch.metadata === undefined ? task.metadata : patch.metadata === null ? {} : mergePatch(task.metadata, patch.metadata),
  };
}
