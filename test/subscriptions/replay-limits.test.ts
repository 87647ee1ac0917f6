import { afterEach, describe, expect, it } from 'vitest';
import { AgentStack, type AgentStackEvent, type EventFilter } from '../../src/core/index.js';
import { userDid } from '../../src/core/did.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { openTarget } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { sleep, take, waitFor, within } from '../helpers/wait.js';
import { EventFeed, type EventFeedOptions } from '../../src/server/subscriptions/event-feed.js';
import type { EventLogReader } from '../../src/server/subscriptions/event-log-reader.js';
import type { FeedSubscription } from '../../src/server/subscriptions/feed-subscription.js';
import { InProcessWakeSource } from '../../src/server/subscriptions/in-process-wake-source.js';
import { ReplayLimiter, TokenBucket, systemClock, type Clock, type ReplayHolder, type ReplayLease } from '../../src/server/subscriptions/replay-limiter.js';
import { asCaller, EVENTS, type EventData } from './helpers/operations.js';
import { startServer } from './helpers/servers.js';
import { Collector, connect } from './helpers/ws-client.js';
import { OWNER, assertContiguous, createTask, createTasks } from './helpers/world.js';

/** Time that moves only when told to, with the timers it fires. */
class ManualClock implements Clock {
  time = 0;
  private nextId = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.nextId;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time on by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

/** The real clock, counting the timers it has pending (to show none is left behind). */
function countingClock(): Clock & { readonly pending: number } {
  const live = new Set<unknown>();
  return {
    now: () => systemClock.now(),
    setTimeout(callback, ms) {
      const handle: unknown = systemClock.setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      systemClock.clearTimeout(handle);
    },
    get pending() {
      return live.size;
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sequences = (events: AgentStackEvent[]) => events.map((event) => event.sequence);

// ---- the token bucket and the turns alone, on a clock the test moves ------------------------------

describe('TokenBucket', () => {
  it('starts full, then serves waiters in order as tokens accrue, with one timer at a time', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(100, 50, clock); // 100 tokens/s, holds 50
    await expect(bucket.take(50).promise).resolves.toBe(true); // the burst
    const served: string[] = [];
    void bucket.take(30).promise.then((ok) => served.push(`30:${ok}`));
    void bucket.take(10).promise.then((ok) => served.push(`10:${ok}`));
    await flush();
    expect(served).toEqual([]);
    expect(clock.pending).toBe(1);
    await clock.advance(299); // 29.9 tokens
    expect(served).toEqual([]);
    await clock.advance(1); // 30: the first waiter; the second (10) needs 100 ms more
    expect(served).toEqual(['30:true']);
    await clock.advance(99);
    expect(served).toEqual(['30:true']);
    await clock.advance(1);
    expect(served).toEqual(['30:true', '10:true']);
    expect(clock.pending).toBe(0);
  });

  it('give() returns unused tokens to waiters at once; charge() puts the bucket in debt', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(100, 20, clock);
    await bucket.take(20).promise;
    let served = false;
    void bucket.take(15).promise.then(() => (served = true));
    bucket.give(15);
    await flush();
    expect(served).toBe(true);
    bucket.charge(50);
    expect(bucket.available).toBe(-50);
    let after = false;
    void bucket.take(10).promise.then(() => (after = true));
    await clock.advance(599);
    expect(after).toBe(false);
    await clock.advance(1);
    expect(after).toBe(true);
  });

  it('a cancelled wait answers false and leaves the queue; close() answers every waiter false and clears its timer', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(10, 10, clock);
    await bucket.take(10).promise;
    const first = bucket.take(10);
    const second = bucket.take(5);
    first.cancel();
    await expect(first.promise).resolves.toBe(false);
    expect(bucket.waiting).toBe(1);
    await clock.advance(500); // the timer now serves the second waiter (5 tokens)
    await expect(second.promise).resolves.toBe(true);
    const third = bucket.take(10);
    expect(clock.pending).toBe(1);
    bucket.close();
    await expect(third.promise).resolves.toBe(false);
    expect(clock.pending).toBe(0);
    await expect(bucket.take(1).promise).resolves.toBe(false);
  });
});

describe('ReplayLimiter', () => {
  const holder = (name: string, log: string[] = []): ReplayHolder & { name: string } => ({
    name,
    yieldTurn: () => {
      log.push(`yield ${name}`);
      return false;
    },
  });

  it('gives turns round-robin over connections, FIFO within one, at most K at once and k per connection', async () => {
    const clock = new ManualClock();
    const limiter = new ReplayLimiter({ maxReplaying: 2, maxPerConnection: 1, eventsPerSecond: 0, burst: 1, stallMs: 0, clock });
    const a = {};
    const b = {};
    const c = {};
    const order: string[] = [];
    const leases = new Map<string, ReplayLease>();
    const ask = (name: string, connection: object) =>
      void limiter.acquire(holder(name), connection).then((lease) => {
        order.push(name);
        leases.set(name, lease!);
      });
    for (let i = 1; i <= 4; i++) ask(`a${i}`, a);
    ask('b1', b);
    ask('b2', b);
    ask('c1', c);
    await flush();
    // a1 at once; a2 waits (a holds its one turn); b1 takes the second turn.
    expect(order).toEqual(['a1', 'b1']);
    expect(limiter.stats()).toMatchObject({ replaying: 2, replayWaiting: 5 });
    // Each step gives back the oldest turn: a connection waiting since before another connection
    // went again is served first; c's one subscription does not wait for a's whole queue.
    for (let step = 0; leases.size > 0 && step < 20; step++) {
      const oldest = order.find((name) => leases.has(name))!;
      leases.get(oldest)!.release();
      leases.delete(oldest);
      await flush();
    }
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'c1', 'a3', 'a4']);
    expect(limiter.stats()).toMatchObject({ replaying: 0, replayWaiting: 0 });
  });

