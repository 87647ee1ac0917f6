import type { AgentStackClient, AgentStackEventFilter, EventStream } from '../client/index.js';
import { parseResourceUri } from './resources.js';
import type { ResourceSubscriptions } from './server.js';

/**
 * `resources/subscribe` for a process that reaches AgentStack as a client (stdio): one resuming
 * event stream per subscribed resource (the client's graphql-ws streams, which miss nothing across
 * reconnects), each change announced with `notify(uri)`. The server answers only events the
 * caller may see, so the stream needs no check of its own.
 */
export class WatchedResources implements ResourceSubscriptions {
  private readonly streams = new Map<string, EventStream>();

  constructor(
    private readonly client: AgentStackClient,
    private readonly notify: (uri: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  async subscribe(uri: string): Promise<void> {
    if (this.streams.has(uri)) return;
    const ref = parseResourceUri(uri);
    const filter: AgentStackEventFilter =
      ref.kind === 'task' ? { types: ['TASK_CREATED', 'TASK_ASSIGNED', 'TASK_UPDATED'], taskId: ref.id } : { types: ['AGENT_REGISTERED'], agentDid: ref.did };
    // From the cursor read now, before answering: a change right after the answer is not missed.
    const after = await this.client.latestEventCursor(filter);
    if (this.streams.has(uri)) return;
    const stream = this.client.watchEvents({ filter, after });
    this.streams.set(uri, stream);
    void (async () => {
      try {
        for await (const _event of stream) await this.notify(uri);
      } catch (error) {
        this.onError(error);
      } finally {
        if (this.streams.get(uri) === stream) this.streams.delete(uri);
      }
    })();
  }

  async unsubscribe(uri: string): Promise<void> {
    this.streams.get(uri)?.close();
    this.streams.delete(uri);
  }

  close(): void {
    for (const stream of this.streams.values()) stream.close();
    this.streams.clear();
  }
}
