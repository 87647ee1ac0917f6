import type { Client, FormattedExecutionResult } from 'graphql-ws';
import { print } from 'graphql';
import { AgentStackClientError } from './errors.js';
import { OnAgentStackEventDocument, type AgentStackEventFilter, type EventFieldsFragment } from './generated/graphql.js';

/**
 * A live stream of events that survives dropped connections: it remembers the cursor of the last
 * event it delivered and, after any interruption (the socket closed, the server restarted, the
 * stream ended early with SUBSCRIPTION_OVERFLOW / SUBSCRIPTION_INTERRUPTED), subscribes again with
 * `after` set to that cursor. The server replays from the log, so nothing is missed; an event at
 * or before the last cursor is never delivered twice. Errors that retrying cannot fix
 * (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, a refused connection 4401/4403/4400) end it.
 */
export interface EventStream extends AsyncIterable<EventFieldsFragment> {
  /** The cursor of the last event delivered (resume from it in a later run), or the start. */
  readonly lastCursor: string | null;
  /** Subscriptions made so far: 1, plus one per resume. */
  readonly subscriptions: number;
  /** Stops the stream; a pending `next()` ends (done). Idempotent. */
  close(): void;
}

export interface EventStreamOptions {
  client: Client;
  filter: AgentStackEventFilter | null;
  /** Where to start: after this cursor (`null`: from `start()`'s answer). */
  after: string | null;
  /** Where "now" is when no cursor is given: the newest event cursor (read before subscribing). */
  start: () => Promise<string | null>;
  /** First wait before resubscribing; it doubles up to `maxBackoffMs`. Defaults 100 and 5,000 ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Close codes after which subscribing again cannot help (graphql-ws and AgentStack's). */
const FINAL_CLOSE_CODES = new Set([4400, 4401, 4403, 4406, 4409, 4429, 4500]);
/** Stream-ending codes that mean "resume from resumeAfter". */
const RESUMABLE_CODES = new Set(['SUBSCRIPTION_OVERFLOW', 'SUBSCRIPTION_INTERRUPTED', 'SERVICE_UNAVAILABLE', 'TIMEOUT']);
const SOURCE = print(OnAgentStackEventDocument);

export function openEventStream(options: EventStreamOptions): EventStream {
  const queue: EventFieldsFragment[] = [];
  let failure: Error | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  let cursor: string | null = options.after;
  let subscriptions = 0;
  let stopCurrent: (() => void) | null = null;
  let backoffTimer: ReturnType<typeof setTimeout> | null = null;
  const minBackoff = options.minBackoffMs ?? 100;
  const maxBackoff = options.maxBackoffMs ?? 5_000;

  const notify = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };

  const end = (error: Error | null) => {
    if (closed) return;
    failure = error;
    closed = true;
    stopCurrent?.();
    if (backoffTimer) clearTimeout(backoffTimer);
    notify();
  };

  /** One subscription until it ends; answers whether to subscribe again. */
  const subscribeOnce = (): Promise<'again' | 'done'> =>
    new Promise((settle) => {
      subscriptions++;
      const unsubscribe = options.client.subscribe<{ agentStackEvents: EventFieldsFragment }>(
        { query: SOURCE, variables: { after: cursor, filter: options.filter } },
        {
          next: (result: FormattedExecutionResult<{ agentStackEvents: EventFieldsFragment }>) => {
            if (result.errors?.length) {
              const error = AgentStackClientError.fromErrors(result.errors, null);
              if (RESUMABLE_CODES.has(error.code)) return; // the stream completes next; resume then
              end(error);
              return;
            }
            const event = result.data?.agentStackEvents;
            if (!event) return;
            // Never twice: a replay after a resume starts after `cursor`, but be strict anyway.
            if (cursor !== null && Number(event.cursor) <= Number(cursor)) return;
            cursor = event.cursor;
            queue.push(event);
            notify();
          },
          error: (error: unknown) => {
            if (isFinal(error)) end(toClientError(error));
            settle(closed ? 'done' : 'again');
          },
          complete: () => settle(closed ? 'done' : 'again'),
        },
      );
      stopCurrent = () => {
        unsubscribe();
        settle('done');
      };
    });

  const run = async () => {
    try {
      if (cursor === null) cursor = await options.start();
      let backoff = minBackoff;
      while (!closed) {
        const before = cursor;
        const outcome = await subscribeOnce();
        if (outcome === 'done' || closed) return;
        // Progress since the last resume resets the backoff; a stream that keeps failing waits longer.
        backoff = cursor !== before ? minBackoff : Math.min(backoff * 2, maxBackoff);
        await new Promise<void>((resume) => (backoffTimer = setTimeout(resume, backoff)));
        backoffTimer = null;
      }
    } catch (error) {
      end(error instanceof Error ? error : new Error(String(error)));
    }
  };
  void run();

  return {
    get lastCursor() {
      return cursor;
    },
    get subscriptions() {
      return subscriptions;
    },
    close: () => end(null),
    [Symbol.asyncIterator](): AsyncIterator<EventFieldsFragment> {
      return {
        next: async () => {
          for (;;) {
            const event = queue.shift();
            if (event) return { value: event, done: false };
            if (closed) {
              if (failure) {
                const error = failure;
                failure = null;
                throw error;
              }
              return { value: undefined, done: true };
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        return: async () => {
          end(null);
          return { value: undefined, done: true };
        },
      };
    },
  };
}

function isFinal(error: unknown): boolean {
  // graphql-ws: the operation itself was refused (GraphQL errors): final unless the server says
  // it may succeed later (SUBSCRIPTION_LIMIT, SERVICE_UNAVAILABLE carry extensions.retryable).
  if (Array.isArray(error)) return !error.every((item: { extensions?: { retryable?: unknown } }) => item?.extensions?.retryable === true);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && FINAL_CLOSE_CODES.has(code);
}

function toClientError(error: unknown): AgentStackClientError {
  if (Array.isArray(error)) return AgentStackClientError.fromErrors(error, null);
  const { code, reason } = (error ?? {}) as { code?: number; reason?: string };
  // AgentStack's close reasons read "<CODE>: <message>".
  const match = typeof reason === 'string' ? /^([A-Z_]+): (.*)$/.exec(reason) : null;
  return new AgentStackClientError(match?.[2] ?? reason ?? `The connection closed (${code})`, match?.[1] ?? `CLOSE_${code}`, null);
}
