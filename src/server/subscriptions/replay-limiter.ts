/**
 * Bounds on replay: how many subscriptions read history from the event log at once, and how many
 * events per second they read in all. One client replaying history must not starve the others:
 * neither the database pool, nor the event loop, nor memory.
 *
 * A subscription catching up takes a *turn* (a `ReplayLease`) for each batch it reads, and gives it
 * back once its client has taken that batch. Turns go round-robin over connections (each in FIFO
 * order), at most `maxReplaying` at once in the process and `maxPerConnection` per connection: a
 * connection with 1,000 replaying subscriptions gets its share, not the server. Subscriptions that
 * wait for a turn hold nothing and read nothing; they lose nothing either, since the log is the
 * truth and they read on from their cursor when their turn comes.
 *
 * Every batch first draws its events from a process-wide token bucket (`eventsPerSecond`, up to
 * `burst` at once), so replay throughput is bounded however many turns there are.
 *
 * A client that does not take its batch within `stallMs` while others wait loses its turn: it
 * drops what it had read (it is re-read later) and queues again. So a paused or trickling client
 * cannot keep its turns, and memory stays at most `maxReplaying` batches of history.
 */

import { systemClock, TokenBucket, type Clock, type Wait } from './token-bucket.js';

export { systemClock, TokenBucket, type Clock } from './token-bucket.js';

/** What takes turns: a replaying subscription. */
export interface ReplayHolder {
  /**
   * Its client has not taken its batch for `stallMs` while others wait: drop what it holds, give
   * the turn back (release the lease) and read on later from the last event the client received.
   * Answers false when it cannot right now (it is reading the log); it is asked again later.
   */
  yieldTurn(): boolean;
}

export interface ReplayLimiterOptions {
  /** Turns at once in the process. */
  maxReplaying: number;
  /** Turns at once per connection (subscriptions without a connection hold one at most anyway). */
  maxPerConnection: number;
  /** Events per second over all replays; 0: no rate limit. */
  eventsPerSecond: number;
  /** Events the bucket holds (a burst after a quiet spell); at least the largest batch. */
  burst: number;
  /** A turn whose batch the client has not taken within this long is given back while others wait; 0: never. */
  stallMs: number;
  clock?: Clock;
}

export interface ReplayLimiterStats {
  /** Subscriptions holding a turn now (reading a batch or handing one out). */
  replaying: number;
  /** Subscriptions waiting for a turn. */
  replayWaiting: number;
  maxReplaying: number;
  maxReplayingPerConnection: number;
  /** The rate limit on replay reads, events per second (0: none). */
  replayEventsPerSecond: number;
  /** Events read by replays since start (monotonic). */
  replayedEvents: number;
  /** Turns taken back from clients that did not take their batch in time, since start (monotonic). */
  replayPreempted: number;
}

interface Waiting {
  readonly holder: ReplayHolder;
  readonly group: ReplayGroup;
  readonly resolve: (lease: ReplayLease | null) => void;
  readonly promise: Promise<ReplayLease | null>;
}

/** A connection's subscriptions (or one subscription without a connection). */
export interface ReplayGroup {
  readonly key: object;
  readonly waiting: Set<Waiting>;
  holding: number;
}

/** One turn: the right to read one batch of history (or to finish joining live events). */
export class ReplayLease {
  /** When the batch read under this turn became the client's to take; null while reading or done. */
  readyAt: number | null = null;
  private released = false;
  private tokenWait: Wait | null = null;

  constructor(
    private readonly limiter: ReplayLimiter,
    readonly holder: ReplayHolder,
    readonly group: ReplayGroup,
  ) {}

  get active(): boolean {
    return !this.released;
  }

  /**
   * Waits until `count` events may be read (reserves them from the bucket). False when the turn
   * ended meanwhile (the subscription ended, the feed closed).
   */
  async reserve(count: number): Promise<boolean> {
    if (this.released) return false;
    const bucket = this.limiter.bucket;
    if (!bucket) return true;
    const wait = bucket.take(Math.min(count, bucket.capacity));
    this.tokenWait = wait;
    const ok = await wait.promise;
    if (this.tokenWait === wait) this.tokenWait = null;
    if (ok && this.released) bucket.give(Math.min(count, bucket.capacity));
    return ok && !this.released;
  }

