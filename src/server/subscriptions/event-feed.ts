import { BadUserInputError, type AgentStackError, type AgentStackEvent } from '../../core/index.js';
import { OpenSubscriptions } from './open-subscriptions.js';
import { HintBackoff } from './hint-backoff.js';
import { SharedEndRead } from './shared-end-read.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_HINT_RETRY_BUDGET_MS,
  DEFAULT_HINT_RETRY_FIRST_MS,
  DEFAULT_HINT_RETRY_MAX_MS,
  DEFAULT_MAX_BUFFERED,
  DEFAULT_MAX_PER_CONNECTION,
  DEFAULT_MAX_SUBSCRIPTIONS,
  DEFAULT_REPLAY_BATCH_SIZE,
  DEFAULT_SAFETY_POLL_MS,
  nonNegative,
  positive,
  replayLimiterFor,
  type EventFeedOptions,
  type EventFeedStats,
  type SubscribeOptions,
} from './event-feed-options.js';
import type { EventLogReader } from './event-log-reader.js';
import { FeedSubscription, type LiveFanOut } from './feed-subscription.js';
import { systemClock, type Clock, type ReplayLimiter } from './replay-limiter.js';

export * from './event-feed-options.js';

/**
 * The process-wide live event feed: one poller follows the event log and fans each event out to
 * every subscription registered for live events.
 *
 * The log is the single source of truth. Wake-ups (PostgreSQL NOTIFY, the in-process AgentStack,
 * a slow timer) carry no data the feed relies on: each only means "the log may have grown, read
 * it again". So a lost, late, duplicated or spurious wake-up can delay an event, never lose or
 * repeat one, and a replica learns about writes made by any other replica from the same log.
 *
 * Catching up is bounded (replay-limiter.ts): at most `maxReplaying` subscriptions read history at
 * once (`maxReplayingPerConnection` per connection, turns round-robin over connections, one batch
 * per turn), and all of them together read at most `replayEventsPerSecond`. The others wait for a
 * turn, holding nothing; none is refused for it. A client that holds a turn without taking its
 * batch gives it back after `replayStallMs` when others wait.
 *
 * Nobody to fan out to, nothing to do: while no subscription receives live events, a wake-up
 * costs no SQL at all (it is only noted). The head is moved lazily instead: a subscribe reads the
 * log's end anyway (its starting point), and a subscription joining the fan-out has just read the
 * log up to its own position; when it is the first to join, the poller reads once from the head
 * if a wake-up was missed meanwhile.
 *
 * Positions (sequences) strictly increase in the order readers may see them, but are not
 * consecutive, and a wake-up may name a position that is not readable yet (an older write
 * transaction is still in flight: the log only answers below its visibility high-water mark). Then
 * the poller reads again soon (`hintRetryFirstMs`, doubling up to `hintRetryMaxMs`) until its head
 * reaches the hinted position, while someone receives live events, within `hintRetryBudgetMs`.
 *
 * Invariants: every event up to `head` is readable (no event at or below it can appear in the
 * log later); at any instant between awaits, every registered subscription has been offered every
 * event up to `head` that arrived after it registered, and will be offered every event after
 * `head`. (The head moves inside a synchronous fan-out of events read from the log, or, while no
 * subscription is registered, jumps to a position a subscribe or a registration found readable.)
 */
export class EventFeed implements LiveFanOut {
  private readonly log: EventLogReader;
  private readonly batchSize: number;
  private readonly replayBatchSize: number;
  private readonly maxBuffered: number;
  private readonly safetyPollMs: number;
  private readonly retryDelayMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly replayLimiter: ReplayLimiter;
  private readonly clock: Clock;
  private readonly hintBackoff: HintBackoff;

  private readonly live = new Set<FeedSubscription>();
  /** Every subscription not ended yet, live or still replaying (for close, stats and limits), with its connection. */
  private readonly open: OpenSubscriptions<FeedSubscription>;
  private currentHead = 0;
  private state: 'new' | 'running' | 'closed' = 'new';
  private pumping: Promise<void> | null = null;
  /** A wake-up came while a read was in flight: read once more afterwards. */
  private again = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The highest position a wake-up named (the log has it, or will once older writes finish). */
  private hinted = 0;
  /** A wake-up without a position came while nobody received live events: read once someone does. */
  private missedWake = false;
  /** The log's end, for subscribes: one read at a time, shared (shared-end-read.ts). */
  private readonly logEnd: SharedEndRead;
  /** Subscribes in progress (not open yet): wake-ups are wanted for them too. */
  private subscribing = 0;
  private readonly want: ((wanted: boolean) => Promise<void>) | null;
  private polls = 0;

