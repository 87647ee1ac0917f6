import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAgentStackError } from '../../core/index.js';
import { flat } from '../flat-string.js';

/** Where one subscription's events go: its operation on its connection. */
export interface DeliveryTarget {
  /** The operation's id on its connection (graphql-ws `next` messages carry it). */
  readonly id: string;
  /**
   * Who the events are executed for (the caller's identity): subscriptions with the same document,
   * variables and caller share each event's execution and its serialised payload.
   */
  readonly callerKey: string;
  /** Writes one message; resolves once the socket has taken it, so the next event waits (backpressure). */
  send(message: string): Promise<void>;
  /** The `next` payload for a result with errors, formatted for this operation (its request id, masking). */
  payloadWithErrors(result: ExecutionResult): unknown;
}

/** One event's execution for a group, and its payload as JSON once serialised. */
interface Shared {
  readonly result: Promise<ExecutionResult>;
  json: string | null;
  /** Members of the group that have not taken it yet: once none has, it is dropped (idle groups hold no payloads). */
  waiting: number;
}

/** A subscription's group, and where it is filed (to drop the group when its last member leaves). */
interface Membership {
  readonly group: Group;
  readonly byKey: Map<string, Group>;
  readonly key: string;
}

/** Subscriptions with the same document, operation, variables and caller: they get the same payloads. */
interface Group {
  members: number;
  /** The last events executed for the group, by sequence (insertion order: oldest first). */
  readonly events: Map<number, Shared>;
}

/** Events kept per group: subscribers of a group take the same live events within moments of each other. */
const DEFAULT_WINDOW = 16;

/**
 * Delivers subscription events to graphql-ws connections, executing each event once per
 * (document, operation, variables, caller) and serialising its payload once: every subscriber of
 * that group is sent the same JSON, only the message's `id` differs. Fanning one event out to
 * 10,000 subscribers otherwise executes and stringifies it 10,000 times.
 *
 * What stays per subscription (it is not shared): the event stream itself (its cursor, buffer and
 * the caller's visibility check, in src/graphql's GraphQLEventStream, before an event reaches here),
 * so an event a caller may not see is never sent, each subscription gets its events exactly once and
 * in order, and the next event waits until the socket has taken the previous one (a client that
 * does not read fills its subscription's bounded buffer and is ended, as before).
 *
 * Sharing is an optimisation only: a result with errors (which carry the operation's request id) or
 * a failed execution is never shared; another subscriber then executes the event for itself. An
 * early end (a StreamEndedError item) is per subscription and executed for it alone.
 */
export class SharedDelivery {
  private readonly groups = new WeakMap<DocumentNode, Map<string, Group>>();

  constructor(private readonly window = DEFAULT_WINDOW) {}

  /**
   * Like graphql-js `subscribe`, but the returned iterator sends every event itself and yields
   * nothing: it ends when the stream ends (graphql-ws then completes the operation), or when
   * graphql-ws calls `return()` (the client completed, or the socket closed).
   */
  async subscribe(args: ExecutionArgs, target: DeliveryTarget): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const key = flat(`${args.operationName ?? ''}\u0000${target.callerKey}\u0000${JSON.stringify(args.variableValues ?? null)}`);
    let byKey = this.groups.get(args.document);
    if (!byKey) this.groups.set(args.document, (byKey = new Map()));
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { members: 0, events: new Map() }));
    group.members++;
    return new Delivery(source[Symbol.asyncIterator](), args, { group, byKey, key }, target, this.window);
  }
}

const DONE: IteratorResult<never> = { value: undefined, done: true };

/** One subscription's delivery loop (see SharedDelivery). */
class Delivery implements AsyncIterableIterator<never> {
  private finished = false;
  /** `{"id":…,"type":"next","payload":` for this operation, made once. */
  private readonly prefix: string;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    // Fields and methods, no closures: an idle subscription holds this object and nothing more.
    private readonly membership: Membership,
    private readonly target: DeliveryTarget,
    private readonly window: number,
  ) {
    this.prefix = flat(`{"id":${JSON.stringify(target.id)},"type":"next","payload":`);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<never>> {
    try {
      while (!this.finished) {
        const item = await this.source.next();
        if (item.done || this.finished) break;
        const payload = await this.payload(item.value);
        if (this.finished) break; // returned while executing: nothing more is sent
        await this.target.send(`${this.prefix}${payload}}`);
      }
    } finally {
      this.finish();
    }
    return DONE;
  }

  async return(): Promise<IteratorResult<never>> {
    this.finish();
    await this.source.return?.();
    return DONE;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const { group, byKey, key } = this.membership;
    if (--group.members === 0) byKey.delete(key);
  }

  /** The item's `next` payload as JSON: the group's, when it has one for this event. */
  private async payload(item: unknown): Promise<string> {
    const sequence = shareable(item);
    const { group } = this.membership;
    // Alone in its group (e.g. the only subscription of its caller): nothing to share, nothing kept.
    if (sequence === null || group.members === 1) return this.own(item);
    const events = group.events;
    const shared = events.get(sequence);
    if (shared) {
      if (--shared.waiting <= 0 && events.get(sequence) === shared) events.delete(sequence);
      const result = await shared.result.catch(() => null);
      if (result && !result.errors) return (shared.json ??= JSON.stringify(result));
      return this.own(item); // not shareable (errors, a failed execution): executed for this subscriber
    }
    // Kept until every other member has taken it, or until `window` newer events push it out (a
    // member that left or lags far behind), so a group holds at most `window` payloads.
    const mine: Shared = { result: Promise.resolve(execute({ ...this.args, rootValue: item })), json: null, waiting: group.members - 1 };
    events.set(sequence, mine);
    if (events.size > this.window) events.delete(events.keys().next().value!);
    const result = await mine.result;
    if (result.errors) return this.serialise(result);
    return (mine.json ??= JSON.stringify(result));
  }

  /** Executes the item for this subscription alone. */
  private async own(item: unknown): Promise<string> {
    return this.serialise(await execute({ ...this.args, rootValue: item }));
  }

  private serialise(result: ExecutionResult): string {
    return JSON.stringify(result.errors ? this.target.payloadWithErrors(result) : result);
  }
}

/** An event's sequence (its identity in the log), or null for an item that is not an event (an early end). */
function shareable(item: unknown): number | null {
  if (item === null || typeof item !== 'object' || isAgentStackError(item)) return null;
  const sequence = (item as { sequence?: unknown }).sequence;
  return typeof sequence === 'number' ? sequence : null;
}
