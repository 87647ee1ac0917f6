import { GraphQLError } from 'graphql';
import { isAgentStackError } from '../../core/index.js';
import { isStatusChange, STATUS_CHANGE_EVENT_TYPES } from '../../core/events.js';
import type { AgentStackEvent, CallOptions, EventFilter } from '../../core/index.js';
import type { ErrorCode } from '../../core/protocol.js';
import { callOptions, type GraphQLContext } from '../context.js';
import { decodeEventCursor } from '../cursors.js';
import { toGraphQLEvent } from '../event-mapping.js';
import { GraphQLEventStream, type GraphQLEventStreamOptions, type StreamItem } from '../event-stream.js';
import type { SubscriptionResolvers } from '../generated/resolvers-types.js';
import { createLoaders, type Loaders } from '../loaders.js';

/**
 * `Subscription` resolvers, over the LiveEvents port the transport puts into the context. Each
 * `subscribe` opens a stream (history after `after`, then live); each `resolve` maps one event to
 * the field's value straight from the event's own payload (the entity as it was right after the
 * event), so a router can join other subgraphs' fields on the entity's key.
 */
export const Subscription: SubscriptionResolvers = {
  agentStackEvents: {
    subscribe: async (_root, { after, filter }, context) => openStream(context, after ?? null, filter ?? null, null),
    resolve: (item: StreamItem | undefined) => toGraphQLEvent(delivered(item)),
  },
  taskStatusChanged: {
    subscribe: async (_root, { taskId, ownerDid, assigneeDid, after }, context) =>
      openStream(context, after ?? null, { types: STATUS_CHANGE_EVENT_TYPES, taskId, ownerDid, assigneeDid }, isStatusChange),
    resolve: (item: StreamItem | undefined) => {
      const event = delivered(item);
      if (!isStatusChange(event)) throw new Error(`Event ${event.sequence} is not a status change`); // the predicate guarantees it
      return event.task;
    },
  },
};

async function openStream(
  context: GraphQLContext,
  after: string | null,
  filter: EventFilter | null,
  predicate: typeof isStatusChange | null,
): Promise<GraphQLEventStream> {
  if (!context.liveEvents) throw notOverHttp();
  // Absent `after` means "from now", not "from the beginning" as in Query.agentStackEvents.
  const stream = await context.liveEvents.subscribe({ after: after === null ? null : decodeEventCursor(after), filter, predicate });
  // An idle subscription holds no DataLoaders (seven, with their caches, otherwise): they are made
  // when a field of the event being delivered first asks, and dropped before the next event.
  const loaders = new EventLoaders(context);
  context.loaders = loaders;
  return new GraphQLEventStream(stream, new EventDelivery(context, loaders));
}

/**
 * What each event of a subscription goes through before it is executed. Methods, not closures:
 * one is held per open subscription (a bundle that keeps function names gives each closure a
 * property store of its own, ~300 bytes).
 */
class EventDelivery implements GraphQLEventStreamOptions {
  private readonly options: CallOptions;

  constructor(
    private readonly context: GraphQLContext,
    private readonly loaders: EventLoaders,
  ) {
    this.options = callOptions(context);
  }

  /** Only what the caller may see, judged when each event is delivered (a revoked grant counts at once). */
  visible(event: AgentStackEvent): Promise<boolean> {
    return this.context.agentStack.isEventVisible(event, this.options);
  }

  /** Fresh DataLoaders per event: the subscription lives long; cached reads must not. */
  beforeEach(): void {
    this.loaders.reset();
  }
}

/** A subscription's loaders: made on first use, for one event at a time (see openStream). */
class EventLoaders implements Loaders {
  private current: Loaders | null = null;

  constructor(private readonly context: Pick<GraphQLContext, 'agentStack' | 'caller'>) {}

  /** The next event gets fresh loaders (cached reads must not outlive the event). */
  reset(): void {
    this.current = null;
  }

  private get all(): Loaders {
    return (this.current ??= createLoaders(this.context.agentStack, this.context.caller));
  }

  get tasks() {
    return this.all.tasks;
  }
  get taskFields() {
    return this.all.taskFields;
  }
  get agents() {
    return this.all.agents;
  }
  get delegations() {
    return this.all.delegations;
  }
  get taskPages() {
    return this.all.taskPages;
  }
  get relatedTaskPages() {
    return this.all.relatedTaskPages;
  }
  get delegationPages() {
    return this.all.delegationPages;
  }
  get relatedDelegationPages() {
    return this.all.relatedDelegationPages;
  }
}

/** The event to resolve; an early end is thrown here, so it reaches the client as this field's error. */
function delivered(item: StreamItem | undefined) {
  if (item === undefined) throw notOverHttp();
  if (isAgentStackError(item)) throw item;
  return item;
}

/**
 * A subscription sent over HTTP: Apollo Server executes it like a query (no `subscribe`, no
 * payload), so `resolve` sees nothing. Say where subscriptions live instead of failing obscurely.
 */
function notOverHttp(): GraphQLError {
  return new GraphQLError('Subscriptions are served over graphql-ws (subprotocol graphql-transport-ws) at /graphql', {
    extensions: { code: 'BAD_REQUEST' satisfies ErrorCode },
  });
}