  /** After a read with `reserved` tokens: `read` events came back; the rest goes back to the bucket. */
  settle(reserved: number, read: number): void {
    this.limiter.count(read);
    const bucket = this.limiter.bucket;
    if (!bucket) return;
    const unused = Math.min(reserved, bucket.capacity) - read;
    if (unused > 0) bucket.give(unused);
    else bucket.charge(-unused);
  }

  /** A read that did not wait for tokens (joining live events must not wait): charged afterwards. */
  charge(read: number): void {
    this.limiter.count(read);
    this.limiter.bucket?.charge(read);
  }

  /** The batch is read and waits for the client to take it. */
  ready(): void {
    if (this.released) return;
    this.readyAt = this.limiter.clock.now();
    this.limiter.scheduleSweep();
  }

  /** Reading again: not a stall. */
  busy(): void {
    this.readyAt = null;
  }

  /** Gives the turn back. Idempotent; calls off a wait for tokens. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.readyAt = null;
    this.tokenWait?.cancel();
    this.tokenWait = null;
    this.limiter.released(this);
  }
}

/** Turns for replaying subscriptions; see the top of this file. */
export class ReplayLimiter {
  readonly bucket: TokenBucket | null;
  readonly clock: Clock;
  private readonly maxReplaying: number;
  private readonly maxPerConnection: number;
  private readonly stallMs: number;
  private readonly groups = new Map<object, ReplayGroup>();
  /** Groups with waiting subscriptions, in turn order: the next turn goes to the first eligible one. */
  private readonly ring = new Set<ReplayGroup>();
  private readonly waiting = new Map<ReplayHolder, Waiting>();
  private readonly leases = new Map<ReplayHolder, ReplayLease>();
  private sweepTimer: unknown = null;
  private closed = false;
  private replayedEvents = 0;
  private preempted = 0;

  constructor(options: ReplayLimiterOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxReplaying = options.maxReplaying;
    this.maxPerConnection = options.maxPerConnection;
    this.stallMs = options.stallMs;
    this.bucket = options.eventsPerSecond > 0 ? new TokenBucket(options.eventsPerSecond, options.burst, this.clock) : null;
  }