  it('a cancelled wait leaves the queue; close() answers every wait null and leaves no timer', async () => {
    const clock = new ManualClock();
    const limiter = new ReplayLimiter({ maxReplaying: 1, maxPerConnection: 1, eventsPerSecond: 10, burst: 10, stallMs: 1_000, clock });
    const first = await limiter.acquire(holder('first'), null);
    const second = holder('second');
    const waiting = limiter.acquire(second, null);
    const third = limiter.acquire(holder('third'), null);
    expect(limiter.stats().replayWaiting).toBe(2);
    limiter.cancel(second);
    await expect(waiting).resolves.toBeNull();
    expect(limiter.stats().replayWaiting).toBe(1);
    // The turn waits for tokens it cannot have yet (the bucket is spent) and its batch stalls.
    await first!.reserve(10);
    const tokens = first!.reserve(10);
    first!.ready();
    expect(clock.pending).toBe(2); // the bucket's timer and the stall check
    limiter.close();
    await expect(third).resolves.toBeNull();
    await expect(tokens).resolves.toBe(false);
    expect(clock.pending).toBe(0);
    expect(limiter.timersPending).toBe(false);
    expect(limiter.stats()).toMatchObject({ replaying: 0, replayWaiting: 0 });
    await expect(limiter.acquire(holder('late'), null)).resolves.toBeNull();
  });

  it('takes a stalled turn back only while someone waits, and only once per batch', async () => {
    const clock = new ManualClock();
    const limiter = new ReplayLimiter({ maxReplaying: 1, maxPerConnection: 1, eventsPerSecond: 0, burst: 1, stallMs: 100, clock });
    const log: string[] = [];
    const stalled: ReplayHolder = {
      yieldTurn: () => {
        log.push('asked');
        lease.release();
        return true;
      },
    };
    const lease: ReplayLease = (await limiter.acquire(stalled, null))!;
    lease.ready();
    await clock.advance(1_000);
    expect(log).toEqual([]); // nobody waits: no timer, no question
    expect(clock.pending).toBe(0);
    const next = limiter.acquire(holder('next', log), null);
    await clock.advance(1);
    expect(log).toEqual(['asked']);
    const granted = await next;
    expect(granted).not.toBeNull();
    expect(limiter.stats()).toMatchObject({ replaying: 1, replayPreempted: 1 });
  });
});

