import { ConflictError } from './errors.js';
import type { Task, TaskStatus } from './types.js';

/**
 * The task lifecycle: the one table every status rule is read from.
 *
 *   pending → queued | cancelled
 *   queued  → running | cancelled
 *   running → blocked | complete | failed | cancelled
 *   blocked → running | queued | failed | cancelled
 *   complete, failed, cancelled: terminal (final)
 *
 * Staying in the same non-terminal status is allowed: that is a patch of the task's links
 * and metadata, not a transition.
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

export function isTerminal(status: TaskStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export function requiresAssignee(status: TaskStatus): boolean {
  return NEEDS_ASSIGNEE.has(status);
}

/** True for a legal transition, and for a patch (same status) of a non-terminal task. */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  if (from === to) return !isTerminal(from);
  return TRANSITIONS[from].includes(to);
}

/**
 * Throws CONFLICT unless `task` may move to `to` (with `assigneeDid` as its assignee).
 * `action` names the operation for the terminal-state message ("updated", "assigned", …).
 */
export function assertTransition(
  task: Pick<Task, 'id' | 'status'>,
  to: TaskStatus,
  assigneeDid: string | null,
  action = 'updated',
): void {
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