  constructor(options: EventFeedOptions) {
    this.log = options.log;
    this.logEnd = new SharedEndRead(this.log);
    this.batchSize = positive('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.replayBatchSize = positive('replayBatchSize', options.replayBatchSize ?? DEFAULT_REPLAY_BATCH_SIZE);
    this.maxBuffered = positive('maxBuffered', options.maxBuffered ?? DEFAULT_MAX_BUFFERED);
    this.open = new OpenSubscriptions(
      positive('maxSubscriptions', options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS),
      positive('maxPerConnection', options.maxPerConnection ?? DEFAULT_MAX_PER_CONNECTION),
    );
    this.safetyPollMs = options.safetyPollMs ?? DEFAULT_SAFETY_POLL_MS;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.onError = options.onError ?? (() => {});
    this.want = options.want ?? null;
    this.clock = options.clock ?? systemClock;
    const hintFirstMs = positive('hintRetryFirstMs', options.hintRetryFirstMs ?? DEFAULT_HINT_RETRY_FIRST_MS);
    const hintMaxMs = Math.max(hintFirstMs, positive('hintRetryMaxMs', options.hintRetryMaxMs ?? DEFAULT_HINT_RETRY_MAX_MS));
    this.hintBackoff = new HintBackoff(this.clock, hintFirstMs, hintMaxMs, nonNegative('hintRetryBudgetMs', options.hintRetryBudgetMs ?? DEFAULT_HINT_RETRY_BUDGET_MS));
    this.replayLimiter = replayLimiterFor(options, this.replayBatchSize);
  }

  /**
   * Starts following the log. Reads nothing: the head starts at 0 (trivially readable) and moves
   * when someone subscribes (see the class comment).
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`EventFeed cannot start: it is ${this.state}`);
    this.state = 'running';
    if (this.safetyPollMs > 0) {
      this.pollTimer = setInterval(() => this.poll(), this.safetyPollMs);
      this.pollTimer.unref();
    }
  }

  /**
   * "The log may have grown", up to `sequence` when the source knows it (a NOTIFY payload, an
   * AgentStack event): that lets the feed skip a read for an event it has already fanned out, and
   * read again soon while that position is not readable yet. Costs nothing while nobody receives
   * live events.
   */
  wake(sequence?: number): void {
    if (this.state !== 'running') return;
    const known = sequence !== undefined && Number.isSafeInteger(sequence);
    if (known && sequence > this.hinted) this.hinted = sequence;
    if (this.live.size === 0) {
      if (!known) this.missedWake = true;
      return;
    }
    if (!this.pumping && known && sequence <= this.currentHead) return;
    this.poll();
  }

  /** Reads the log from the head now (or once more after the read in flight), if anyone receives live events. */
  private poll(): void {
    if (this.state !== 'running' || this.live.size === 0) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      this.followHint();
    });
  }

  /**
   * A new subscription's event stream. Without `after`, it starts after the newest event
   * committed now, so it sees exactly what commits from this call on.
   */
  async subscribe(options: SubscribeOptions = {}): Promise<FeedSubscription> {
    if (this.state !== 'running') throw new Error(`EventFeed is ${this.state}: cannot subscribe`);
    const connection = options.connection ?? null;
    this.open.checkCapacity(connection);
    const cursor = options.after ?? null;
    if (cursor !== null && (!Number.isSafeInteger(cursor) || cursor < 0)) throw new BadUserInputError(`after must be a non-negative integer, got ${cursor}`);
    this.subscribing++;
    try {
      // Before the log is read: from here on every commit wakes this feed (WakeSource.want).
      await this.want?.(true);
      return await this.openSubscription(options, connection, cursor);
    } finally {
      this.subscribing--;
      this.wantIfOpen();
    }
  }

  /** Nothing open or opening: wake-ups are not wanted any more. */
  private wantIfOpen(): void {
    if (this.want && this.open.size === 0 && this.subscribing === 0) void this.want(false);
  }

  private async openSubscription(options: SubscribeOptions, connection: object | null, cursor: number | null): Promise<FeedSubscription> {
    // While the head follows the log (someone receives live events), a cursor at or below it is
    // known to be readable: no need to ask the log where it ends. Otherwise the head may be behind
    // the log, and it is moved to the end read here, so that a subscription whose position reaches
    // the head has no history left to replay (FeedSubscription joins the fan-out at once then).
    let after: number;
    if (cursor !== null && this.live.size > 0 && cursor <= this.currentHead) {
      after = cursor;
    } else {
      const end = await this.logEnd.read();
      if (this.state !== 'running') throw new Error(`EventFeed is ${this.state}: cannot subscribe`);
      // Nobody follows the log live: move the head to its end now that it was read (nobody relies on what it skips).
      if (this.live.size === 0 && end > this.currentHead) this.currentHead = end;
      after = cursor ?? end;
      // A cursor past the end of the log would silently skip the events that get those positions.
      if (after > end) throw new BadUserInputError(`Cursor ${after} is ahead of the event log (last event: ${end})`);
    }
    this.open.checkCapacity(connection); // again: others may have subscribed while we read the log's end
    const subscription = new FeedSubscription({
      log: this.log,
      fanOut: this,
      after,
      filter: options.filter ?? null,
      predicate: options.predicate ?? null,
      batchSize: this.replayBatchSize,
      maxBuffered: positive('maxBuffered', options.maxBuffered ?? this.maxBuffered),
      replayLimiter: this.replayLimiter,
      connection,
    });
    this.open.add(subscription, connection);
    return subscription;
  }

  stats(): EventFeedStats {
    return {
      head: this.currentHead,
      subscriptions: this.open.size,
      maxSubscriptions: this.open.maxSubscriptions,
      maxPerConnection: this.open.maxPerConnection,
      opened: this.open.opened,
      refused: this.open.refused,
      ...this.open.load(),
      polls: this.polls,
      hintRetries: this.hintBackoff.retries,
      ...this.replayLimiter.stats(),
    };
  }

  /**
   * Ends every open subscription of `connection` with the error `failure()` makes (e.g. its token
   * expired): one walk over the open subscriptions, so a connection needs no timer per subscription.
   */
  endConnection(connection: object, failure: () => AgentStackError): void {
    this.open.endConnection(connection, failure);
  }

  /** Ends every subscription (they complete) and stops polling. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.hintBackoff.reset();
    // First: waits for a turn or for tokens are called off, and no turn is handed out any more.
    this.replayLimiter.close();
    this.open.endAll();
    await this.pumping;
  }

  // ---- LiveFanOut (used by FeedSubscription) -------------------------------------------

  head(): number {
    return this.currentHead;
  }

  register(subscription: FeedSubscription): number {
    if (subscription.ended) return this.currentHead;
    const first = this.live.size === 0;
    if (first && subscription.position > this.currentHead) {
      // Nobody followed the log live, so the head may be behind it. This subscription has read
      // the log up to its position: everything up to there is readable, and no registered
      // subscription relies on what the jump skips.
      this.currentHead = subscription.position;
    }
    this.live.add(subscription);
    // Wake-ups were only noted while nobody listened: read what they announced (the read starts
    // from the head answered here, after the registration).
    if (first && (this.missedWake || this.hinted > this.currentHead)) {
      this.missedWake = false;
      this.poll();
    }
    return this.currentHead;
  }

  leave(subscription: FeedSubscription): void {
    this.live.delete(subscription);
  }

  unregister(subscription: FeedSubscription): void {
    this.live.delete(subscription);
    this.open.delete(subscription);
    this.wantIfOpen();
  }

  // ---- the poller ------------------------------------------------------------------------

  /**
   * Reads the log from `head` until it is exhausted, fanning every event out as it goes; stops
   * when nobody receives live events any more (the head then stays where it is, see `register`).
   */
  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        while (this.live.size > 0) {
          this.polls++;
          const events = await this.log.readEvents(this.currentHead, this.batchSize);
          if (this.state !== 'running') return;
          this.fanOut(events);
          if (events.length < this.batchSize) break;
        }
      } while (this.again && this.state === 'running');
    } catch (error) {
      this.onError(error);
      // The log is the truth: try again a little later; subscriptions just wait meanwhile.
      if (this.state === 'running' && !this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.poll();
        }, this.retryDelayMs);
        this.retryTimer.unref();
      }
    }
  }

  /**
   * After a read: if a wake-up named a position the head has not reached (not readable yet: an
   * older write is still in flight), read again soon, backing off, within the budget; someone must
   * be receiving live events. The budget spent, the hint is dropped: the safety poll or the next
   * wake-up reads it (a hint from another schema on the same database never becomes readable here).
   */
  private followHint(): void {
    if (this.state !== 'running' || this.retryTimer) return;
    if (this.hinted <= this.currentHead || this.live.size === 0) {
      this.hintBackoff.reset();
      return;
    }
    if (this.hintBackoff.pending) return;
    const scheduled = this.hintBackoff.schedule(() => {
      this.poll();
      // Nobody live any more: no read started, and none will until someone registers.
      if (!this.pumping) this.followHint();
    });
    if (!scheduled) this.hinted = this.currentHead;
  }

  /** Synchronous on purpose: registration can never observe a half-distributed batch. */
  private fanOut(events: readonly AgentStackEvent[]): void {
    for (const event of events) {
      if (event.sequence <= this.currentHead) continue; // a store keeping its contract never does this
      this.currentHead = event.sequence;
      for (const subscription of this.live) subscription.offer(event);
    }
  }
}