// ---- the real feed --------------------------------------------------------------------------

interface Reads {
  /** Replay reads in flight now, and the most ever. */
  inFlight: number;
  peak: number;
  /** Replay reads in flight and their peak, by the filter's ownerDid ('none' without a filter). */
  inFlightBy: Map<string, number>;
  peakBy: Map<string, number>;
  /** Replay reads made, by the filter's ownerDid, in order. */
  log: string[];
}

const POLLER_BATCH = 500;

/**
 * The feed on the in-memory store, woken by AgentStack. Replay reads (those of `replayBatchSize`,
 * never the poller's 500) are counted and take `readDelayMs` each, as a database read would.
 */
async function setup(options: Partial<EventFeedOptions> & { readDelayMs?: number } = {}) {
  const store = new MemoryStore();
  const agentStack = new AgentStack({ store });
  const reads: Reads = { inFlight: 0, peak: 0, inFlightBy: new Map(), peakBy: new Map(), log: [] };
  const replayBatchSize = options.replayBatchSize ?? 10;
  const log: EventLogReader = {
    lastEventSequence: () => store.lastEventSequence(),
    async readEvents(after: number, limit: number, filter?: EventFilter | null) {
      if (limit === POLLER_BATCH) return store.readEvents(after, limit, filter);
      const key = filter?.ownerDid ?? 'none';
      reads.log.push(key);
      reads.inFlight++;
      reads.peak = Math.max(reads.peak, reads.inFlight);
      reads.inFlightBy.set(key, (reads.inFlightBy.get(key) ?? 0) + 1);
      reads.peakBy.set(key, Math.max(reads.peakBy.get(key) ?? 0, reads.inFlightBy.get(key)!));
      try {
        if (options.readDelayMs) await sleep(options.readDelayMs);
        return await store.readEvents(after, limit, filter);
      } finally {
        reads.inFlight--;
        reads.inFlightBy.set(key, reads.inFlightBy.get(key)! - 1);
      }
    },
  };
  const { readDelayMs: _, ...feedOptions } = options;
  const feed = new EventFeed({
    safetyPollMs: 0,
    maxBuffered: 10_000,
    replayEventsPerSecond: 0,
    ...feedOptions,
    log,
    batchSize: POLLER_BATCH,
    replayBatchSize,
  });
  const wakeSource = new InProcessWakeSource(agentStack);
  await feed.start();
  await wakeSource.start((sequence) => feed.wake(sequence));
  cleanups.push(async () => {
    await wakeSource.close();
    await feed.close();
  });
  return { store, agentStack, feed, reads };
}

