import type { Resolvers } from '../generated/resolvers-types.js';
import { EVENT_TYPE_VALUES, TASK_STATUS_VALUES, WEBHOOK_DELIVERY_STATUS_VALUES } from '../enums.js';
import { DateTimeScalar, JsonScalar } from '../scalars.js';
import { Agent } from './agent.js';
import { DelegationGrant } from './delegation.js';
import { Mutation } from './mutation.js';
import { Principal } from './principal.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';
import { Task } from './task.js';
import { User } from './user.js';
import { Webhook, WebhookDelivery, WebhookMutation, WebhookQuery } from './webhook.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  TaskStatus: TASK_STATUS_VALUES,
  AgentStackEventType: EVENT_TYPE_VALUES,
  WebhookDeliveryStatus: WEBHOOK_DELIVERY_STATUS_VALUES,
  Query: { ...Query, ...WebhookQuery },
  Mutation: { ...Mutation, ...WebhookMutation },
  // Served over graphql-ws only: the transport puts the LiveEvents port into the context.
  Subscription,
  Task,
  Agent,
  User,
  DelegationGrant,
  Principal,
  Webhook,
  WebhookDelivery,
};
