import type { AgentStackEvent, EventFilter } from '../../core/index.js';
import type { EventLogReader } from './event-log-reader.js';
import type { FeedSubscription } from './feed-subscription.js';
import type { ReplayLimiter } from './replay-limiter.js';

/** What a subscription needs from the feed that fans live events out to it. */
export interface LiveFanOut {
  /** The sequence of the newest event already offered to registered subscriptions. */
  head(): number;
  /**
   * Adds the subscription to the fan-out and answers `head()` at that same instant. Every
   * event with a greater sequence will be offered to it; every event up to that head has
   * already committed (the feed only fans out what it read from the log).
   */
  register(subscription: FeedSubscription): number;
  /** Takes the subscription out of the fan-out only (it goes back to replaying; it stays open). */
  leave(subscription: FeedSubscription): void;
  /** The subscription has ended: out of the fan-out and of every count. */
  unregister(subscription: FeedSubscription): void;
}

export interface FeedSubscriptionOptions {
  log: EventLogReader;
  fanOut: LiveFanOut;
  /** The client already has everything up to this sequence; delivery starts after it. */
  after: number;
  /** Pushed down to the log reads, and applied to live events. */
  filter: EventFilter | null;
  /** An extra test after the filter (e.g. "is a status change"), for what an EventFilter cannot say. */
  predicate: ((event: AgentStackEvent) => boolean) | null;
  /** Events per log read while catching up. */
  batchSize: number;
  /** The most live events held for a consumer that has not pulled them yet. */
  maxBuffered: number;
  /**
   * Turns and a rate for log reads (see replay-limiter.ts): every read of the log this
   * subscription makes happens during a turn. Without it, reads are unlimited.
   */
  replayLimiter?: ReplayLimiter | null;
  /** The connection whose turn it is to read (turns go round-robin over connections). */
  connection?: object | null;
}
