import { EVENT_TYPES } from './events.js';

/**
 * How AgentStack presents itself to LogicSRC's plugin registry. `agentStackManifest` must
 * validate against LogicSRC's plugin manifest schema (checked in a test); `agentStackPlugin`
 * adds what a host needs to wire it: HTTP routes, the events it emits, the permissions
 * (delegation scopes) it checks, and the TUI panel it contributes.
 */
export const AGENTSTACK_VERSION = '0.1.0';

export const agentStackManifest = Object.freeze({
  id: 'agentstack',
  name: 'AgentStack',
  version: AGENTSTACK_VERSION,
  type: ['agents', 'tasks', 'coordination'],
  default: false,
  capabilities: [
    'agents.register',
    'agents.delegate',
    'tasks.create',
    'tasks.assign',
    'tasks.update',
    'tasks.publish',
    'reputation.sync',
    'payments.link',
    'escrow.link',
  ],
  commands: ['agents', 'tasks', 'delegate'],
  env: ['AGENTSTACK_API_URL', 'AGENTSTACK_API_KEY', 'COINPAY_API_BASE_URL'],
} as const);

export type AgentStackManifest = typeof agentStackManifest;

/** Delegation scopes, one per guarded operation; `*` and `ns:*` grants cover them. */
export const AGENTSTACK_SCOPES = Object.freeze({
  'agents:register': 'Register or update an agent profile',
  'agents:delegate': 'Grant or revoke delegations',
  'tasks:create': 'Create tasks on behalf of the owner',
  'tasks:assign': 'Assign or claim tasks',
  'tasks:update': 'Change task status and links',
  'tasks:publish': 'Publish tasks to the marketplace',
  'tasks:read': 'Read tasks and their events',
} as const);

export const agentStackPlugin = Object.freeze({
  manifest: agentStackManifest,
  routes: [
    { method: 'POST', path: '/graphql', description: 'GraphQL queries and mutations (federated subgraph)' },
    { method: 'GET', path: '/graphql', description: 'graphql-ws subscriptions (graphql-transport-ws)' },
    { method: 'GET', path: '/health', description: 'Liveness' },
    { method: 'GET', path: '/ready', description: 'Readiness: the database answers' },
  ],
  events: EVENT_TYPES,
  permissions: Object.entries(AGENTSTACK_SCOPES).map(([scope, description]) => ({ scope, description })),
  tui: {
    panel: {
      id: 'agentstack.tasks',
      title: 'AgentStack',
      command: 'tasks',
      columns: ['id', 'title', 'status', 'assigneeDid', 'updatedAt'],
      subscribesTo: ['task.created', 'task.assigned', 'task.updated'],
    },
  },
} as const);
