import type { Agents } from './agents.js';
import { BadUserInputError, ConflictError, NotFoundError } from './errors.js';
import type { TaskEventDraft } from './events.js';
import { parseCreateTaskInput, parseTaskFilter, parseTaskPage, parseTaskPatch } from './inputs.js';
import { mergePatch, stableStringify } from './json.js';
import { assigned, claimed, initialStatus, published, transitioned } from './lifecycle.js';
import type { Action } from './policy.js';
import { authorize, callerOf, visibleOnly, visibleOrNull, type Runtime } from './runtime.js';
import type { Caller } from './policy.js';
import { newTask } from './task.js';
import type {
  CallOptions,
  CreateTaskInput,
  Page,
  Task,
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
    const caller = callerOf(options);
    if (fields.assigneeDid) await this.agents.requireRegistered(fields.assigneeDid);
    const at = this.runtime.timestamp();
    const task = newTask({ ...fields, id: this.runtime.newId('task'), status: initialStatus(fields.assigneeDid), createdAt: at });
    await authorize(this.runtime, caller, 'task.create', { kind: 'task', current: null, next: task });
    // The fields that define the request: a retry must repeat them exactly.
    const fingerprint = stableStringify(fields);
    const result = await this.runtime.store.insertTask(
      task,
      { type: 'task.created', occurredAt: at, actorDid: caller.did, task, previousStatus: null },
      idempotencyKey ? { key: idempotencyKey, fingerprint } : null,
    );
    if (!result.created) {
      if (result.fingerprint !== fingerprint) {
        throw new ConflictError(
          `Idempotency key ${JSON.stringify(idempotencyKey)} was already used by ${fields.ownerDid} for a different task`,
        );
      }
      return result.existing;
    }
    this.runtime.emit(result.event);
    return task;
  }

  /** Batch lookup: answers in the order asked, null for unknown ids (and for what the caller may not see). */
  async get(ids: readonly string[], options: CallOptions): Promise<(Task | null)[]> {
    const caller = callerOf(options);
    return visibleOrNull(this.runtime, caller, 'task.read', await this.runtime.store.getTasks(ids), taskResource);
  }

  async list(filter: TaskFilter, page: TaskPageRequest, options: CallOptions): Promise<Page<Task>> {
    const caller = callerOf(options);
    const result = await this.runtime.store.listTasks(parseTaskFilter(filter), parseTaskPage(page));
    return this.visiblePage(caller, result);
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
  ): Promise<Page<Task>[]> {
    if (by !== 'ownerDid' && by !== 'assigneeDid') throw new BadUserInputError(`Cannot list tasks by ${String(by)}`);
    for (const key of keys) requireDid(by, key, by === 'assigneeDid' ? 'agent' : undefined);
    const checkedFilter = { ...parseTaskFilter({ ...filter, [by]: null }) };
    const checkedPage = parseTaskPage(page);
    if (keys.length === 0) return [];
    const caller = callerOf(options);
    const pages = await this.runtime.store.listTaskPages(by, keys, checkedFilter, checkedPage);
    return Promise.all(pages.map((result) => this.visiblePage(caller, result)));
  }

  /** Assigns the task to a registered agent: it becomes `queued` for that agent. */
  async assign(taskId: string, agentDid: string, options: CallOptions): Promise<Task> {
    const did = requireDid('agentDid', agentDid, 'agent');
    return this.change(taskId, options, 'task.assign', 'task.assigned', async (task) => {
      await this.agents.requireRegistered(did);
      return assigned(task, did);
    });
  }

  /** Moves the task through the lifecycle; the same status patches links and metadata. */
  async updateStatus(taskId: string, status: TaskStatus, patch: TaskPatch, options: CallOptions): Promise<Task> {
    const to = requireStatus(status);
    const changes = parseTaskPatch(patch);
    return this.change(taskId, options, 'task.update', 'task.updated', async (task) => applyPatch(transitioned(task, to), changes));
  }

  /** Opens a pending task to claims by any agent, optionally linking the uGig gig that advertises it. */
  async publish(taskId: string, gigId: string | null | undefined, options: CallOptions): Promise<Task> {
    const gig = optionalText('gigId', gigId);
    return this.change(taskId, options, 'task.publish', 'task.updated', async (task, at) => published(task, gig, at));
  }

  /** A registered agent takes a published pending task: it becomes `queued` for that agent. */
  async claim(taskId: string, agentDid: string, options: CallOptions): Promise<Task> {
    const did = requireDid('agentDid', agentDid, 'agent');
    return this.change(taskId, options, 'task.claim', 'task.assigned', async (task) => {
      await this.agents.requireRegistered(did);
      return claimed(task, did);
    });
  }

  /**
   * Every change of an existing task: `derive` applies the rules to the fresh state (null: already
   * so), the policy judges the change, and the write is conditional on the version read.
   */
  private async change(
    taskId: string,
    options: CallOptions,
    action: Action,
    type: TaskEventDraft['type'],
    derive: (task: Task, at: string) => Promise<Task | null>,
  ): Promise<Task> {
    const id = requireId('taskId', taskId);
    const expectedVersion = optionalVersion(options.expectedVersion);
    const caller = callerOf(options);
    const { store } = this.runtime;
    return writeVersioned<Task>(this.runtime, {
      label: `Task ${id}`,
      expectedVersion,
      read: async () => {
        const [task] = await store.getTasks([id]);
        if (!task) throw new NotFoundError(`Unknown task: ${id}`);
        return task;
      },
      derive: async (current, at) => {
        const next = await derive(current!, at);
        await authorize(this.runtime, caller, action, { kind: 'task', current, ...(next ? { next } : {}) });
        return next;
      },
      commit: (next, current, at) =>
        store.updateTask(next, current!.version, {
          type,
          occurredAt: at,
          actorDid: caller.did,
          task: next,
          previousStatus: current!.status,
        }),
    });
  }

  private async visiblePage(caller: Caller, page: Page<Task>): Promise<Page<Task>> {
    return { ...page, items: await visibleOnly(this.runtime, caller, 'task.read', page.items, taskResource) };
  }
}

function taskResource(task: Task) {
  return { kind: 'task' as const, current: task };
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