describe('EventFeed replay limits', () => {
  it('(a) with K=2, ten subscriptions replaying from 0: never more than 2 read at once; each gets every event once, in order, then live ones', async () => {
    const { agentStack, feed, reads } = await setup({ maxReplaying: 2, maxReplayingPerConnection: 2, readDelayMs: 2, replayBatchSize: 7 });
    const N = 60;
    await createTasks(agentStack, N, 'history');
    const subscriptions = await Promise.all(Array.from({ length: 10 }, () => feed.subscribe({ after: 0 })));
    const waitingSeen: number[] = [];
    const sampler = setInterval(() => waitingSeen.push(feed.stats().replayWaiting), 1);
    let histories: AgentStackEvent[][];
    try {
      histories = await Promise.all(subscriptions.map((subscription) => take(subscription, N)));
    } finally {
      clearInterval(sampler);
    }
    for (const history of histories) assertContiguous(sequences(history), 0);
    expect(reads.peak).toBe(2); // the limit, and it was reached: reads did overlap
    expect(Math.max(...waitingSeen)).toBeGreaterThan(0); // and others did wait their turn
    expect(reads.log.length).toBeGreaterThanOrEqual(10 * Math.ceil(N / 7));

    await createTasks(agentStack, 5, 'live');
    const live = await Promise.all(subscriptions.map((subscription) => take(subscription, 5)));
    for (const events of live) assertContiguous(sequences(events), N);
    expect(feed.stats()).toMatchObject({ subscriptions: 10, replaying: 0, replayWaiting: 0, maxReplaying: 2, replayedEvents: expect.any(Number) });
    expect(feed.stats().replayedEvents).toBeGreaterThanOrEqual(10 * N);
  });

  it('(a) per connection: a connection reads with at most k subscriptions at once, next to another connection', async () => {
    const { agentStack, feed, reads } = await setup({ maxReplaying: 8, maxReplayingPerConnection: 2, readDelayMs: 2 });
    const N = 50;
    await createTasks(agentStack, N, 'history');
    const a = {};
    const b = {};
    // Connection b's subscriptions carry a filter that matches every event, to tell their reads apart.
    const subscriptions = [
      ...(await Promise.all(Array.from({ length: 8 }, () => feed.subscribe({ after: 0, connection: a })))),
      ...(await Promise.all(Array.from({ length: 8 }, () => feed.subscribe({ after: 0, connection: b, filter: { ownerDid: OWNER } })))),
    ];
    const histories = await Promise.all(subscriptions.map((subscription) => take(subscription, N)));
    for (const history of histories) assertContiguous(sequences(history), 0);
    expect(reads.peakBy.get('none')).toBe(2);
    expect(reads.peakBy.get(OWNER)).toBe(2);
    expect(reads.peak).toBeLessThanOrEqual(4);
  });

  it('(b) fairness: a connection with 50 replaying subscriptions does not make another connection wait for all of them', async () => {
    // K = k = 2: connection a alone could hold every turn; only the round-robin lets b in.
    const { agentStack, feed, reads } = await setup({ maxReplaying: 2, maxReplayingPerConnection: 2, readDelayMs: 2, replayBatchSize: 10 });
    const N = 100; // 10 batches per subscription: 500 reads for a
    await createTasks(agentStack, N, 'history');
    const a = {};
    const fromA = await Promise.all(Array.from({ length: 50 }, () => feed.subscribe({ after: 0, connection: a })));
    const doneA = new Set<FeedSubscription>();
    const consumersA = fromA.map(async (subscription) => {
      const events = await take(subscription, N, 30_000);
      doneA.add(subscription);
      return events;
    });
    await waitFor('a to fill the queue', () => feed.stats().replayWaiting >= 45);

    const b = {};
    const fromB = await feed.subscribe({ after: 0, connection: b, filter: { ownerDid: OWNER } });
    const first = await take(fromB, 1);
    const readsByA = reads.log.filter((key) => key === 'none').length;
    const waitingThen = feed.stats().replayWaiting;
    const doneThen = doneA.size;
    const rest = await take(fromB, N - 1, 30_000);
    const doneWhenBFinished = doneA.size;
    const histories = await Promise.all(consumersA);

    assertContiguous(sequences([...first, ...rest]), 0);
    for (const history of histories) assertContiguous(sequences(history), 0);
    console.info(
      `[fairness] b's first event came after ${readsByA} of a's 500 reads, with ${waitingThen} of a's subscriptions waiting ` +
        `and ${doneThen} done; ${doneWhenBFinished} of a's 50 were done when b had replayed everything`,
    );
    expect(doneThen).toBe(0);
    expect(waitingThen).toBeGreaterThanOrEqual(40);
    expect(readsByA).toBeLessThan(50); // a tenth of a's reads at most: b waited for a turn, not for a's queue
    expect(doneWhenBFinished).toBeLessThan(50);
  });

  it('(c) the rate: replaying M events at R events/s takes about (M - burst)/R at least, and a write meanwhile stays fast', async () => {
    const R = 1_000;
    const burst = 50;
    const { agentStack, feed } = await setup({ replayEventsPerSecond: R, replayBurst: burst, replayBatchSize: 50, maxReplaying: 4 });
    const N = 400;
    await createTasks(agentStack, N, 'history');
    const started = performance.now();
    const subscriptions = [await feed.subscribe({ after: 0 }), await feed.subscribe({ after: 0, filter: { ownerDid: OWNER } })];
    const replays = Promise.all(subscriptions.map((subscription) => take(subscription, N, 10_000)));
    await sleep(100);
    const writeStarted = performance.now();
    await createTask(agentStack, 'during the replay');
    const writeTook = performance.now() - writeStarted;
    const histories = await replays;
    const took = performance.now() - started;
    const M = 2 * N; // both subscriptions read every event
    console.info(`[rate] ${M} events replayed at ${R}/s (burst ${burst}) in ${Math.round(took)} ms; a write meanwhile took ${writeTook.toFixed(1)} ms`);
    for (const history of histories) assertContiguous(sequences(history), 0);
    expect(took).toBeGreaterThanOrEqual(((M - burst) / R) * 1_000 * 0.9);
    expect(took).toBeLessThan(5_000);
    expect(writeTook).toBeLessThan(100);
    expect(feed.stats()).toMatchObject({ replayEventsPerSecond: R });
    // The live event written during the replay comes next, once, to both.
    for (const subscription of subscriptions) assertContiguous(sequences(await take(subscription, 1)), N);
  });

  it('(d) close() ends subscriptions waiting for a turn or for tokens at once, and leaves no timer', async () => {
    const clock = countingClock();
    const { agentStack, feed } = await setup({
      clock,
      maxReplaying: 2,
      replayEventsPerSecond: 20, // 10 events (a batch) every half second
      replayBurst: 10,
      replayBatchSize: 10,
      replayStallMs: 10_000, // its check is pending: close() must clear it too
    });
    await createTasks(agentStack, 100, 'history');
    const subscriptions = await Promise.all(Array.from({ length: 6 }, () => feed.subscribe({ after: 0 })));
    // The first takes the burst; the second waits for tokens; the rest wait for a turn.
    const [first] = subscriptions;
    await take(first!, 1);
    const pending = subscriptions.slice(1).map((subscription) => subscription.next());
    await waitFor('turns and tokens to be waited for', () => feed.stats().replayWaiting === 4 && feed.stats().replaying === 2);
    expect(clock.pending).toBeGreaterThan(0);
    const firstNext = first!.next(); // still in its first batch: answered from memory
    await expect(firstNext).resolves.toMatchObject({ done: false, value: { sequence: 2 } });

    const started = performance.now();
    await feed.close();
    const results = await within('the waiting next() calls', Promise.all(pending), 500);
    const took = performance.now() - started;
    expect(results).toEqual(pending.map(() => ({ value: undefined, done: true })));
    expect(took).toBeLessThan(200);
    await expect(first!.next()).resolves.toEqual({ value: undefined, done: true });
    expect(clock.pending).toBe(0);
    expect(feed.stats()).toMatchObject({ subscriptions: 0, replaying: 0, replayWaiting: 0 });
  });

  it('(e) a queued subscription that is returned leaves the queue and never reads', async () => {
    const { agentStack, feed, reads } = await setup({ maxReplaying: 1, replayStallMs: 0 });
    await createTasks(agentStack, 30, 'history');
    const holding = await feed.subscribe({ after: 0 });
    await take(holding, 1); // holds the only turn: its client stops after one event
    const other = userDid('queued');
    const queued = await feed.subscribe({ after: 0, filter: { ownerDid: other } });
    const pending = queued.next();
    await waitFor('the second subscription to queue', () => feed.stats().replayWaiting === 1);
    await queued.return();
    await expect(within('the queued next()', pending, 1_000)).resolves.toEqual({ value: undefined, done: true });
    expect(feed.stats()).toMatchObject({ subscriptions: 1, replaying: 1, replayWaiting: 0 });
    // The first goes on as before; the returned one never read the log.
    assertContiguous(sequences(await take(holding, 29)), 1);
    expect(reads.log).not.toContain(other);
    expect(feed.stats()).toMatchObject({ replaying: 0, replayWaiting: 0 });
  });

  it('a client that does not take its batch loses its turn while others wait, and then still gets everything once, in order', async () => {
    const { agentStack, feed } = await setup({ maxReplaying: 1, replayStallMs: 50, replayBatchSize: 10 });
    const N = 40;
    await createTasks(agentStack, N, 'history');
    const stalled = await feed.subscribe({ after: 0 });
    const head = await take(stalled, 3); // then its client pauses, 7 events of its batch not taken
    const other = await feed.subscribe({ after: 0, filter: { ownerDid: OWNER } });
    assertContiguous(sequences(await take(other, N, 5_000)), 0);
    expect(feed.stats().replayPreempted).toBeGreaterThanOrEqual(1);
    // The paused client resumes: it reads on from the last event it received, nothing twice.
    const rest = await take(stalled, N - 3);
    assertContiguous(sequences([...head, ...rest]), 0);
    await createTask(agentStack, 'live');
    for (const subscription of [stalled, other]) assertContiguous(sequences(await take(subscription, 1)), N);
    // Both read all N; the paused one read the 7 events it had not taken a second time.
    expect(feed.stats().replayedEvents).toBeGreaterThanOrEqual(2 * N + 7);
  });

  it('a subscription losing its turn after registering for live events leaves the fan-out and loses nothing', async () => {
    const { agentStack, feed } = await setup({ maxReplaying: 1, replayStallMs: 30, replayBatchSize: 10 });
    await createTasks(agentStack, 5, 'history');
    const stalled = await feed.subscribe({ after: 0 });
    const [firstEvent] = await take(stalled, 1); // one short read: registered for live events, 4 history events not taken
    await createTasks(agentStack, 3, 'live while stalled');
    const other = await feed.subscribe({ after: 0, filter: { ownerDid: OWNER } });
    assertContiguous(sequences(await take(other, 8, 5_000)), 0);
    expect(feed.stats().replayPreempted).toBeGreaterThanOrEqual(1);
    await createTasks(agentStack, 2, 'live after');
    const rest = await take(stalled, 9);
    assertContiguous(sequences([firstEvent!, ...rest]), 0);
    assertContiguous(sequences(await take(other, 2)), 8);
  });

  it('a replay lets other work run between its batches, even when the log answers from memory', async () => {
    const { agentStack, feed } = await setup({ replayBatchSize: 10 });
    await createTasks(agentStack, 1_000, 'history');
    const subscription = await feed.subscribe({ after: 0 });
    let received = 0;
    const replay = (async () => {
      for (; received < 1_000; received++) await subscription.next();
    })();
    const atTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(received), 0));
    await replay;
    expect(atTimer).toBeLessThan(1_000); // a timer ran in the middle of the replay, not after it
  });

  it('subscriptions without a cursor or at the head never wait for a turn', async () => {
    const { agentStack, feed } = await setup({ maxReplaying: 1, replayStallMs: 0 });
    await createTasks(agentStack, 20, 'history');
    const holding = await feed.subscribe({ after: 0 });
    await take(holding, 1); // holds the only turn
    const fresh = await feed.subscribe();
    const atHead = await feed.subscribe({ after: 20 });
    const next = [fresh.next(), atHead.next()];
    await createTask(agentStack, 'live');
    const events = await within('live events past the busy replay', Promise.all(next), 1_000);
    expect(events.map((result) => result.value?.sequence)).toEqual([21, 21]);
  });

  it('refusals name the limit and its value; subscriptions waiting to replay count against them', async () => {
    const { agentStack, feed } = await setup({ maxReplaying: 1, maxPerConnection: 3, maxSubscriptions: 5 });
    await createTasks(agentStack, 20, 'history');
    const connection = {};
    const mine = await Promise.all(Array.from({ length: 3 }, () => feed.subscribe({ after: 0, connection })));
    void mine.map((subscription) => subscription.next());
    await waitFor('two to wait for a turn', () => feed.stats().replayWaiting === 2);
    await expect(feed.subscribe({ after: 0, connection })).rejects.toMatchObject({
      code: 'SUBSCRIPTION_LIMIT',
      message: expect.stringMatching(/holds 3 subscriptions, its limit \(per connection/),
    });
    await feed.subscribe({ after: 0 });
    await feed.subscribe({ after: 0 });
    await expect(feed.subscribe({ after: 0 })).rejects.toMatchObject({
      code: 'SUBSCRIPTION_LIMIT',
      message: expect.stringMatching(/holds 5 subscriptions, its limit \(per process/),
    });
  });

  it('checks its options', () => {
    const log = new MemoryStore();
    expect(() => new EventFeed({ log, maxReplaying: 0 })).toThrow(/maxReplaying must be a positive integer/);
    expect(() => new EventFeed({ log, maxReplayingPerConnection: 1.5 })).toThrow(/maxReplayingPerConnection/);
    expect(() => new EventFeed({ log, replayEventsPerSecond: -1 })).toThrow(/replayEventsPerSecond/);
    expect(() => new EventFeed({ log, replayBatchSize: 100, replayBurst: 99 })).toThrow(/replayBurst must be an integer of at least replayBatchSize \(100\)/);
    expect(new EventFeed({ log }).stats()).toMatchObject({
      maxReplaying: 16,
      maxReplayingPerConnection: 4,
      replayEventsPerSecond: 5_000,
      replaying: 0,
      replayWaiting: 0,
    });
    expect(new EventFeed({ log, replayEventsPerSecond: 0 }).stats().replayEventsPerSecond).toBe(0);
  });
});

