import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentStack, type AgentStackEvent } from '../../src/core/index.js';
import { isStatusChange } from '../../src/core/events.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { InProcessWakeSource } from '../../src/server/subscriptions/in-process-wake-source.js';
import { EventFeed } from '../../src/server/subscriptions/event-feed.js';
import type { EventLogReader } from '../../src/server/subscriptions/event-log-reader.js';
import { StreamEndedError } from '../../src/core/index.js';
import { take, waitFor, within } from '../helpers/wait.js';
import { AGENT, OWNER, OTHER_OWNER, assertContiguous, createTask, createTasks, registerAgents } from './helpers/world.js';

/** The feed alone, on the in-memory store, woken by AgentStack like on the embedded database. */
async function setup(options: { log?: (store: MemoryStore, agentStack: AgentStack) => EventLogReader; maxBuffered?: number; batchSize?: number; safetyPollMs?: number } = {}) {
  const store = new MemoryStore();
  const agentStack = new AgentStack({ store });
  const log = options.log ? options.log(store, agentStack) : store;
  const feed = new EventFeed({
    log,
    batchSize: options.batchSize ?? 50,
    replayBatchSize: options.batchSize ?? 50,
    maxBuffered: options.maxBuffered ?? 1_000,
    safetyPollMs: options.safetyPollMs ?? 0,
  });
  const wakeSource = new InProcessWakeSource(agentStack);
  await feed.start();
  await wakeSource.start((sequence) => feed.wake(sequence));
  cleanups.push(async () => {
    await wakeSource.close();
    await feed.close();
  });
  return { store, agentStack, feed };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const sequences = (events: AgentStackEvent[]) => events.map((event) => event.sequence);

describe('EventFeed', () => {
  it('replays after a cursor, then continues live, in order, with no gap and no duplicate', async () => {
    const { agentStack, feed } = await setup({ batchSize: 7 });
    await createTasks(agentStack, 30, 'history');
    const subscription = await feed.subscribe({ after: 10 });
    const replayed = await take(subscription, 20);
    assertContiguous(sequences(replayed), 10);
    await createTasks(agentStack, 25, 'live');
    const live = await take(subscription, 25);
    assertContiguous(sequences(live), 30);
    expect(feed.stats()).toMatchObject({ subscriptions: 1, buffered: 0, head: 55 });
  });

  it('loses nothing when events commit while the replay reads the log', async () => {
    // Every read of the log lets three more events commit first: the log keeps growing
    // under the replay, the worst case for the hand-over from history to live events.
    let writes = 0;
    let interleave = true;
    const writesDuringReads: Promise<unknown>[] = [];
    const { agentStack, feed } = await setup({
      batchSize: 5,
      log: (store, stack) => ({
        lastEventSequence: () => store.lastEventSequence(),
        async readEvents(after, limit, filter) {
          if (interleave && writes < 120) {
            writes += 3;
            const batch = Promise.all([1, 2, 3].map((i) => createTask(stack, `during read ${writes}.${i}`)));
            writesDuringReads.push(batch);
            await batch;
          }
          return store.readEvents(after, limit, filter);
        },
      }),
    });
    await createTasks(agentStack, 12, 'before');
    const subscription = await feed.subscribe({ after: 0 });
    const received: AgentStackEvent[] = [];
    // Pull until everything committed so far has arrived (the log grows under each read).
    while (received.length < (await agentStack.lastEventSequence())) received.push(...(await take(subscription, 1)));
    expect(writes).toBeGreaterThanOrEqual(18); // the replay really did race with commits
    // Live now: the poller's reads let more events commit too (up to 120 in all).
    await createTasks(agentStack, 5, 'after');
    interleave = false;
    // No read starts a write from here on; the ones already started (all recorded when their
    // read began) must commit before the log's end is final.
    await within('the writes started inside reads', Promise.all(writesDuringReads));
    while (received.length < (await agentStack.lastEventSequence())) received.push(...(await take(subscription, 1)));
    assertContiguous(sequences(received), 0);
    expect(received).toHaveLength(await agentStack.lastEventSequence());
  });

  it('starts at the end of the log without a cursor', async () => {
    const { agentStack, feed } = await setup();
    await createTasks(agentStack, 5, 'old');
    const subscription = await feed.subscribe();
    const fresh = await createTask(agentStack, 'new');
    const [event] = await take(subscription, 1);
    expect(event).toMatchObject({ sequence: 6, type: 'task.created', task: { id: fresh.id } });
  });

  it('applies the filter and the predicate to history and live events alike', async () => {
    const { agentStack, feed } = await setup({ batchSize: 3 });
    await registerAgents(agentStack);
    const mine = await createTask(agentStack, 'mine');
    await createTask(agentStack, 'theirs', { ownerDid: OTHER_OWNER });
    const asOwner = { actorDid: OWNER };
    await agentStack.assignTask(mine.id, AGENT, asOwner);
    const subscription = await feed.subscribe({ after: 0, filter: { ownerDid: OWNER }, predicate: isStatusChange });
    await agentStack.updateTaskStatus(mine.id, 'running', {}, asOwner);
    await agentStack.updateTaskStatus(mine.id, 'running', { metadata: { note: 'no status change' } }, asOwner);
    await agentStack.updateTaskStatus(mine.id, 'complete', {}, asOwner);
    const events = await take(subscription, 3);
    expect(events.map((event) => ('task' in event ? event.task.status : null))).toEqual(['queued', 'running', 'complete']);
  });

  it('ends a consumer that falls too far behind with a resume cursor, and memory stays bounded', async () => {
    const { agentStack, feed } = await setup({ maxBuffered: 20 });
    const subscription = await feed.subscribe();
    await createTasks(agentStack, 3, 'read');
    const read = await take(subscription, 3);
    // The consumer stops reading while 100 more events commit.
    let peakBuffered = 0;
    for (let i = 0; i < 100; i++) {
      await createTask(agentStack, `unread ${i}`);
      peakBuffered = Math.max(peakBuffered, feed.stats().buffered);
    }
    expect(peakBuffered).toBeLessThanOrEqual(20);
    expect(feed.stats()).toMatchObject({ subscriptions: 0, buffered: 0 });
    const failure = await subscription.next().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StreamEndedError);
    expect(failure).toMatchObject({ code: 'SUBSCRIPTION_OVERFLOW', resumeAfter: read[2]!.sequence });
    expect(await subscription.next()).toEqual({ value: undefined, done: true });

    // Resuming from the cursor gets exactly what was missed.
    const resumed = await feed.subscribe({ after: (failure as StreamEndedError).resumeAfter });
    assertContiguous(sequences(await take(resumed, 100)), 3);
  });

  it('without any wake-up, the safety poll still delivers', async () => {
    const store = new MemoryStore();
    const agentStack = new AgentStack({ store });
    const feed = new EventFeed({ log: store, safetyPollMs: 50 });
    await feed.start();
    cleanups.push(() => feed.close());
    const subscription = await feed.subscribe();
    await createTask(agentStack, 'quiet');
    const [event] = await take(subscription, 1, 2_000);
    expect(event?.sequence).toBe(1);
  });

  it('a failing log read ends a replaying subscription with a resume cursor; the poller retries', async () => {
    let down = false;
    const errors: unknown[] = [];
    const store = new MemoryStore();
    const agentStack = new AgentStack({ store });
    const feed = new EventFeed({
      log: {
        lastEventSequence: () => store.lastEventSequence(),
        readEvents: async (after, limit, filter) => {
          if (down) throw new Error('database unreachable');
          return store.readEvents(after, limit, filter);
        },
      },
      safetyPollMs: 0,
      retryDelayMs: 20,
      onError: (error) => errors.push(error),
    });
    await feed.start();
    const wakeSource = new InProcessWakeSource(agentStack);
    await wakeSource.start((sequence) => feed.wake(sequence));
    cleanups.push(async () => {
      await wakeSource.close();
      await feed.close();
    });
    const live = await feed.subscribe();
    await createTask(agentStack, 'before the outage');
    await take(live, 1);

    down = true;
    await createTask(agentStack, 'during the outage');
    await waitFor('the poller to report the failure', () => errors.length > 0);
    const replaying = await feed.subscribe({ after: 0 });
    await expect(replaying.next()).rejects.toMatchObject({ code: 'SUBSCRIPTION_INTERRUPTED', resumeAfter: 0 });

    down = false;
    // The live subscription just waited; the poller's retry delivers what committed meanwhile.
    const [event] = await take(live, 1, 3_000);
    expect(event?.sequence).toBe(2);
  });

  it('close completes every subscription, waiting or not', async () => {
    const { feed } = await setup();
    const register = vi.spyOn(feed, 'register');
    const waiting = await feed.subscribe();
    const idle = await feed.subscribe({ after: 0 });
    const pending = waiting.next();
    // Joining the fan-out is the last step before next() waits for a live event.
    await waitFor('the waiting next() to join the live fan-out', () => register.mock.calls.some(([subscription]) => subscription === waiting));
    await feed.close();
    await expect(within('the waiting next()', pending, 1_000)).resolves.toEqual({ value: undefined, done: true });
    await expect(idle.next()).resolves.toEqual({ value: undefined, done: true });
    await expect(feed.subscribe()).rejects.toThrow(/closed/);
  });

  it('with nobody receiving live events, a write costs no SQL; a later subscriber still gets history and live events', async () => {
    const calls: string[] = [];
    const { agentStack, feed } = await setup({
      log: (store) => ({
        lastEventSequence: () => {
          calls.push('lastEventSequence');
          return store.lastEventSequence();
        },
        readEvents: (after, limit, filter) => {
          calls.push(`readEvents(${after})`);
          return store.readEvents(after, limit, filter);
        },
      }),
    });
    await createTasks(agentStack, 5, 'unwatched');
    expect(calls).toEqual([]); // not even where the log ends
    // A subscriber that comes later still gets history and live events.
    const subscription = await feed.subscribe({ after: 3 });
    await createTask(agentStack, 'watched');
    assertContiguous(sequences(await take(subscription, 3)), 3);
    // Once it leaves, writes are free again.
    await subscription.return();
    calls.length = 0;
    await createTasks(agentStack, 3, 'unwatched again');
    expect(calls).toEqual([]);
  });

  it('a subscriber joining after writes nobody followed (the head behind the log) gets each event once, live ones too', async () => {
    const { agentStack, feed } = await setup({ batchSize: 4 });
    const first = await feed.subscribe();
    await createTask(agentStack, 'followed');
    await take(first, 1);
    await first.return();
    await createTasks(agentStack, 9, 'unfollowed'); // the head stays at 1 meanwhile
    expect(feed.stats().head).toBe(1);
    const fromNow = await feed.subscribe();
    const fromOld = await feed.subscribe({ after: 2 });
    await createTasks(agentStack, 3, 'live');
    assertContiguous(sequences(await take(fromNow, 3)), 10);
    assertContiguous(sequences(await take(fromOld, 11)), 2);
    expect(feed.stats()).toMatchObject({ head: 13, buffered: 0 });
  });

  it('a wake-up without a position while nobody listened is read once the first subscription joins', async () => {
    const { store, agentStack, feed } = await setup();
    const subscription = await feed.subscribe(); // at 0
    // Commits the wake-up source does not announce with a position (e.g. LISTEN reconnected).
    await createTasks(new AgentStack({ store }), 2, 'unannounced');
    feed.wake();
    const received = take(subscription, 3);
    await createTask(agentStack, 'announced');
    assertContiguous(sequences(await received), 0);
  });

  it('return() releases the subscription', async () => {
    const { agentStack, feed } = await setup();
    const subscription = await feed.subscribe();
    await createTask(agentStack, 'one');
    await take(subscription, 1);
    await subscription.return();
    await waitFor('unregistered', () => feed.stats().subscriptions === 0);
    await createTask(agentStack, 'two');
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
  });
});

