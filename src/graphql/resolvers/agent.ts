import type { AgentResolvers } from '../generated/resolvers-types.js';
import { relatedGrantConnection, relatedTaskConnection } from '../connections.js';

export const Agent: AgentResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.agents.load(reference.did),
  owner: (agent) => (agent.ownerDid ? { did: agent.ownerDid } : null),
  // The relation wins over a conflicting filter value: these are *this agent's* tasks and grants.
  tasks: (agent, { filter, ...page }, context) => relatedTaskConnection(context, 'assigneeDid', agent.did, filter ?? {}, page),
  delegations: (agent, { filter, ...page }, context) => relatedGrantConnection(context, 'agentDid', agent.did, filter ?? {}, page),
};
