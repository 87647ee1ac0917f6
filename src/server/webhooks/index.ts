import type { GraphQLSchema } from 'graphql';
import type { AgentStack } from '../../core/index.js';
import type { RetrySchedule } from '../../core/webhook-rules.js';
import { webhookPayload } from '../../graphql/webhook-payload.js';
import type { Database } from '../../store/index.js';
import type { Logger } from '../logging.js';
import type { ServerMetrics } from '../metrics.js';
import { wakeSourceFor } from '../subscriptions/database-wake-source.js';
import type { AddressPolicy } from './address-guard.js';
import { WebhookDispatcher } from './dispatcher.js';
import { WebhookMetrics } from './metrics.js';

export { checkWebhookUrl, type AddressPolicy } from './address-guard.js';
export { WebhookDispatcher } from './dispatcher.js';

/** The SSRF rule for a server: private addresses and plain http only when switched on, http anywhere outside production. */
export function webhookAddressPolicy(options: { allowPrivate: boolean; production: boolean }): AddressPolicy {
  return { allowPrivate: options.allowPrivate, requireHttps: options.production && !options.allowPrivate };
}

export interface StartWebhooksOptions {
  database: Pick<Database, 'kind' | 'connectionString' | 'store' | 'webhooks' | 'wakePresence'>;
  agentStack: AgentStack;
  /** The server's schema: payloads are executed through it (webhook-payload.ts). */
  schema: GraphQLSchema;
  addressPolicy: AddressPolicy;
  logger: Logger;
  metrics?: ServerMetrics;
  concurrency?: number;
  schedule?: RetrySchedule;
  pollMs?: number;
  activeCheckMs?: number;
  leaseMs?: number;
  timeoutMs?: number;
}

/**
 * Starts this replica's webhook dispatcher, woken by the same hint as the subscriptions: NOTIFY
 * on a real server (any replica's writes), the in-process AgentStack on the embedded database
 * (one process writes it).
 */
export async function startWebhookDispatcher(options: StartWebhooksOptions): Promise<WebhookDispatcher> {
  const { database, agentStack, schema, logger } = options;
  const wakeSource = wakeSourceFor(database, agentStack, (error) => logger.error({ err: error }, 'The LISTEN connection for webhooks failed; reconnecting'));
  const dispatcher = new WebhookDispatcher({
    queue: database.webhooks,
    store: database.store,
    visible: (event, ownerDid) => agentStack.isEventVisible(event, { actorDid: ownerDid }),
    payload: (event, ownerDid) => webhookPayload(schema, agentStack, event, ownerDid),
    addressPolicy: options.addressPolicy,
    wakeSource,
    logger,
    ...(options.metrics ? { metrics: new WebhookMetrics(options.metrics.registry) } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.activeCheckMs !== undefined ? { activeCheckMs: options.activeCheckMs } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  await dispatcher.start();
  return dispatcher;
}
