import { callOptions } from '../context.js';
import type { QueryResolvers } from '../generated/resolvers-types.js';
import { agentConnection, eventConnection, grantConnection, taskConnection } from '../connections.js';

/** Lookups answer null for unknown ids; lists and filters are AgentStack's. */
export const Query: QueryResolvers = {
  agent: (_root, { did }, { loaders }) => loaders.agents.load(did),
  agents: (_root, { filter, ...page }, context) => agentConnection(context, filter ?? {}, page),
  task: (_root, { id }, { loaders }) => loaders.tasks.load(id),
  tasks: (_root, { filter, ...page }, context) => taskConnection(context, filter ?? {}, page),
  delegation: (_root, { id }, { loaders }) => loaders.delegations.load(id),
  delegations: (_root, { filter, ...page }, context) => grantConnection(context, filter ?? {}, page),
  hasDelegation: (_root, { ownerDid, agentDid, scope, at }, context) =>
    context.agentStack.hasDelegation(ownerDid, agentDid, scope, at, callOptions(context)),
  agentStackEvents: (_root, { filter, ...page }, context) => eventConnection(context, filter ?? null, page),
};
