import type { AgentResolvers } from '../generated/resolvers-types.js';
import { relatedTaskConnection } from '../connections.js';

export const Agent: AgentResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.agents.load(reference.did),
  owner: (agent) => (agent.ownerDid ? { did: agent.ownerDid } : null),
  // The relation wins over a conflicting filter value: these are *this agent's* tasks and grants.
  tasks: (agent, { filter, first, after }, context) =>
    relatedTaskConnection(context, 'assigneeDid', agent.did, filter ?? {}, first, after),
  delegations: (agent, { filter }, { loaders }) =>
    loaders.relatedDelegations.load({ by: 'agentDid', key: agent.did, filter: filter ?? {} }),
};
