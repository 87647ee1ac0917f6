import { callOptions } from '../context.js';
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
  hasDelegation: (_root, { ownerDid, agentDid, scope, at }, context) =>
    context.agentStack.hasDelegation(ownerDid, agentDid, scope, at, callOptions(context)),
  events: async (_root, { after, first, filter }, context) => {
    const page = await context.agentStack.listEvents(filter, { after: decodeEventCursor(after), first }, callOptions(context));
    return {
      events: page.items.map(toGraphQLEvent),
      // Where the next page starts, also when the events read were not the caller's to see.
      endCursor: page.endSequence > 0 || after != null ? encodeEventCursor(page.endSequence) : null,
      hasNextPage: page.hasNextPage,
    };
  },
};
