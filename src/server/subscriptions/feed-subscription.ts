import { eventMatches } from '../../core/events.js';
import type { AgentStackError, AgentStackEvent } from '../../core/index.js';
import type { FeedSubscriptionOptions } from './feed-subscription-options.js';
import type { ReplayHolder, ReplayLease } from './replay-limiter.js';
import { interruptedError, overflowError } from './stream-errors.js';

export type { FeedSubscriptionOptions, LiveFanOut } from './feed-subscription-options.js';

type Phase =
  /** Reading history from the log, not yet receiving live events. */
  | 'replay'
  /** Receiving live events into the buffer while the last log reads close the gap to them. */
  | 'joining'
  /** History done: events come from the buffer only. */
  | 'live'
  | 'ended';

/**
 * One subscriber's ordered stream: history from the log, then live events, as an async iterator.
 *
 * Invariants (why there is no gap and no duplicate):
 *  1. `seen` is the highest sequence this subscription has dealt with (delivered, or read and
 *     found not to match). Events are only handed out with a sequence above `seen`, and `seen`
 *     only grows: so nothing is delivered twice and everything is delivered in order.
 *  2. While replaying, reads go `readEvents(seen, batch)` until a read comes back short: the log
 *     had nothing more at that moment. Only then does the subscription register for live events,
 *     so a long replay never piles live events into the buffer.
 *  3. Registration answers the feed's head `h`: events above `h` will be offered live; events up
 *     to `h` committed before registration, so the log reads that start after registration see
 *     them. Reading on until a read comes back short therefore covers everything up to `h`, and
 *     the live buffer covers everything after it: no gap. Overlap is dropped by invariant 1.
 *  4. Memory is bounded: at most one log batch of history, and at most `maxBuffered` live events.
 *     A consumer that lets the buffer fill is ended with SUBSCRIPTION_OVERFLOW and the cursor of
 *     the last event it received, so it can resume from the log without losing anything.
 *  5. Every log read happens during a turn of the replay limiter: a turn is taken before a read
 *     while replaying and given back once that batch has been handed out; a subscription that
 *     registered for live events keeps its turn until it is live. Only a subscription holding a
 *     turn holds history. Waiting for a turn holds nothing, and loses nothing: the log is read
 *     from `seen` whenever the turn comes.
 *  6. A turn taken back (the client did not take its batch in time, `yieldTurn`) drops the history
 *     and the live buffer, leaves the fan-out and rewinds `seen` to the last event delivered: the
 *     subscription replays from there like a new one with that cursor, so by 1-3 nothing is lost
 *     or repeated.
 */
export class FeedSubscription implements AsyncIterableIterator<AgentStackEvent>, ReplayHolder {
  private phase: Phase = 'replay';
  private seen: number;
  private lastDelivered: number;
  /** Events read from the log and not handed out yet (at most one batch). */
  private history: AgentStackEvent[] = [];
  /** Live events offered by the fan-out and not handed out yet (at most `maxBuffered`). */
  private buffer: AgentStackEvent[] = [];
  private bufferStart = 0;
  /** Why the subscription ended, to be thrown once by the next `next()`. */
  private failure: AgentStackError | null = null;
  /** Called once when the subscription ends, however it ends (made on first use: most have none). */
  private endListeners: (() => void)[] | null = null;
  /** Wakes a `next()` that waits for live events. */
  private wakeConsumer: (() => void) | null = null;
  /** `next()` calls run one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The turn to read the log this subscription holds, if any (invariant 5). */
  private lease: ReplayLease | null = null;
  /** A log read (or the wait for its tokens) is in flight. */
  private reading = false;

  constructor(private readonly options: FeedSubscriptionOptions) {
    this.seen = options.after;
    this.lastDelivered = options.after;
  }

  /** The sequence of the last event handed to the consumer (the starting cursor before any). */
  get resumeCursor(): number {
    return this.lastDelivered;
  }

  /** Live events waiting for the consumer. */
  get buffered(): number {
    return this.buffer.length - this.bufferStart;
  }

  /** The highest position this subscription has dealt with (invariant 1): the log is readable up to it. */
  get position(): number {
    return this.seen;
  }

