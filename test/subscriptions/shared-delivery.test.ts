import { buildSchema, parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SharedDelivery, type DeliveryTarget } from '../../src/server/subscriptions/shared-delivery.js';

/**
 * SharedDelivery on a schema of its own (graphql-js only): which subscriptions share an event's
 * execution and payload, and what stays per subscription (order, errors, backpressure, return).
 */
const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { sequence: Int! who: String! fail: Boolean }
  type Subscription { events(tag: String): Event }
`);
const DOCUMENT = parse('subscription($tag: String) { events(tag: $tag) { sequence who fail } }');

type Item = { sequence: number; fail?: boolean };

/** A source stream of the items pushed to it, like a FeedSubscription; counts how often events resolve. */
function world() {
  let executions = 0;
  const sources: { push(item: Item | null): void }[] = [];
  const rootValue = {
    events: () => {
      const queue: (Item | null)[] = [];
      let wake: (() => void) | null = null;
      const source = {
        push(item: Item | null) {
          queue.push(item);
          wake?.();
        },
      };
      sources.push(source);
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        async next(): Promise<IteratorResult<Item>> {
          while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          const item = queue.shift()!;
          return item === null ? { value: undefined, done: true } : { value: item, done: false };
        },
        async return() {
          queue.push(null);
          wake?.();
          return { value: undefined, done: true as const };
        },
      };
    },
  };
  // The field's resolve (what graphql-js runs per event): counted; `fail` makes a field error.
  const resolvers = {
    Subscription: {
      events: {
        resolve: (item: Item, _args: unknown, context: { who: string }) => {
          executions++;
          return { sequence: item.sequence, who: context.who, fail: item.fail ? () => { throw new Error('boom'); } : false };
        },
      },
    },
  };
  (schema.getSubscriptionType()!.getFields().events as { resolve?: unknown }).resolve = resolvers.Subscription.events.resolve;
  return { sources, rootValue, executions: () => executions };
}

function target(id: string, callerKey: string, sent: string[], gate?: () => Promise<void>): DeliveryTarget {
  return {
    id,
    callerKey,
    send: async (message) => {
      await gate?.();
      sent.push(message);
    },
    payloadWithErrors: (result: ExecutionResult) => ({ data: result.data, errors: result.errors!.map((e) => ({ message: `${id}: ${e.message}` })) }),
  };
}

function args(rootValue: unknown, who: string, tag = 'a'): ExecutionArgs {
  return { schema, document: DOCUMENT, rootValue, contextValue: { who }, variableValues: { tag } };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SharedDelivery', () => {
  it('executes and serialises an event once per (document, variables, caller); each subscription gets it once, in order, with its own id', async () => {
    const { sources, rootValue, executions } = world();
    const delivery = new SharedDelivery();
    const sent: Record<string, string[]> = { one: [], two: [], other: [], tagged: [] };
    const loops = [
      await delivery.subscribe(args(rootValue, 'alice'), target('one', 'alice', sent.one!)),
      await delivery.subscribe(args(rootValue, 'alice'), target('two', 'alice', sent.two!)),
      await delivery.subscribe(args(rootValue, 'bob'), target('other', 'bob', sent.other!)),
      await delivery.subscribe(args(rootValue, 'alice', 'b'), target('tagged', 'alice', sent.tagged!)),
    ] as AsyncIterableIterator<never>[];
    const running = loops.map((loop) => loop.next());
    for (const sequence of [1, 2, 3]) for (const source of sources) source.push({ sequence });
    await settle();
    // Three groups (alice/a, bob/a, alice/b): three executions per event, not four.
    expect(executions()).toBe(9);
    expect(sent.one).toEqual([1, 2, 3].map((s) => `{"id":"one","type":"next","payload":{"data":{"events":{"sequence":${s},"who":"alice","fail":false}}}}`));
    expect(sent.two).toEqual(sent.one!.map((message) => message.replace('"one"', '"two"')));
    expect(sent.other!.map((m) => JSON.parse(m).payload.data.events.who)).toEqual(['bob', 'bob', 'bob']);
    for (const loop of loops) await loop.return!();
    expect(await Promise.all(running)).toEqual(loops.map(() => ({ value: undefined, done: true })));
  });

  it('does not share a result with errors: each subscription formats its own', async () => {
    const { sources, rootValue } = world();
    const delivery = new SharedDelivery();
    const sent: Record<string, string[]> = { one: [], two: [] };
    const loops = [
      await delivery.subscribe(args(rootValue, 'alice'), target('one', 'alice', sent.one!)),
      await delivery.subscribe(args(rootValue, 'alice'), target('two', 'alice', sent.two!)),
    ] as AsyncIterableIterator<never>[];
    const running = loops.map((loop) => loop.next());
    for (const source of sources) source.push({ sequence: 1, fail: true });
    await settle();
    expect(JSON.parse(sent.one![0]!).payload.errors).toEqual([{ message: 'one: boom' }]);
    expect(JSON.parse(sent.two![0]!).payload.errors).toEqual([{ message: 'two: boom' }]);
    for (const source of sources) source.push(null); // the streams end: the loops finish
    expect(await Promise.all(running)).toEqual([{ value: undefined, done: true }, { value: undefined, done: true }]);
  });

  it('takes the next event only once the socket has taken the previous one (backpressure stays per subscription)', async () => {
    const { sources, rootValue } = world();
    const delivery = new SharedDelivery();
    const slowSent: string[] = [];
    const fastSent: string[] = [];
    let open: () => void = () => {};
    const blocked = new Promise<void>((resolve) => (open = resolve));
    const slow = (await delivery.subscribe(args(rootValue, 'alice'), target('slow', 'alice', slowSent, () => blocked))) as AsyncIterableIterator<never>;
    const fast = (await delivery.subscribe(args(rootValue, 'alice'), target('fast', 'alice', fastSent))) as AsyncIterableIterator<never>;
    const running = [slow.next(), fast.next()];
    for (const sequence of [1, 2, 3]) for (const source of sources) source.push({ sequence });
    await settle();
    expect(fastSent).toHaveLength(3);
    expect(slowSent).toHaveLength(0); // its first send has not completed: nothing more was taken
    open();
    await settle();
    expect(slowSent.map((m) => JSON.parse(m).payload.data.events.sequence)).toEqual([1, 2, 3]);
    await slow.return!();
    await fast.return!();
    await Promise.all(running);
  });
});
