import type { ServerResponse } from 'node:http';
import type { AgentStack, AgentStackEvent, Caller } from '../../core/index.js';
import type { McpSessionStore } from '../../core/mcp-sessions.js';
import { resourceUri } from '../../mcp/resource-uri.js';
import type { Logger } from '../logging.js';
import type { EventFeed } from '../subscriptions/event-feed.js';
import type { FeedSubscription } from '../subscriptions/feed-subscription.js';

/** SSE comment lines this often keep proxies from closing an idle stream, and check that the session still exists. */
export const KEEP_ALIVE_MS = 15_000;
/** After the feed fails (the database, an overflow), the stream resumes from its last event after this long. */
const RESUME_DELAY_MS = 1_000;

export interface ResourceStreamOptions {
  res: ServerResponse;
  sessionId: string;
  caller: Caller;
  sessions: McpSessionStore;
  feed: Pick<EventFeed, 'subscribe'>;
  agentStack: Pick<AgentStack, 'isEventVisible'>;
  logger: Logger;
  /** Deliver changes after this event (the client's Last-Event-ID); null: from now on. */
  after: number | null;
  keepAliveMs?: number;
}

/** The resource an event changes: a task's or an agent profile's URI (null: neither, e.g. a grant). */
export function changedResource(event: AgentStackEvent): string | null {
  if ('task' in event) return resourceUri({ kind: 'task', id: event.task.id });
  if ('agent' in event) return resourceUri({ kind: 'agent', did: event.agent.did });
  return null;
}

/**
 * The session's GET stream (Server-Sent Events): `notifications/resources/updated` for every
 * committed change to a resource the session subscribes to and the caller may see, fed from the
 * event log, so a change made through any replica reaches the replica holding the stream. The
 * subscription list is read from the session's row for each change (it may have been changed
 * through another replica a moment ago). Each message's SSE id is the event's sequence: a client
 * that reconnects with Last-Event-ID misses nothing.
 *
 * `open` subscribes to the feed first (and throws SUBSCRIPTION_LIMIT when the process is full),
 * then writes the response's head; the stream ends when the client goes, the session is deleted,
 * or `close` is called.
 */
export class ResourceStream {
  private readonly stopped = new AbortController();
  private keepAlive: NodeJS.Timeout | null = null;
  private position: number | null;

  constructor(private readonly options: ResourceStreamOptions) {
    this.position = options.after;
  }

  async open(): Promise<void> {
    const { res } = this.options;
    let subscription: FeedSubscription | null = await this.subscribe();
    res.once('close', () => this.close());
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'mcp-session-id': this.options.sessionId,
    });
    res.flushHeaders();
    this.keepAlive = setInterval(() => void this.tick(), this.options.keepAliveMs ?? KEEP_ALIVE_MS);
    void (async () => {
      while (!this.stopped.signal.aborted) {
        try {
          subscription ??= await this.subscribe();
          await this.deliver(subscription);
          // The feed ended the subscription without a failure: it is closing (shutdown).
          this.close();
        } catch (error) {
          if (this.closed) break;
          this.options.logger.warn({ err: error, sessionId: this.options.sessionId }, 'MCP resource stream: the event feed failed; resuming from its last event');
          await delay(RESUME_DELAY_MS, this.stopped.signal);
        }
        subscription = null;
      }
    })();
  }

  /** Ends the stream (idempotent). */
  close(): void {
    if (this.stopped.signal.aborted) return;
    this.stopped.abort();
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (!this.options.res.writableEnded) this.options.res.end();
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  get closed(): boolean {
    return this.stopped.signal.aborted;
  }

  private subscribe() {
    return this.options.feed.subscribe({ after: this.position, predicate: (event) => changedResource(event) !== null, connection: this });
  }

  private async deliver(subscription: FeedSubscription): Promise<void> {
    const stop = () => void subscription.return();
    this.stopped.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const event of subscription) {
        const uri = changedResource(event)!;
        const subscriptions = await this.options.sessions.mcpSessionSubscriptions(this.options.sessionId);
        if (subscriptions === null) return this.close(); // the session was deleted
        if (subscriptions.includes(uri) && (await this.visible(event))) this.send(event.sequence, uri);
        this.position = event.sequence;
      }
    } finally {
      this.stopped.signal.removeEventListener('abort', stop);
    }
  }

  private visible(event: AgentStackEvent): Promise<boolean> {
    const { caller } = this.options;
    return this.options.agentStack.isEventVisible(event, { actorDid: caller.did, actorApp: caller.app ?? null });
  }

  private send(sequence: number, uri: string): void {
    if (this.closed) return;
    const message = { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } };
    this.options.res.write(`id: ${sequence}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    this.options.res.write(': keep-alive\n\n');
    try {
      if ((await this.options.sessions.mcpSessionSubscriptions(this.options.sessionId)) === null) this.close();
    } catch {
      // The database is away: the stream stays; the next tick asks again.
    }
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
