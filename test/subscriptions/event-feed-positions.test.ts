import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStackEvent, EventFilter } from '../../src/core/index.js';
import { EventFeed, type EventFeedOptions } from '../../src/server/subscriptions/event-feed.js';
import type { EventLogReader } from '../../src/server/subscriptions/event-log-reader.js';
import { sleep, take, waitFor, within } from '../helpers/wait.js';

/**
 * The feed over an event log of *positions* (transaction id × 1024 + index in the transaction), as
 * the PostgreSQL store numbers events: strictly increasing in the order readers may see them, not
 * consecutive, and readable only below a visibility high-water mark (the first position of the
 * oldest write transaction still in flight). A NOTIFY then may name a position that is not readable
 * yet. The log is a fake (EventLogReader is the feed's whole view of the store), so a test can hold a
 * transaction open for exactly as long as it wants.
 */
class PositionLog implements EventLogReader {
  private nextTransaction = 1;
  private readonly committed: AgentStackEvent[] = [];
  private readonly inFlight = new Set<number>();
  reads = 0;
  ends = 0;

  /** Opens a write transaction; its events get positions transaction × 1024 + index on commit. */
  begin(): { commit(count: number): number[] } {
    const transaction = this.nextTransaction++;
    this.inFlight.add(transaction);
    return {
      commit: (count) => {
        this.inFlight.delete(transaction);
        const positions = Array.from({ length: count }, (_, i) => transaction * 1024 + i);
        for (const position of positions) this.committed.push(fakeEvent(position));
        this.committed.sort((a, b) => a.sequence - b.sequence);
        return positions;
      },
    };
  }

  /** A transaction that commits `count` events at once; answers their positions. */
  write(count = 1): number[] {
    return this.begin().commit(count);
  }

  /** Readers see positions below the first position of the oldest transaction still in flight. */
  private get highWaterMark(): number {
    return this.inFlight.size === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...this.inFlight) * 1024;
  }

  async readEvents(after: number, limit: number, _filter?: EventFilter | null): Promise<AgentStackEvent[]> {
    this.reads++;
    await sleep(1);
    const mark = this.highWaterMark;
    return this.committed.filter((event) => event.sequence > after && event.sequence < mark).slice(0, limit);
  }

  async lastEventSequence(): Promise<number> {
    this.ends++;
    await sleep(1);
    const mark = this.highWaterMark;
    return this.committed.filter((event) => event.sequence < mark).at(-1)?.sequence ?? 0;
  }
}

