import { GraphQLError } from 'graphql';
import { isStatusChange, type EventFilter, type EventType } from '../../core/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { decodeEventCursor, encodeEventCursor } from '../../graphql/cursors.js';
import { toGraphQLEvent } from '../../graphql/event-mapping.js';
import type { SubscriptionResolvers } from '../../graphql/generated/resolvers-types.js';
import { createLoaders } from '../../graphql/loaders.js';
import type { EventFeed } from './event-feed.js';
import { FeedEndedError } from './feed-errors.js';
import { GraphQLEventStream, type StreamItem } from './graphql-stream.js';

/** The context of a subscription operation: the HTTP context plus the process's live feed. */
export interface SubscriptionContext extends GraphQLContext {
  eventFeed?: EventFeed;
}

const TASK_CHANGE_TYPES: readonly EventType[] = ['task.assigned', 'task.updated'];

/**
 * `Subscription` resolvers. Each `subscribe` opens a feed subscription (history after `after`,
 * then live); each `resolve` maps one event to the field's value, straight from the event's own
 * payload (the entity as it was right after the event), so a router can join other subgraphs'
 * fields on the entity's key.
 */
export const Subscription: SubscriptionResolvers<SubscriptionContext> = {
  events: {
    subscribe: async (_root, { after, filter }, context) =>
      openStream(context, { after: after ?? null, filter: filter ?? null, predicate: null }),
    resolve: (item: StreamItem | undefined) => {
      if (item === undefined) throw notOverHttp();
      if (item instanceof FeedEndedError) throw endedError(item);
      return toGraphQLEvent(item);
    },
  },
  taskStatusChanged: {
    subscribe: async (_root, { taskId, ownerDid, assigneeDid, after }, context) =>
      openStream(context, {
        after: after ?? null,
        filter: { types: TASK_CHANGE_TYPES, taskId, ownerDid, assigneeDid },
        predicate: isStatusChange,
      }),
    resolve: (item: StreamItem | undefined) => {
      if (item === undefined) throw notOverHttp();
      if (item instanceof FeedEndedError) throw endedError(item);
      if (!isStatusChange(item)) throw new Error(`Event ${item.sequence} is not a status change`); // the predicate guarantees it
      return item.task;
    },
  },
};

async function openStream(
  context: SubscriptionContext,
  request: { after: string | null; filter: EventFilter | null; predicate: typeof isStatusChange | null },
): Promise<GraphQLEventStream> {
  const feed = context.eventFeed;
  if (!feed) throw notOverHttp();
  // Absent `after` means "from now", not "from the beginning" as in Query.events.
  const after = request.after === null ? null : decodeEventCursor(request.after);
  const subscription = await feed.subscribe({ after, filter: request.filter, predicate: request.predicate });
  // Fresh DataLoaders per event: the subscription lives long; cached reads must not.
  return new GraphQLEventStream(subscription, () => {
    context.loaders = createLoaders(context.agentStack);
  });
}

/**
 * A subscription sent over HTTP: Apollo Server executes it like a query (no `subscribe`, no
 * payload), so `resolve` sees nothing. Say where subscriptions live instead of failing obscurely.
 */
function notOverHttp(): GraphQLError {
  return new GraphQLError('Subscriptions are served over graphql-ws (subprotocol graphql-transport-ws) at /graphql', {
    extensions: { code: 'BAD_REQUEST' },
  });
}

/** The error that ends a stream early; `resumeAfter` is what to pass as `after` next time. */
function endedError(ended: FeedEndedError): GraphQLError {
  return new GraphQLError(ended.message, {
    extensions: { code: ended.code, resumeAfter: encodeEventCursor(ended.resumeAfter) },
  });
}
