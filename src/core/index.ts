/**
 * AgentStack's pure domain (no I/O, no runtime-specific API): the public surface. The facade,
 * the data types, the errors and the storage port. Everything else in src/core (rules,
 * validation, the in-memory store, the protocol tables) is imported from its own module by
 * whoever needs it.
 */
export { AgentStack, type AgentStackOptions, type IdKind } from './agent-stack.js';
export type * from './types.js';
export { TASK_STATUSES } from './types.js';
export type {
  AgentEventDraft,
  AgentStackEvent,
  AgentStackListener,
  EventDraft,
  EventFilter,
  EventPage,
  EventType,
  GrantEventDraft,
  TaskEventDraft,
  WebhookEventDraft,
} from './events.js';
export type * from './webhooks.js';
export type { Action, Caller, Decision, Policy, Resource } from './policy.js';
export * from './errors.js';
export type * from './store.js';
export { MAX_EVENTS_PER_WRITE } from './store.js';
export type { CreateWebhookInput, UpdateWebhookInput, WebhookWithSecret, WebhookUrlCheck } from './webhook-service.js';
