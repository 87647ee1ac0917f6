/**
 * A subscriber that behaves as the contract asks of a client: it follows `Subscription.events`
 * over a real graphql-ws connection, and whenever its stream ends (an error carrying
 * `extensions.resumeAfter`, a completion, a refusal, or its socket closing) it subscribes again,
 * on a new connection, with `after` = the cursor of the last event it received, until stopped.
 * It records everything it received (duplicates included) and every way a stream ended, for the
 * test to judge.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { sleep, waitFor } from '../helpers/wait.js';
import { EVENTS_SUBSCRIPTION } from './operations.js';

export interface Received {
  cursor: string;
  type: string;
  taskId: string | null;
  /** Which subscription attempt delivered it (1, 2, …). */
  attempt: number;
}

export interface StreamEnd {
  at: number;
  attempt: number;
  /**
   * `error-result`: a `next` payload with errors ending a running stream (e.g. SUBSCRIPTION_INTERRUPTED + resumeAfter);
   * `refused`: the subscribe itself failed: a graphql-ws `error` message, or a first and only
   *   result of errors without a resumeAfter (graphql-js's answer when the stream could not open);
   * `closed`: the socket closed (or could not open);
   * `completed`: the server completed the stream.
   */
  kind: 'error-result' | 'refused' | 'closed' | 'completed';
  codes: string[];
  resumeAfter: string | null;
  /** The subscriber's last received cursor when this happened. */
  lastReceived: string | null;
  detail: string;
}

const RESUBSCRIBE_PAUSE_MS = 200;

export class ResumingSubscriber {
  readonly received: Received[] = [];
  readonly ends: StreamEnd[] = [];
  attempts = 0;
  /** Connections cut by `drop()`. */
  drops = 0;
  private stopped = false;
  private current: { client: Client; finish: () => void } | null = null;
  private running: Promise<void> | null = null;
  private cursor: string | null;

  constructor(
    private readonly wsUrl: string,
    private readonly connectionParams: () => Promise<Record<string, unknown>>,
    after: string,
    private readonly filter: Record<string, unknown>,
    /** The subscriber gives up after this, whatever happens (every loop of the suite is bounded). */
    private readonly hardDeadlineMs = 90_000,
  ) {
    this.cursor = after;
  }

  /** The cursor it would resume from: the last received, else the one it started after. */
  get lastCursor(): string | null {
    return this.cursor;
  }

  start(): void {
    const deadline = Date.now() + this.hardDeadlineMs;
    this.running ??= (async () => {
      while (!this.stopped && Date.now() < deadline) {
        await this.once(++this.attempts);
        if (!this.stopped) await sleep(RESUBSCRIBE_PAUSE_MS);
      }
    })();
  }

  /** Waits until an event with a cursor ≥ `cursor` has been received. */
  async waitForCursor(cursor: number, timeoutMs: number): Promise<void> {
    await waitFor(
      `the subscriber to receive cursor ${cursor} (last: ${this.cursor}, attempts: ${this.attempts}, ends: ${JSON.stringify(this.ends.slice(-3))})`,
      () => this.cursor !== null && Number(this.cursor) >= cursor,
      timeoutMs,
      20,
    );
  }

  /**
   * Cuts the current connection abruptly from the client's side (as a network failure would):
   * the subscriber then resubscribes on a new connection after its last cursor. Answers whether
   * there was a connection to cut.
   */
  drop(): boolean {
    if (!this.current) return false;
    this.drops++;
    this.current.client.terminate();
    return true;
  }

  /** Stops following (the stream in flight is closed with its connection) and waits for the loop to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.finish();
    await this.running;
  }

  private async once(attempt: number): Promise<void> {
    const params = await this.connectionParams();
    const client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: params,
    });
    await new Promise<void>((resolve) => {
      let done = false;
      let delivered = 0;
      const finish = () => {
        if (done) return;
        done = true;
        resolve();
      };
      this.current = { client, finish };
      const end = (kind: StreamEnd['kind'], codes: string[], resumeAfter: string | null, detail: string) =>
        this.ends.push({ at: Date.now(), attempt, kind, codes, resumeAfter, lastReceived: this.cursor, detail });
      client.subscribe<{ events: { cursor: string; type: string; task: { id: string } | null } }>(
        { query: EVENTS_SUBSCRIPTION, variables: { after: this.cursor, filter: this.filter } },
        {
          next: (result) => {
            const event = result.data?.events;
            if (event) {
              delivered++;
              this.received.push({ cursor: event.cursor, type: event.type, taskId: event.task?.id ?? null, attempt });
              this.cursor = event.cursor;
            }
            if (result.errors?.length) {
              const resumeAfter = result.errors.map((error) => error.extensions?.resumeAfter).find((value) => value !== undefined);
              // graphql-js answers a subscribe that failed before its stream existed with one result
              // of errors (graphql-ws: `next` then `complete`): a refusal, with nothing to resume.
              const refused = resumeAfter === undefined && !event && delivered === 0;
              end(
                refused ? 'refused' : 'error-result',
                result.errors.map((error) => String(error.extensions?.code ?? 'NO_CODE')),
                resumeAfter === undefined ? null : String(resumeAfter),
                result.errors.map((error) => error.message).join('; '),
              );
            }
          },
          error: (error: unknown) => {
            if (Array.isArray(error)) {
              end(
                'refused',
                error.map((e: { extensions?: { code?: unknown } }) => String(e.extensions?.code ?? 'NO_CODE')),
                null,
                error.map((e: { message?: string }) => e.message ?? '').join('; '),
              );
            } else if (error && typeof error === 'object' && 'code' in error) {
              const close = error as { code: number; reason?: string };
              end('closed', [], null, `close ${close.code} ${close.reason ?? ''}`);
            } else {
              end('closed', [], null, error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error));
            }
            finish();
          },
          complete: () => {
            if (!this.stopped) end('completed', [], null, 'complete');
            finish();
          },
        },
      );
    });
    this.current = null;
    await client.dispose();
  }
}
