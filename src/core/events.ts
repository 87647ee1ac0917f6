import type { AgentProfile, DelegationGrant, Task, TaskStatus } from './types.js';

/**
 * Every state change is one event, carrying the entity as it was right after the change.
 * The store assigns `sequence` when the change commits; sequences strictly increase in
 * commit order, so "everything after sequence N" is a complete, gap-free resume cursor.
 */
export type EventType =
  | 'agent.registered'
  | 'task.created'
  | 'task.assigned'
  | 'task.updated'
  | 'delegation.granted'
  | 'delegation.revoked';

export const EVENT_TYPES: readonly EventType[] = [
  'agent.registered',
  'task.created',
  'task.assigned',
  'task.updated',
  'delegation.granted',
  'delegation.revoked',
];

interface EventBase {
  /** ISO-8601 time of the change (AgentStack's clock). */
  occurredAt: string;
  /** Who asked for the change, when known. */
  actorDid: string | null;
}

export interface AgentEventDraft extends EventBase {
  type: 'agent.registered';
  agent: AgentProfile;
}

export interface TaskEventDraft extends EventBase {
  type: 'task.created' | 'task.assigned' | 'task.updated';
  task: Task;
  /** The status before the change (null on creation): lets readers spot status changes. */
  previousStatus: TaskStatus | null;
}

export interface GrantEventDraft extends EventBase {
  type: 'delegation.granted' | 'delegation.revoked';
  grant: DelegationGrant;
}

/** An event before the store has numbered it. */
export type EventDraft = AgentEventDraft | TaskEventDraft | GrantEventDraft;

/** A committed event. */
export type AgentStackEvent = EventDraft & { sequence: number };

export type AgentStackListener = (event: AgentStackEvent) => void;

export interface EventFilter {
  types?: readonly EventType[] | null;
  taskId?: string | null;
  ownerDid?: string | null;
  assigneeDid?: string | null;
  agentDid?: string | null;
}

/** The ids an event concerns, in one place so stores can index them and filters agree. */
export interface EventSubjects {
  taskId: string | null;
  ownerDid: string | null;
  assigneeDid: string | null;
  agentDid: string | null;
  grantId: string | null;
}

export function eventSubjects(event: EventDraft): EventSubjects {
  switch (event.type) {
    case 'agent.registered':
      return { taskId: null, ownerDid: null, assigneeDid: null, agentDid: event.agent.did, grantId: null };
    case 'task.created':
    case 'task.assigned':
    case 'task.updated':
      return {
        taskId: event.task.id,
        ownerDid: event.task.ownerDid,
        assigneeDid: event.task.assigneeDid,
        agentDid: event.task.assigneeDid,
        grantId: null,
      };
    case 'delegation.granted':
    case 'delegation.revoked':
      return {
        taskId: null,
        ownerDid: event.grant.ownerDid,
        assigneeDid: null,
        agentDid: event.grant.agentDid,
        grantId: event.grant.id,
      };
  }
}

/** True when the event passes every criterion the filter sets (an empty filter passes all). */
export function eventMatches(event: EventDraft, filter: EventFilter | null | undefined): boolean {
  if (!filter) return true;
  if (filter.types && filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  const subjects = eventSubjects(event);
  if (filter.taskId != null && subjects.taskId !== filter.taskId) return false;
  if (filter.ownerDid != null && subjects.ownerDid !== filter.ownerDid) return false;
  if (filter.assigneeDid != null && subjects.assigneeDid !== filter.assigneeDid) return false;
  if (filter.agentDid != null && subjects.agentDid !== filter.agentDid) return false;
  return true;
}

/** True when a task event changed the task's status (what `taskStatusChanged` streams). */
export function isStatusChange(event: EventDraft): event is TaskEventDraft {
  return (
    (event.type === 'task.assigned' || event.type === 'task.updated') &&
    event.previousStatus !== null &&
    event.previousStatus !== event.task.status
  );
}
