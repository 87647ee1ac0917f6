import * as documents from '../client/generated/graphql.js';
import type { DelegateInput, RegisterAgentInput } from '../client/index.js';
import { DID_INPUT, ID_INPUT, JSON_OBJECT_INPUT, OUTPUT } from './schemas.js';
import { defined, tool } from './tool.js';

const HTTP_URL = (description: string) => ({ type: 'string', maxLength: 2048, format: 'uri', description });

export const registerAgent = tool<RegisterAgentInput>({
  name: 'register_agent',
  title: 'Register or update an agent',
  description:
    'Registers an agent profile under its DID, or updates it (every call replaces the profile: send every field you want kept). A new agent may be registered by itself or by the user it names as ownerDid; an existing one only by itself or its owner. Register before being assigned work: tasks can only be assigned to registered agents. Returns { agent }.',
  annotations: { title: 'Register or update an agent', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      did: DID_INPUT("The agent's DID (did:coinpay:agent:<id>)."),
      ownerDid: DID_INPUT('The user who owns the agent, if any.'),
      name: { type: 'string', minLength: 1, maxLength: 200, description: 'Display name.' },
      sourceApp: { type: 'string', minLength: 1, maxLength: 200, description: 'The app the agent comes from (e.g. "build").' },
      supportedProtocols: { type: 'array', maxItems: 32, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Protocols the agent speaks (e.g. "mcp").' },
      inboxUrl: HTTP_URL('Where the agent receives messages (http or https).'),
      taskEndpoint: HTTP_URL('Where the agent accepts work (http or https).'),
      reputationScore: { type: 'number', description: 'The registering app\'s rating of the agent.' },
      metadata: JSON_OBJECT_INPUT('Any JSON object kept with the profile (replaces what is stored).'),
    },
    required: ['did', 'name', 'sourceApp'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.agent,
  run: async (backend, input) => ({ agent: (await backend.request(documents.RegisterAgentDocument, { input })).registerAgent }),
});

export const delegate = tool<DelegateInput>({
  name: 'delegate',
  title: 'Delegate scopes to an agent',
  description:
    'Lets an agent act for ownerDid within scopes, optionally until expiresAt: e.g. ["tasks:create", "tasks:update"]. Scopes AgentStack checks: tasks:create, tasks:assign, tasks:update, tasks:publish, tasks:read, agents:delegate ("tasks:*" or "*" for more). Only the owner makes a root grant; an agent holding the owner\'s agents:delegate grant may pass on part of it with parentGrantId. Returns { grant } (keep grant.id to revoke it).',
  annotations: { title: 'Delegate scopes to an agent', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      ownerDid: DID_INPUT('On whose behalf the agent will act.'),
      agentDid: DID_INPUT('The registered agent the grant is for.'),
      scopes: { type: 'array', minItems: 1, maxItems: 64, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'What the agent may do, e.g. ["tasks:update"].' },
      expiresAt: { type: 'string', format: 'date-time', maxLength: 64, description: 'When the grant ends (ISO-8601, in the future); default: never.' },
      parentGrantId: ID_INPUT('Sub-delegation: the grant you hold from the same owner allowing agents:delegate.'),
    },
    required: ['ownerDid', 'agentDid', 'scopes'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.grant,
  run: async (backend, input) => ({ grant: (await backend.request(documents.DelegateDocument, { input })).delegate }),
});

export const revokeDelegation = tool<{ grantId: string }>({
  name: 'revoke_delegation',
  title: 'Revoke a delegation grant',
  description:
    'Ends a delegation grant now, and every grant passed on from it. Its owner may, and so may whoever made it by sub-delegation. A grant already revoked is CONFLICT. Returns { grant } as revoked.',
  annotations: { title: 'Revoke a delegation grant', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  inputSchema: { type: 'object', properties: { grantId: ID_INPUT('The grant (from delegate).') }, required: ['grantId'], additionalProperties: false },
  outputSchema: OUTPUT.grant,
  run: async (backend, input) => ({ grant: (await backend.request(documents.RevokeDelegationDocument, { id: input.grantId })).revokeDelegation }),
});

export const checkDelegation = tool<{ ownerDid: string; agentDid: string; scope: string; at?: string }>({
  name: 'check_delegation',
  title: 'Check a delegation',
  description:
    'Answers whether agentDid may act for ownerDid within one scope (e.g. "tasks:update"), now or at a given time, through any active grant. Only the owner and the agent may ask (FORBIDDEN otherwise). Use it before acting for someone. Returns { delegation: { active } }.',
  annotations: { title: 'Check a delegation', readOnlyHint: true, openWorldHint: false },
  inputSchema: {
    type: 'object',
    properties: {
      ownerDid: DID_INPUT('The owner.'),
      agentDid: DID_INPUT('The agent.'),
      scope: { type: 'string', minLength: 1, maxLength: 200, description: 'One scope, e.g. "tasks:update".' },
      at: { type: 'string', format: 'date-time', maxLength: 64, description: 'When (ISO-8601); default: now.' },
    },
    required: ['ownerDid', 'agentDid', 'scope'],
    additionalProperties: false,
  },
  outputSchema: OUTPUT.delegation,
  run: async (backend, input) => ({ delegation: { active: (await backend.request(documents.HasDelegationDocument, defined(input))).hasDelegation } }),
});
