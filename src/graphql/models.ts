import type { AgentStackEvent, EventType } from '../core/index.js';
import type { AgentProfile, DelegationGrant, EventFilter, Task, Webhook, WebhookAttempt, WebhookDelivery } from '../core/index.js';

/**
 * What resolvers hand to each other: the domain types from src/core where one exists
 * (codegen maps the GraphQL types onto these), small reference shapes where not.
 */
export type TaskModel = Task;
export type AgentModel = AgentProfile;
export type DelegationGrantModel = DelegationGrant;

/** Users live in another subgraph; here a user is only its DID. */
export interface UserModel {
  did: string;
}

/** A reference to an entity another subgraph resolves (CoinPay, uGig): only its key. */
export interface EntityRefModel {
  id: string;
}

/** `AgentStackEvent` as resolvers see it: enums stay domain values (the enum resolvers map them). */
export interface EventModel {
  cursor: string;
  type: EventType;
  occurredAt: string;
  actorDid: string | null;
  actorApp: string | null;
  task: Task | null;
  agent: AgentProfile | null;
  grant: DelegationGrant | null;
  webhook: Webhook | null;
  /** The committed event, for resolvers that need more than the public fields. */
  source: AgentStackEvent;
}

/** A Relay connection as the resolvers build it (connections.ts). */
export interface ConnectionModel<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export type WebhookModel = Webhook;
export type WebhookEventFilterModel = EventFilter;
export type WebhookDeliveryModel = WebhookDelivery;
export type WebhookAttemptModel = WebhookAttempt;