  /**
   * Events this subscription holds that its client has not taken (for metrics; reads nothing): the
   * history batch read from the log, or the live events in its buffer.
   */
  get held(): number {
    return this.history.length + this.buffered;
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<AgentStackEvent>> {
    const result = this.queue.then(() => this.pull());
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The consumer is done (graphql-ws calls this on `complete` or a closed socket). */
  async return(): Promise<IteratorResult<AgentStackEvent>> {
    this.end(null);
    return { value: undefined, done: true };
  }

  /**
   * Called by the fan-out, synchronously, for every event it reads from the log, in order.
   * Never blocks the fan-out: a full buffer ends this subscription instead.
   */
  offer(event: AgentStackEvent): void {
    if (this.phase !== 'joining' && this.phase !== 'live') return;
    if (event.sequence <= this.seen || !this.matches(event)) return;
    if (this.buffered >= this.options.maxBuffered) {
      this.end(overflowError(this.lastDelivered, this.options.maxBuffered));
      return;
    }
    this.buffer.push(event);
    this.notify();
  }

  /**
   * Ends the subscription; with an error (an overflow, an interrupted log, an expired token), the
   * consumer's next `next()` throws it once.
   */
  end(failure: AgentStackError | null): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.failure = failure;
    this.history = [];
    this.buffer = [];
    this.bufferStart = 0;
    // Leaves the queue for a turn, or gives its turn back (a wait for tokens is called off).
    this.lease = null;
    this.options.replayLimiter?.cancel(this);
    this.options.fanOut.unregister(this);
    this.notify();
    const listeners = this.endListeners;
    this.endListeners = null;
    for (const listener of listeners ?? []) listener();
  }

  /**
   * The replay limiter takes the turn back: the client has not taken its batch in time while
   * others wait (invariant 6). Not while a read is in flight.
   */
  yieldTurn(): boolean {
    if (!this.lease || this.reading || this.phase === 'ended') return false;
    if (this.phase !== 'replay') this.options.fanOut.leave(this);
    this.phase = 'replay';
    this.history = [];
    this.buffer = [];
    this.bufferStart = 0;
    this.seen = this.lastDelivered;
    this.releaseTurn();
    return true;
  }

  /** Runs `listener` once the subscription has ended (at once if it has). */
  onEnd(listener: () => void): void {
    if (this.phase === 'ended') listener();
    else (this.endListeners ??= []).push(listener);
  }

  private async pull(): Promise<IteratorResult<AgentStackEvent>> {
    for (;;) {
      if (this.phase === 'ended') {
        const failure = this.failure;
        this.failure = null;
        if (failure) throw failure;
        return { value: undefined, done: true };
      }
      const fromHistory = this.history.shift();
      if (fromHistory) {
        this.settleTurn();
        return this.deliver(fromHistory);
      }

      if (this.phase === 'replay') {
        // Already at (or past) the live head: nothing to replay, join right away.
        if (this.seen >= this.options.fanOut.head()) {
          this.join();
          continue;
        }
        if (!(await this.takeTurn())) continue; // ended (or the feed closed) while waiting
        const short = await this.readHistory(true);
        if (short && this.phase === 'replay') this.join();
        this.settleTurn();
        continue;
      }
      if (this.phase === 'joining') {
        const short = await this.readHistory(false);
        if (short && this.phase === 'joining') this.phase = 'live';
        this.settleTurn();
        continue;
      }
      // live
      const fromBuffer = this.takeBuffered();
      if (fromBuffer) {
        if (fromBuffer.sequence <= this.seen) continue; // also read from the log while joining
        this.seen = fromBuffer.sequence;
        return this.deliver(fromBuffer);
      }
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
  }

  private join(): void {
    const head = this.options.fanOut.register(this);
    // Everything up to `head` is either behind us already or still to be read from the log.
    this.phase = this.seen >= head ? 'live' : 'joining';
  }

  /** Waits for a turn to read the log (at once without a limiter). False when it ended meanwhile. */
  private async takeTurn(): Promise<boolean> {
    const limiter = this.options.replayLimiter;
    if (!limiter || this.lease?.active) return true;
    const lease = await limiter.acquire(this, this.options.connection ?? null);
    if (this.phase === 'ended') {
      lease?.release();
      return false;
    }
    if (!lease) {
      this.end(null); // the limiter closed: the feed is closing
      return false;
    }
    this.lease = lease;
    return true;
  }

  /**
   * Gives the turn back once its batch has been handed out, unless the subscription is joining
   * (it keeps the turn until it is live, so that the last reads do not queue behind others'
   * replays while its live buffer fills).
   */
  private settleTurn(): void {
    if (this.lease && this.history.length === 0 && this.phase !== 'joining') this.releaseTurn();
  }

  private releaseTurn(): void {
    const lease = this.lease;
    this.lease = null;
    lease?.release();
  }

  /**
   * Reads one batch after `seen` into `history`; answers whether the log had no more. While
   * replaying, the read first waits for its events' tokens; while joining it does not wait (the
   * live buffer is filling) and is charged afterwards.
   */
  private async readHistory(replaying: boolean): Promise<boolean> {
    const { log, filter, batchSize } = this.options;
    const lease = this.lease;
    lease?.busy();
    this.reading = true;
    let events: AgentStackEvent[];
    try {
      if (replaying && lease && !(await lease.reserve(batchSize))) {
        if (this.lease === lease) this.lease = null; // the turn ended while waiting (the feed is closing)
        return false;
      }
      // Let the event loop run what waits (requests, other queries) before each replay batch: a log
      // answered from memory and a socket that takes writes at once would otherwise chain a whole
      // replay through microtasks, and nothing else would run until it ended.
      if (replaying) {
        await yieldToEventLoop();
        if (this.phase === 'ended') {
          lease?.settle(batchSize, 0);
          return false;
        }
      }
      try {
        events = await log.readEvents(this.seen, batchSize, filter);
      } catch (error) {
        if (replaying) lease?.settle(batchSize, 0);
        this.end(interruptedError(this.lastDelivered, error));
        return false;
      }
    } finally {
      this.reading = false;
    }
    if (replaying) lease?.settle(batchSize, events.length);
    else lease?.charge(events.length);
    if (this.phase === 'ended') return false;
    for (const event of events) {
      if (event.sequence <= this.seen) continue; // a store keeping its contract never does this
      this.seen = event.sequence;
      if (this.matches(event)) this.history.push(event);
    }
    if (this.history.length > 0) lease?.ready();
    return events.length < batchSize;
  }

  private matches(event: AgentStackEvent): boolean {
    const { filter, predicate } = this.options;
    return eventMatches(event, filter) && (predicate === null || predicate(event));
  }

  private takeBuffered(): AgentStackEvent | undefined {
    if (this.bufferStart >= this.buffer.length) return undefined;
    const event = this.buffer[this.bufferStart];
    this.bufferStart++;
    // Compact now and then so the array does not keep delivered events alive.
    if (this.bufferStart >= 256 && this.bufferStart * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.bufferStart);
      this.bufferStart = 0;
    }
    return event;
  }

  private deliver(event: AgentStackEvent): IteratorResult<AgentStackEvent> {
    this.lastDelivered = event.sequence;
    return { value: event, done: false };
  }

  private notify(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = null;
    wake?.();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