// ---- over graphql-ws, on the real server with its default limits ---------------------------------

describe.runIf(runsOn('memory'))('replay limits over graphql-ws', () => {
  it('one socket replaying from 0 with many subscriptions gets everything, at most 4 reading at once; closing it empties the queue', async () => {
    const opened = await openTarget('memory');
    // The feed's log port, counting replay reads in flight (each takes a millisecond or two, as a
    // database read would); the server's AgentStack writes to the same store.
    let inFlight = 0;
    let peak = 0;
    const log = Object.create(opened.store) as typeof opened.store;
    log.readEvents = async (after, limit, filter) => {
      if (limit === 500) return opened.store.readEvents(after, limit, filter); // the poller's reads
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await sleep(1);
        return await opened.store.readEvents(after, limit, filter);
      } finally {
        inFlight--;
      }
    };
    const server = await startServer({ ...opened, database: { ...opened.database, store: log } });
    cleanups.push(async () => {
      await server.close();
      await opened.close();
    });
    const owner = userDid('replaying-socket');
    const start = await opened.agentStack.lastEventSequence();
    for (let i = 0; i < 250; i++) {
      await opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: `history ${i}` }, { actorDid: owner });
    }
    const client = connect(server.wsUrl, asCaller(owner));
    cleanups.push(() => client.dispose());
    let peakWaiting = 0;
    const sampler = setInterval(() => {
      peakWaiting = Math.max(peakWaiting, server.subscriptions.stats().replayWaiting);
    }, 1);
    try {
      const collectors = Array.from({ length: 12 }, () => new Collector<EventData>(client, EVENTS, { after: String(start), filter: { ownerDid: owner } }));
      for (const collector of collectors) await collector.waitForResults(250);
      for (const collector of collectors) {
        assertContiguous(
          collector.data.map(({ events }) => Number(events.cursor)),
          start,
        );
      }
    } finally {
      clearInterval(sampler);
    }
    console.info(`[ws] 12 subscriptions replaying 250 events on one socket: at most ${peak} reads at once, up to ${peakWaiting} waiting`);
    expect(peak).toBeLessThanOrEqual(4); // the default per connection
    expect(peak).toBeGreaterThanOrEqual(2);
    expect(server.subscriptions.stats()).toMatchObject({ subscriptions: 12, replaying: 0, replayWaiting: 0, maxReplayingPerConnection: 4 });

    // Subscriptions still waiting for their turn when the socket goes leave the queue.
    const second = connect(server.wsUrl, asCaller(owner));
    Array.from({ length: 20 }, () => new Collector<EventData>(second, EVENTS, { after: String(start), filter: { ownerDid: owner } }));
    await waitFor('the second socket to queue', () => server.subscriptions.stats().replayWaiting > 0);
    await second.dispose();
    await waitFor('its subscriptions to be gone', () => server.subscriptions.stats().subscriptions === 12);
    expect(server.subscriptions.stats()).toMatchObject({ replaying: 0, replayWaiting: 0 });
  });
});
