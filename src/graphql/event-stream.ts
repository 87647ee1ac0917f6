import { isAgentStackError, type AgentStackError, type AgentStackEvent } from '../core/index.js';
import type { EventStream } from './live-events.js';

/** What a Subscription field's `resolve` receives: an event, or the reason the stream ended early. */
export type StreamItem = AgentStackEvent | AgentStackError;

export interface GraphQLEventStreamOptions {
  /** Asked before each event: an event the caller may not see is skipped, never delivered. */
  visible?: (event: AgentStackEvent) => Promise<boolean>;
  /** Runs before each delivered event is executed. */
  beforeEach?: () => void;
}

/**
 * Adapts a live event stream to what graphql-js `subscribe` iterates.
 *
 * - An early end (overflow, interrupted log, expired token) becomes one last item instead of a thrown error,
 *   so the field's `resolve` turns it into a GraphQL error with a resume cursor in a regular
 *   `next` payload, followed by `complete`: clients and gateways relay that like any field
 *   error, where a thrown error would become a bare protocol `error` message.
 * - `visible` filters each event by the caller's permission, at the time it is delivered.
 * - `beforeEach` runs before each event is executed (fresh per-event DataLoaders: one
 *   subscription lives for hours; its loaders must not serve hours-old reads).
 * - Not an async generator on purpose: a generator waiting for the next event cannot be
 *   `return()`ed until that event arrives, so an idle subscription would never be released
 *   when its client leaves. Here `return()` reaches the source at once.
 */
export class GraphQLEventStream implements AsyncIterableIterator<StreamItem> {
  private finished = false;

  constructor(
    private readonly source: EventStream,
    private readonly options: GraphQLEventStreamOptions = {},
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<StreamItem>> {
    if (this.finished) return { value: undefined, done: true };
    try {
      for (;;) {
        const result = await this.source.next();
        if (result.done) {
          this.finished = true;
          return result;
        }
        if (this.options.visible && !(await this.options.visible(result.value))) continue;
        if (this.finished) return { value: undefined, done: true }; // returned while we checked
        this.options.beforeEach?.();
        return result;
      }
    } catch (error) {
      this.finished = true;
      if (isAgentStackError(error)) return { value: error, done: false };
      throw error;
    }
  }

  async return(): Promise<IteratorResult<StreamItem>> {
    this.finished = true;
    await this.source.return();
    return { value: undefined, done: true };
  }
}