function fakeEvent(position: number): AgentStackEvent {
  return { sequence: position, type: 'agent.registered', occurredAt: new Date(0).toISOString() } as unknown as AgentStackEvent;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function feedOn(log: PositionLog, options: Partial<EventFeedOptions> = {}): Promise<EventFeed> {
  const feed = new EventFeed({ log, safetyPollMs: 0, replayEventsPerSecond: 0, batchSize: 4, replayBatchSize: 3, ...options });
  await feed.start();
  cleanups.push(() => feed.close());
  return feed;
}

const positions = (events: AgentStackEvent[]) => events.map((event) => event.sequence);

describe('EventFeed over non-consecutive, high-water-marked positions', () => {
  it('replays after a cursor and continues live across gaps, each event once, in order', async () => {
    const log = new PositionLog();
    const feed = await feedOn(log);
    const history = [...log.write(3), ...log.write(1), ...log.write(5)];
    const subscription = await feed.subscribe({ after: history[1]! });
    const replayed = await take(subscription, history.length - 2);
    expect(positions(replayed)).toEqual(history.slice(2));
    const live: number[] = [];
    for (let i = 0; i < 4; i++) {
      const written = log.write(i + 1);
      live.push(...written);
      feed.wake(written.at(-1));
    }
    expect(positions(await take(subscription, live.length))).toEqual(live);
    expect(feed.stats()).toMatchObject({ head: live.at(-1), largestLag: 0, buffered: 0 });
  });

  it('a hinted position not readable yet (an older write in flight) is read within milliseconds once it is, without the safety poll', async () => {
    const log = new PositionLog();
    const feed = await feedOn(log);
    const subscription = await feed.subscribe();
    const pending = take(subscription, 3);
    await waitFor('the subscription to receive live events', () => feed.stats().subscriptions === 1 && log.reads + log.ends > 0);

    const older = log.begin(); // still in flight: hides everything after its position
    const newer = log.write(2);
    feed.wake(newer.at(-1)); // the NOTIFY of the newer transaction
    await sleep(30);
    expect(feed.stats().head).toBeLessThan(newer[0]!); // not readable yet
    const started = performance.now();
    const [olderPosition] = older.commit(1); // its NOTIFY is lost: only the re-reads can find it
    const received = await within('the events after the older write finished', pending, 2_000);
    const waited = performance.now() - started;
    expect(positions(received)).toEqual([olderPosition, ...newer]);
    expect(waited).toBeLessThan(500); // the re-reads back off to 200 ms at most
    expect(feed.stats().hintRetries).toBeGreaterThan(0);
    // Reached: no more re-reads.
    const reads = log.reads;
    await sleep(100);
    expect(log.reads).toBe(reads);
  });

  it('re-reads for a hint stop after the budget (a hint that never becomes readable), and never run without a live subscriber', async () => {
    const log = new PositionLog();
    const feed = await feedOn(log, { hintRetryBudgetMs: 60 });
    feed.wake(10 * 1024); // nobody subscribed: nothing is read, not even the log's end
    await sleep(50);
    expect(log.reads + log.ends).toBe(0);

    const subscription = await feed.subscribe();
    void subscription.next();
    await waitFor('the subscription to join', () => log.reads > 0); // joining reads what the hint announced
    feed.wake(50 * 1024); // e.g. another schema's NOTIFY on the same channel: never readable here
    await waitFor('the re-reads to stop', async () => {
      const before = log.reads;
      await sleep(150);
      return log.reads === before;
    });
    const retries = feed.stats().hintRetries;
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBeLessThan(10); // 5 + 10 + 20 + 40 ms, then the budget is spent

    // Re-reads stop as well when the last live subscriber leaves.
    feed.wake(60 * 1024);
    await subscription.return();
    const reads = log.reads;
    await sleep(100);
    expect(log.reads - reads).toBeLessThanOrEqual(1); // at most the read already in flight
  });

  it('a subscriber joining after unfollowed writes gets history and live events across the gap between head and log', async () => {
    const log = new PositionLog();
    const feed = await feedOn(log);
    const early = log.write(2);
    const first = await feed.subscribe({ after: 0 });
    expect(positions(await take(first, 2))).toEqual(early);
    await first.return();
    const unfollowed = [...log.write(3), ...log.write(4)];
    for (const position of unfollowed) feed.wake(position); // noted, not read: nobody listens
    const reads = log.reads;
    const ends = log.ends;
    expect([log.reads - reads, log.ends - ends]).toEqual([0, 0]);
    const fromEarly = await feed.subscribe({ after: early.at(-1)! });
    const fromNow = await feed.subscribe();
    const live = log.write(2);
    feed.wake(live.at(-1));
    expect(positions(await take(fromEarly, unfollowed.length + live.length))).toEqual([...unfollowed, ...live]);
    expect(positions(await take(fromNow, live.length))).toEqual(live);
  });

  it('a burst of subscribes reads the log\'s end a few times, not once each, and each starts from its own call on', async () => {
    const log = new PositionLog();
    const feed = await feedOn(log, { maxSubscriptions: 1_000 });
    const before = log.write(2);
    const subscriptions = await Promise.all(Array.from({ length: 200 }, () => feed.subscribe()));
    expect(log.ends).toBeLessThanOrEqual(2);
    const later = log.write(1);
    feed.wake(later[0]);
    for (const subscription of subscriptions) expect(positions(await take(subscription, 1))).toEqual(later);
    expect(before.every((position) => position < later[0]!)).toBe(true);
  });

  it('refuses a cursor past the readable end of the log (a position an in-flight write would hide)', async () => {
    const log = new PositionLog();
    const feed = await feedOn(log);
    log.write(1);
    const older = log.begin();
    const newer = log.write(1);
    await expect(feed.subscribe({ after: newer[0]! })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    older.commit(1);
    await expect(feed.subscribe({ after: newer[0]! })).resolves.toBeDefined();
  });
});
