import type { AgentStackEvent, EventFilter } from '../../core/index.js';
import { ReplayLimiter, type Clock, type ReplayLimiterStats } from './replay-limiter.js';
import type { EventLogReader } from './event-log-reader.js';

// What an EventFeed (event-feed.ts) is configured with and reports, and its defaults.

export interface EventFeedOptions {
  log: EventLogReader;
  /** Events per read of the shared poller (one per process). Default 500. */
  batchSize?: number;
  /**
   * Events per read of a subscription catching up from the log. Only a subscription holding a
   * replay turn holds such a batch, so history in memory is at most `maxReplaying` batches
   * (events carry up to 64 KiB of metadata). Default 100.
   */
  replayBatchSize?: number;
  /** Live events held per subscription before a slow consumer is ended. Default 1,000. */
  maxBuffered?: number;
  /** Open subscriptions in this process at most; more are refused with SUBSCRIPTION_LIMIT. Default 10,000. */
  maxSubscriptions?: number;
  /** Open subscriptions per connection at most (see SubscribeOptions.connection). Default 100. */
  maxPerConnection?: number;
  /**
   * Re-read the log this often even without a wake-up, so that a lost notification can only
   * delay an event, never lose it. Default 3,000 ms; 0 turns it off (tests).
   */
  safetyPollMs?: number;
  /**
   * Subscriptions reading history from the log at once in this process; more wait their turn
   * (nothing is refused or lost: they read on from their cursor when it comes). Turns go
   * round-robin over connections, one batch per turn. Default 16.
   */
  maxReplaying?: number;
  /** Subscriptions of one connection reading history at once (see `maxReplaying`). Default 4. */
  maxReplayingPerConnection?: number;
  /**
   * Events per second that replays read from the log, over all subscriptions of the process (a
   * token bucket each replay batch draws from before it reads). Default 5,000; 0: no limit.
   */
  replayEventsPerSecond?: number;
  /**
   * The most events replays may read at once after a quiet spell (the bucket's size). At least
   * `replayBatchSize`. Default: a tenth of a second at `replayEventsPerSecond`, at least one batch.
   */
  replayBurst?: number;
  /**
   * A replaying client that has not taken its batch this long after it was read gives its turn
   * back when others wait (the batch is dropped and read again later), so paused or trickling
   * clients cannot hold the turns. Default 2,000 ms; 0: never.
   */
  replayStallMs?: number;
  /** Time and timers for the replay limits and the hint re-reads (tests). */
  clock?: Clock;
  /**
   * Told whether this feed wants wake-ups: true from the first subscribe while none is open,
   * false once none is open or opening (WakeSource.want). A subscribe reads the log only after
   * `want(true)` resolved.
   */
  want?: (wanted: boolean) => Promise<void>;
  /** Wait before re-reading after a failed log read. Default 500 ms. */
  retryDelayMs?: number;
  /**
   * Re-reads while the head is below a hinted position (see `wake`): the first after this long,
   * then doubling up to `hintRetryMaxMs`, for at most `hintRetryBudgetMs` of waiting in all, after
   * which the safety poll (or the next wake-up) takes over. Defaults 5, 200 and 2,000 ms.
   */
  hintRetryFirstMs?: number;
  hintRetryMaxMs?: number;
  hintRetryBudgetMs?: number;
  /** Failed log reads are reported here (they are retried). */
  onError?: (error: unknown) => void;
}

export interface SubscribeOptions {
  /**
   * Deliver events after this sequence. Without it: after the newest committed event. A cursor
   * past the newest committed event is refused (BadUserInputError).
   */
  after?: number | null;
  filter?: EventFilter | null;
  predicate?: ((event: AgentStackEvent) => boolean) | null;
  /** Overrides the feed's `maxBuffered` for this subscription. */
  maxBuffered?: number;
  /**
   * The connection the subscription belongs to (any object, e.g. its socket): at most
   * `maxPerConnection` of a connection's subscriptions are open at once.
   */
  connection?: object | null;
}

export interface EventFeedStats extends ReplayLimiterStats {
  /**
   * The newest position the poller has read and fanned out (or, while nobody receives live events,
   * the newest one a subscribe or a registration found readable: the head only moves when needed).
   */
  head: number;
  subscriptions: number;
  /** The most open subscriptions this process accepts. */
  maxSubscriptions: number;
  /** The most open subscriptions one connection may hold. */
  maxPerConnection: number;
  /** Subscriptions opened since start (monotonic). */
  opened: number;
  /** Subscriptions refused at the process or a connection's limit since start (monotonic). */
  refused: number;
  /** Live events buffered over all subscriptions. */
  buffered: number;
  /** The fullest single subscription buffer right now (never above its `maxBuffered`). */
  largestBuffer: number;
  /**
   * The most events any open subscription holds that its client has not taken: live events in its
   * buffer, or the history batch it read (FeedSubscription.held). Positions are not consecutive,
   * so how much history a replay still has ahead cannot be told without reading; subscriptions
   * catching up are counted in `replaying` and `replayWaiting`.
   */
  largestLag: number;
  /** Log reads made by the shared poller. */
  polls: number;
  /** Re-reads made because a hinted position was not readable yet (see `wake`). */
  hintRetries: number;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_REPLAY_BATCH_SIZE = 100;
export const DEFAULT_MAX_BUFFERED = 1_000;
export const DEFAULT_SAFETY_POLL_MS = 3_000;
export const DEFAULT_MAX_SUBSCRIPTIONS = 10_000;
export const DEFAULT_MAX_PER_CONNECTION = 100;
export const DEFAULT_MAX_REPLAYING = 16;
export const DEFAULT_MAX_REPLAYING_PER_CONNECTION = 4;
export const DEFAULT_REPLAY_EVENTS_PER_SECOND = 5_000;
export const DEFAULT_REPLAY_STALL_MS = 2_000;
export const DEFAULT_HINT_RETRY_FIRST_MS = 5;
export const DEFAULT_HINT_RETRY_MAX_MS = 200;
export const DEFAULT_HINT_RETRY_BUDGET_MS = 2_000;

export function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export function nonNegative(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** The replay limiter a feed's options describe (replay-limiter.ts); refuses a burst below one replay batch. */
export function replayLimiterFor(options: EventFeedOptions, replayBatchSize: number): ReplayLimiter {
  const eventsPerSecond = nonNegative('replayEventsPerSecond', options.replayEventsPerSecond ?? DEFAULT_REPLAY_EVENTS_PER_SECOND);
  const burst = options.replayBurst ?? Math.max(replayBatchSize, Math.ceil(eventsPerSecond / 10));
  if (eventsPerSecond > 0 && (!Number.isInteger(burst) || burst < replayBatchSize)) {
    throw new RangeError(`replayBurst must be an integer of at least replayBatchSize (${replayBatchSize}), got ${burst}`);
  }
  return new ReplayLimiter({
    maxReplaying: positive('maxReplaying', options.maxReplaying ?? DEFAULT_MAX_REPLAYING),
    maxPerConnection: positive('maxReplayingPerConnection', options.maxReplayingPerConnection ?? DEFAULT_MAX_REPLAYING_PER_CONNECTION),
    eventsPerSecond,
    burst,
    stallMs: nonNegative('replayStallMs', options.replayStallMs ?? DEFAULT_REPLAY_STALL_MS),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
