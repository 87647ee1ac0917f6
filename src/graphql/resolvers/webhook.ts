import type { CreateWebhookInput, EventFilter, UpdateWebhookInput } from '../../core/index.js';
import { callOptions } from '../context.js';
import { deliveryConnection, webhookConnection } from '../connections.js';
import { encodeEventCursor } from '../cursors.js';
import type { MutationResolvers, QueryResolvers, WebhookDeliveryResolvers, WebhookResolvers } from '../generated/resolvers-types.js';

/**
 * Webhooks (src/core/webhook-service.ts has the rules; src/server/webhooks delivers). The
 * filter input is the events' filter (`AgentStackEventFilter`), checked by the core.
 */
export const WebhookQuery: Pick<QueryResolvers, 'webhooks' | 'webhookDeliveries'> = {
  webhooks: (_root, page, context) => webhookConnection(context, page),
  webhookDeliveries: (_root, { webhookId, ...page }, context) => deliveryConnection(context, webhookId, page),
};

export const WebhookMutation: Pick<
  MutationResolvers,
  'createWebhook' | 'updateWebhook' | 'deleteWebhook' | 'rotateWebhookSecret' | 'redeliverWebhookDelivery'
> = {
  createWebhook: (_root, { input }, context) =>
    context.agentStack.createWebhook({ ...input, filter: input.filter as EventFilter | null } as CreateWebhookInput, callOptions(context)),
  updateWebhook: (_root, { id, input }, context) =>
    context.agentStack.updateWebhook(id, { ...input, filter: input.filter as EventFilter | null } as UpdateWebhookInput, callOptions(context)),
  deleteWebhook: (_root, { id }, context) => context.agentStack.deleteWebhook(id, callOptions(context)),
  rotateWebhookSecret: (_root, { id }, context) => context.agentStack.rotateWebhookSecret(id, callOptions(context)),
  redeliverWebhookDelivery: (_root, { id }, context) => context.agentStack.redeliverWebhookDelivery(id, callOptions(context)),
};

export const Webhook: WebhookResolvers = {
  cursor: (webhook) => encodeEventCursor(webhook.cursor),
};

export const WebhookDelivery: WebhookDeliveryResolvers = {
  eventCursor: (delivery) => encodeEventCursor(delivery.eventSequence),
};