  /**
   * A turn for `holder`, once one is free and it is its connection's turn. Null when the wait was
   * called off (`cancel`) or the limiter closed. Asking again while waiting or holding answers the
   * same wait or turn.
   */
  acquire(holder: ReplayHolder, connection: object | null): Promise<ReplayLease | null> {
    if (this.closed) return Promise.resolve(null);
    const held = this.leases.get(holder);
    if (held) return Promise.resolve(held);
    const queued = this.waiting.get(holder);
    if (queued) return queued.promise;
    const key = connection ?? holder;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, waiting: new Set(), holding: 0 };
      this.groups.set(key, group);
    }
    let resolve!: (lease: ReplayLease | null) => void;
    const promise = new Promise<ReplayLease | null>((settle) => {
      resolve = settle;
    });
    const entry: Waiting = { holder, group, resolve, promise };
    group.waiting.add(entry);
    this.waiting.set(holder, entry);
    this.ring.add(group); // a group already in the ring keeps its place
    this.dispatch();
    this.scheduleSweep();
    return promise;
  }

  /** `holder` is gone: it leaves the queue, or gives its turn back. */
  cancel(holder: ReplayHolder): void {
    const entry = this.waiting.get(holder);
    if (entry) {
      this.waiting.delete(holder);
      entry.group.waiting.delete(entry);
      if (entry.group.waiting.size === 0) this.ring.delete(entry.group);
      this.forgetIfIdle(entry.group);
      if (this.waiting.size === 0) this.clearSweep();
      entry.resolve(null);
    }
    this.leases.get(holder)?.release();
  }

  /** Calls off every wait (they answer null and false) and every timer. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearSweep();
    this.bucket?.close();
    const entries = [...this.waiting.values()];
    this.waiting.clear();
    this.ring.clear();
    for (const entry of entries) {
      entry.group.waiting.delete(entry);
      this.forgetIfIdle(entry.group);
      entry.resolve(null);
    }
    for (const lease of [...this.leases.values()]) lease.release();
  }

  stats(): ReplayLimiterStats {
    return {
      replaying: this.leases.size,
      replayWaiting: this.waiting.size,
      maxReplaying: this.maxReplaying,
      maxReplayingPerConnection: this.maxPerConnection,
      replayEventsPerSecond: this.bucket?.rate ?? 0,
      replayedEvents: this.replayedEvents,
      replayPreempted: this.preempted,
    };
  }

  /** Whether a timer of the limiter or its bucket is pending (tests check none is left behind). */
  get timersPending(): boolean {
    return this.sweepTimer !== null || (this.bucket?.timerPending ?? false);
  }

  // ---- used by ReplayLease ------------------------------------------------------------------

  /** @internal */
  count(events: number): void {
    this.replayedEvents += events;
  }

  /** @internal */
  released(lease: ReplayLease): void {
    if (this.leases.get(lease.holder) !== lease) return;
    this.leases.delete(lease.holder);
    lease.group.holding--;
    this.forgetIfIdle(lease.group);
    this.dispatch();
  }

  /** @internal Sets the stall timer for the oldest ready batch, when someone waits for a turn. */
  scheduleSweep(): void {
    if (this.sweepTimer !== null || this.stallMs <= 0 || this.waiting.size === 0 || this.closed) return;
    let oldest = Infinity;
    for (const lease of this.leases.values()) if (lease.readyAt !== null && lease.readyAt < oldest) oldest = lease.readyAt;
    if (oldest === Infinity) return;
    const ms = Math.max(1, Math.ceil(oldest + this.stallMs - this.clock.now()));
    this.sweepTimer = this.clock.setTimeout(() => {
      this.sweepTimer = null;
      this.sweep();
    }, ms);
  }

  // ---- turns ----------------------------------------------------------------------------------

  /** Hands out free turns, one per eligible connection per round. */
  private dispatch(): void {
    if (this.closed) return;
    while (this.leases.size < this.maxReplaying && this.ring.size > 0) {
      let granted = false;
      for (const group of [...this.ring]) {
        if (this.leases.size >= this.maxReplaying) break;
        if (group.holding >= this.maxPerConnection) continue;
        const entry = group.waiting.values().next().value as Waiting; // the ring holds groups with waiters only
        this.grant(entry);
        this.ring.delete(group);
        if (group.waiting.size > 0) this.ring.add(group); // to the back: the others' turn first
        granted = true;
      }
      if (!granted) break; // every waiting connection is at its own limit
    }
    if (this.waiting.size === 0) this.clearSweep();
  }

  private grant(entry: Waiting): void {
    this.waiting.delete(entry.holder);
    entry.group.waiting.delete(entry);
    entry.group.holding++;
    const lease = new ReplayLease(this, entry.holder, entry.group);
    this.leases.set(entry.holder, lease);
    entry.resolve(lease);
  }

  /** Takes turns back from clients that have not taken their batch within `stallMs`. */
  private sweep(): void {
    const now = this.clock.now();
    for (const lease of [...this.leases.values()]) {
      if (this.waiting.size === 0) break;
      if (lease.readyAt === null || now - lease.readyAt < this.stallMs) continue;
      lease.readyAt = null; // asked once per batch
      if (lease.holder.yieldTurn()) this.preempted++;
    }
    this.scheduleSweep();
  }

  private forgetIfIdle(group: ReplayGroup): void {
    if (group.waiting.size === 0 && group.holding === 0) this.groups.delete(group.key);
  }

  private clearSweep(): void {
    if (this.sweepTimer === null) return;
    this.clock.clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
  }
}
