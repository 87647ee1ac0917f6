import type { Task } from './types.js';

/** What a new task must be given; everything else starts empty. */
export type NewTaskFields = Pick<Task, 'id' | 'ownerDid' | 'sourceApp' | 'title' | 'createdAt'> & Partial<Task>;

/**
 * A task as it is first stored: pending, unassigned, unlinked, unpublished, at version 1,
 * updated when created. One place for those defaults (AgentStack, tests and tools).
 */
export function newTask(fields: NewTaskFields): Task {
  return {
    assigneeDid: null,
    description: null,
    status: 'pending',
    paymentIntentId: null,
    escrowId: null,
    reputationEventId: null,
    metadata: {},
    published: false,
    publishedAt: null,
    gigId: null,
    version: 1,
    updatedAt: fields.createdAt,
    ...fields,
  };
}
