import { ConflictError } from './errors.js';
import type { Task, TaskStatus } from './types.js';

/**
 * The task lifecycle: every rule about a task's status, and the one table they are read from.
 *
 *   pending → queued | cancelled
 *   queued  → running | cancelled
 *   running → blocked | complete | failed | cancelled
 *   blocked → running | queued | failed | cancelled
 *   complete, failed, cancelled: terminal (final)
 *
 * Staying in the same non-terminal status is allowed: that is a patch of the task's links and
 * metadata, not a transition. `queued` and `running` need an assignee. The operations:
 *  - create: a new task is `pending`, or `queued` when created with an assignee;
 *  - assign: moves the task to `queued` for that agent (a legal transition, or already so);
 *  - update: any legal transition, or a patch;
 *  - publish: opens a `pending` task to claims (the marketplace); only a pending task;
 *  - claim: an agent takes a published `pending` task, which becomes `queued` for it.
 * Each answers the task as it must be stored, or null when it is already so (nothing to write);
 * a rule the state breaks is CONFLICT. Version and `updatedAt` are not the lifecycle's business.
 */
export const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = Object.freeze({
  pending: ['queued', 'cancelled'],
  queued: ['running', 'cancelled'],
  running: ['blocked', 'complete', 'failed', 'cancelled'],
  blocked: ['running', 'queued', 'failed', 'cancelled'],
  complete: [],
  failed: [],
  cancelled: [],
});

/** Statuses in which someone must be assigned to the task. */
const NEEDS_ASSIGNEE: ReadonlySet<TaskStatus> = new Set(['queued', 'running']);

/** The only status in which a task can be published and claimed. */
const OPEN_STATUS: TaskStatus = 'pending';

function isTerminal(status: TaskStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

function requiresAssignee(status: TaskStatus): boolean {
  return NEEDS_ASSIGNEE.has(status);
}

/** True for a legal transition, and for a patch (same status) of a non-terminal task. */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  if (from === to) return !isTerminal(from);
  return TRANSITIONS[from].includes(to);
}

/** The status a task is created in: creating with an assignee is creating and assigning in one step. */
export function initialStatus(assigneeDid: string | null): TaskStatus {
  return assigneeDid ? 'queued' : OPEN_STATUS;
}

/** `update`: the task in status `to` (links and metadata are the caller's patch). */
export function transitioned(task: Task, to: TaskStatus): Task {
  assertTransition(task, to, task.assigneeDid);
  return { ...task, status: to };
}

/** `assign`: queued for `agentDid`; null when it already is. */
export function assigned(task: Task, agentDid: string): Task | null {
  if (task.assigneeDid === agentDid && task.status === 'queued') return null;
  assertTransition(task, 'queued', agentDid, 'assigned');
  return { ...task, assigneeDid: agentDid, status: 'queued' };
}

/** `publish`: open to claims, linked to `gigId` (undefined keeps the link); null when already so. */
export function published(task: Task, gigId: string | null | undefined, at: string): Task | null {
  if (task.status !== OPEN_STATUS) {
    throw new ConflictError(`Task ${task.id} is ${task.status}; only a ${OPEN_STATUS} task can be published`);
  }
  const nextGig = gigId === undefined ? task.gigId : gigId;
  if (task.published && nextGig === task.gigId) return null;
  return { ...task, published: true, publishedAt: task.publishedAt ?? at, gigId: nextGig };
}

/** `claim`: a published pending task taken by `agentDid`, queued for it. */
export function claimed(task: Task, agentDid: string): Task {
  if (!task.published) throw new ConflictError(`Task ${task.id} is not published and cannot be claimed`);
  if (task.status !== OPEN_STATUS) {
    throw new ConflictError(`Task ${task.id} is ${task.status} and can no longer be claimed`);
  }
  return { ...task, assigneeDid: agentDid, status: 'queued' };
}

/**
 * Throws CONFLICT unless `task` may move to `to` with `assigneeDid` as its assignee. `action`
 * names the operation in the message about a terminal task ("updated", "assigned", …).
 */
function assertTransition(task: Pick<Task, 'id' | 'status'>, to: TaskStatus, assigneeDid: string | null, action = 'updated'): void {
  if (isTerminal(task.status)) {
    throw new ConflictError(`Task ${task.id} is already ${task.status} and cannot be ${action}`);
  }
  if (!canTransition(task.status, to)) {
    throw new ConflictError(`Invalid task status transition: ${task.status} -> ${to}`);
  }
  if (requiresAssignee(to) && !assigneeDid) {
    throw new ConflictError(`Task ${task.id} has no assignee and cannot be ${to}`);
  }
}
