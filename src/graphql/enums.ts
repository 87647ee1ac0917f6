import type { EventType, TaskStatus, WebhookDeliveryStatus } from '../core/index.js';

/**
 * GraphQL enum name → domain value. The wire says PENDING / TASK_CREATED, the core says
 * 'pending' / 'task.created'. These maps are the enum resolvers (graphql-js converts in both
 * directions), and codegen reads them so the generated types carry the domain values.
 */
export const TASK_STATUS_VALUES = {
  PENDING: 'pending',
  QUEUED: 'queued',
  RUNNING: 'running',
  BLOCKED: 'blocked',
  COMPLETE: 'complete',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
} as const satisfies Record<string, TaskStatus>;

export const EVENT_TYPE_VALUES = {
  AGENT_REGISTERED: 'agent.registered',
  TASK_CREATED: 'task.created',
  TASK_ASSIGNED: 'task.assigned',
  TASK_UPDATED: 'task.updated',
  DELEGATION_GRANTED: 'delegation.granted',
  DELEGATION_REVOKED: 'delegation.revoked',
  WEBHOOK_DISABLED: 'webhook.disabled',
} as const satisfies Record<string, EventType>;

export const WEBHOOK_DELIVERY_STATUS_VALUES = {
  PENDING: 'pending',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  SKIPPED: 'skipped',
} as const satisfies Record<string, WebhookDeliveryStatus>;