describe('EventFeed wanting wake-ups (WakeSource.want)', () => {
  it('wants them before a subscribe reads the log, and no more once nothing is open or opening', async () => {
    const store = new MemoryStore();
    const agentStack = new AgentStack({ store });
    const calls: string[] = [];
    let release: () => void = () => {};
    let taking: Promise<void> | null = null;
    const log: EventLogReader = {
      readEvents: (after, limit, filter) => store.readEvents(after, limit, filter),
      lastEventSequence: () => (calls.push('read the end'), store.lastEventSequence()),
    };
    const feed = new EventFeed({
      log,
      safetyPollMs: 0,
      // Taking the presence waits (for writes in flight to commit), once: as PgNotifyWakeSource does.
      want: (wanted) => {
        calls.push(`want ${wanted}`);
        if (!wanted) return Promise.resolve();
        return (taking ??= new Promise<void>((resolve) => (release = resolve)));
      },
    });
    await feed.start();
    cleanups.push(() => feed.close());
    await createTask(agentStack, 'before');

    const first = feed.subscribe();
    const second = feed.subscribe();
    await waitFor('both subscribes to ask', () => calls.filter((call) => call === 'want true').length === 2);
    // Neither reads the log before the presence is taken.
    expect(calls).toEqual(['want true', 'want true']);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(calls.filter((call) => call === 'read the end').length).toBeGreaterThan(0);
    expect(calls).not.toContain('want false');

    await a.return();
    expect(calls).not.toContain('want false'); // one is still open
    await b.return();
    expect(calls.at(-1)).toBe('want false');

    // A subscribe that fails (a cursor ahead of the log) leaves nothing wanted either.
    await expect(feed.subscribe({ after: 1_000 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(calls.slice(-3)).toEqual(['want true', 'read the end', 'want false']);
  });
});
