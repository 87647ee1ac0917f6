import { isDid } from './did.js';
import { TASK_STATUSES, type DidTask } from './types.js';

const nullableString = (value: unknown): boolean => value === null || typeof value === 'string';

/** Structural check that a value is a well-formed task (e.g. one read back from JSON). */
export function isDidTask(value: unknown): value is DidTask {
  if (typeof value !== 'object' || value === null) return false;
  const task = value as Record<string, unknown>;
  return (
    typeof task.id === 'string' &&
    task.id !== '' &&
    isDid(task.ownerDid) &&
    (task.assigneeDid === null || isDid(task.assigneeDid, 'agent')) &&
    typeof task.sourceApp === 'string' &&
    typeof task.title === 'string' &&
    nullableString(task.description) &&
    TASK_STATUSES.includes(task.status as DidTask['status']) &&
    nullableString(task.paymentIntentId) &&
    nullableString(task.escrowId) &&
    nullableString(task.reputationEventId) &&
    typeof task.metadata === 'object' &&
    task.metadata !== null &&
    !Array.isArray(task.metadata) &&
    typeof task.published === 'boolean' &&
    nullableString(task.publishedAt) &&
    nullableString(task.gigId) &&
    Number.isInteger(task.version) &&
    typeof task.createdAt === 'string' &&
    typeof task.updatedAt === 'string'
  );
}
