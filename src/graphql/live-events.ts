import type { AgentStackEvent, EventFilter } from '../core/index.js';

/**
 * The port Subscription resolvers read from: the live, durable event stream, which the transport
 * that serves subscriptions (src/server's graphql-ws) puts into the context. The GraphQL layer
 * knows nothing of how it is fed (log poller, NOTIFY, replicas).
 */
export interface LiveEvents {
  /**
   * The committed events after `after` (a sequence; null: from now) that match `filter` and
   * `predicate`, in commit order, then live ones as they commit, with no gap and no duplicate,
   * until the consumer calls `return()`. May refuse with BAD_USER_INPUT (a cursor ahead of the
   * log) or SUBSCRIPTION_LIMIT; a stream that cannot go on ends by throwing a StreamEndedError
   * that says where to resume.
   */
  subscribe(request: LiveEventsRequest): Promise<EventStream>;
}

export interface LiveEventsRequest {
  after: number | null;
  filter: EventFilter | null;
  /** An extra test after the filter (e.g. "is a status change"), for what an EventFilter cannot say. */
  predicate?: ((event: AgentStackEvent) => boolean) | null;
}

/** An event stream that releases what it holds as soon as `return()` is called, even while waiting. */
export interface EventStream extends AsyncIterableIterator<AgentStackEvent> {
  return(): Promise<IteratorResult<AgentStackEvent>>;
}
