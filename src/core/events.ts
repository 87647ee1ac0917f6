import { BadUserInputError } from './errors.js';
import { parseEventFilter, parseEventPage } from './inputs.js';
import { pageFlags } from './paging.js';
import { EVENT_TYPE_TABLE, type EventType } from './protocol.js';
import { callerOf, Judge, type Runtime } from './runtime.js';
import type { AgentProfile, CallOptions, DelegationGrant, Page, PageRequest, Task, TaskStatus } from './types.js';
import type { Webhook } from './webhooks.js';

/**
 * Every state change is one event, carrying the entity as it was right after the change.
 * The store assigns `sequence` when the change commits; sequences strictly increase in
 * commit order, so "everything after sequence N" is a complete, gap-free resume cursor.
 * The event types themselves are data (protocol.ts).
 */
export { EVENT_TYPES, STATUS_CHANGE_EVENT_TYPES, type EventType } from './protocol.js';

interface EventBase {
  /** ISO-8601 time of the change (AgentStack's clock). */
  occurredAt: string;
  /** Who asked for the change, when known. */
  actorDid: string | null;
  /** The app the actor acted through (its app key's `sourceApp`), when it used one. */
  actorApp?: string | null;
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

/** A webhook disabled by delivery (a 410 Gone, or the retry limit): its owner hears of it. */
export interface WebhookEventDraft extends EventBase {
  type: 'webhook.disabled';
  webhook: Webhook;
}

/** An event before the store has numbered it. */
export type EventDraft = AgentEventDraft | TaskEventDraft | GrantEventDraft | WebhookEventDraft;

/** A committed event. */
export type AgentStackEvent = EventDraft & { sequence: number };

export type AgentStackListener = (event: AgentStackEvent) => void;

export interface EventFilter {
  types?: readonly EventType[] | null;
  taskId?: string | null;
  ownerDid?: string | null;
  assigneeDid?: string | null;
  agentDid?: string | null;
  /** Only task events whose task is in one of these statuses right after the event. */
  statuses?: readonly TaskStatus[] | null;
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
    case 'webhook.disabled':
      return { taskId: null, ownerDid: event.webhook.ownerDid, assigneeDid: null, agentDid: null, grantId: null };
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
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(eventTaskStatus(event)!)) return false;
  return true;
}

/** The status of the task a task event carries, right after the event (null: not a task event). */
export function eventTaskStatus(event: EventDraft): TaskStatus | null {
  return 'task' in event ? event.task.status : null;
}

/** True when a task event changed the task's status (what `taskStatusChanged` streams). */
export function isStatusChange(event: EventDraft): event is TaskEventDraft {
  return (
    EVENT_TYPE_TABLE[event.type].changesStatus &&
    'task' in event &&
    event.previousStatus !== null &&
    event.previousStatus !== event.task.status
  );
}

/**
 * In-process announcements of committed events (e.g. to wake this process's subscriptions). A
 * listener must never fail the write that notified it: its errors go to `onListenerError`.
 */
export class EventBus {
  private readonly listeners = new Set<AgentStackListener>();

  constructor(private readonly onListenerError: (error: unknown, event: AgentStackEvent) => void = () => {}) {}

  /** Returns the unsubscribe function. */
  on(listener: AgentStackListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: AgentStackEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}

/** A page of history. */
export interface EventPage extends Page<AgentStackEvent> {
  /**
   * The sequences of the first and last event this page *read* (also when the caller may not see
   * them: where the neighbouring pages start), null when it read none.
   */
  startSequence: number | null;
  endSequence: number | null;
}

/** Reading the durable history: committed events, oldest first, paged by sequence both ways (paging.ts). */
export class Events {
  constructor(private readonly runtime: Runtime) {}

  /** The events in the page's window that match `filter` and the caller may see. */
  async list(filter: EventFilter | null | undefined, page: PageRequest<number>, options: CallOptions): Promise<EventPage> {
    const query = parseEventPage(page);
    const checked = parseEventFilter(filter);
    const judge = new Judge(this.runtime, callerOf(options));
    const read = await this.runtime.store.readEventPage(checked, query);
    // A cursor past the end of the log would silently skip the events that get those numbers
    // (the live subscription refuses it the same way). Asked only when a forward page came back empty.
    if (read.items.length === 0 && query.take === 'first' && query.after !== null && query.after > 0) {
      const last = await this.runtime.store.lastEventSequence();
      if (query.after > last) throw new BadUserInputError(`Cursor ${query.after} is ahead of the event log (last event: ${last})`);
    }
    const items = await judge.visibleOnly('event.read', read.items, (event) => ({ kind: 'event', event }));
    return {
      items,
      ...pageFlags(query, read.more),
      startSequence: read.items[0]?.sequence ?? null,
      endSequence: read.items.at(-1)?.sequence ?? null,
    };
  }

  lastSequence(): Promise<number> {
    return this.runtime.store.lastEventSequence();
  }

  /** May the caller see this event (a live subscription asks before delivering it)? */
  isVisible(event: AgentStackEvent, options: CallOptions): Promise<boolean> {
    return new Judge(this.runtime, callerOf(options)).allows('event.read', { kind: 'event', event });
  }
}
