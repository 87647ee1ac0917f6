import type { AgentStackEvent } from '../core/index.js';
import { encodeEventCursor } from './cursors.js';
import type { EventModel } from './models.js';

/**
 * A committed event as the GraphQL `AgentStackEvent` (before field resolution). The entity is
 * the one in the event's own payload, i.e. as it was right after the event, never a fresh
 * read, so replays show history faithfully. Shared by `Query.events` and `Subscription.events`.
 */
export function toGraphQLEvent(event: AgentStackEvent): EventModel {
  return {
    cursor: encodeEventCursor(event.sequence),
    type: event.type,
    occurredAt: event.occurredAt,
    actorDid: event.actorDid,
    actorApp: event.actorApp ?? null,
    task: 'task' in event ? event.task : null,
    agent: 'agent' in event ? event.agent : null,
    grant: 'grant' in event ? event.grant : null,
    webhook: 'webhook' in event ? event.webhook : null,
    source: event,
  };
}
