import { execute, parse, type GraphQLSchema } from 'graphql';
import type { AgentStack, AgentStackEvent } from '../core/index.js';
import { createContext } from './context.js';

/**
 * What a webhook delivery carries: the event as `Subscription.agentStackEvents` would deliver it
 * to the webhook's owner, every scalar field of `AgentStackEvent` and of the entity it carries.
 * It is *executed* through the schema (the subscription's own resolver, with the event as its
 * source), not mapped by hand, so the payload cannot drift from the GraphQL type.
 */
const TASK = `id ownerDid assigneeDid sourceApp title description status paymentIntentId escrowId reputationEventId
  metadata published publishedAt gigId version createdAt updatedAt`;
const AGENT = `did ownerDid name sourceApp inboxUrl taskEndpoint supportedProtocols reputationScore metadata createdAt updatedAt`;
const GRANT = `id ownerDid agentDid grantorDid scopes expiresAt createdAt revokedAt parentGrantId active`;
const WEBHOOK = `id ownerDid url description active createdAt updatedAt disabledAt disabledReason lastSuccessAt consecutiveFailures cursor
  filter { types taskId ownerDid assigneeDid agentDid statuses }`;

export const WEBHOOK_PAYLOAD_DOCUMENT = parse(`subscription WebhookPayload {
  agentStackEvents {
    cursor type occurredAt actorDid actorApp
    task { ${TASK} }
    agent { ${AGENT} }
    grant { ${GRANT} }
    webhook { ${WEBHOOK} }
  }
}`);

/** The event as JSON text, as its owner would receive it (the body the signature covers). */
export async function webhookPayload(schema: GraphQLSchema, agentStack: AgentStack, event: AgentStackEvent, ownerDid: string): Promise<string> {
  const result = await execute({
    schema,
    document: WEBHOOK_PAYLOAD_DOCUMENT,
    rootValue: event,
    contextValue: createContext(agentStack, { did: ownerDid, app: null }),
  });
  if (result.errors?.length) throw new Error(`The webhook payload of event ${event.sequence} failed: ${result.errors[0]!.message}`);
  return JSON.stringify((result.data as { agentStackEvents: unknown }).agentStackEvents);
}
