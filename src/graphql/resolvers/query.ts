import type { QueryResolvers } from '../generated/resolvers-types.js';
import { agentConnection, taskConnection } from '../connections.js';
import { decodeEventCursor, encodeEventCursor } from '../cursors.js';
import { toGraphQLEvent } from '../event-mapping.js';

/** Lookups answer null for unknown ids; lists and filters are AgentStack's. */
export const Query: QueryResolvers = {
  agent: (_root, { did }, { loaders }) => loaders.agents.load(did),
  agents: (_root, { filter, first, after }, context) => agentConnection(context, filter ?? {}, first, after),
  task: (_root, { id }, { loaders }) => loaders.tasks.load(id),
  tasks: (_root, { filter, first, after }, context) => taskConnection(context, filter ?? {}, first, after),
  delegation: (_root, { id }, { loaders }) => loaders.delegations.load(id),
  delegations: (_root, { filter }, { loaders }) => loaders.delegationLists.load(filter ?? {}),
  hasDelegation: (_root, { ownerDid, agentDid, scope, at }, { agentStack }) =>
    agentStack.hasDelegation(ownerDid, agentDid, scope, at),
  events: async (_root, { after, first, filter }, { agentStack }) => {
    const from = decodeEventCursor(after);
    const events = await agentStack.listEvents(from, first ?? undefined, filter);
    const last = events[events.length - 1];
    // Asking the log is cheaper than re-deriving the core's page-size rules here.
    const hasNextPage = last !== undefined && (await agentStack.listEvents(last.sequence, 1, filter)).length > 0;
    return {
      events: events.map(toGraphQLEvent),
      endCursor: last ? encodeEventCursor(last.sequence) : after ?? null,
      hasNextPage,
    };
  },
};
