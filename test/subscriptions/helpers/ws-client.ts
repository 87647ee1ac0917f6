import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '../../helpers/wait.js';

/** A real graphql-ws client (graphql-transport-ws over `ws`), no retries: failures must show. */
export function connect(wsUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(connectionParams ? { connectionParams } : {}),
  });
}

/** Everything one subscription produced, and bounded waits on it. */
export class Collector<T = Record<string, any>> {
  readonly results: FormattedExecutionResult<T, unknown>[] = [];
  error: unknown = null;
  completed = false;
  private readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => this.results.push(result),
        error: (error) => {
          this.error = error;
        },
        complete: () => {
          this.completed = true;
        },
      },
    );
  }

  /** The data of each result that has data. */
  get data(): T[] {
    return this.results.flatMap((result) => (result.data ? [result.data] : []));
  }

  get ended(): boolean {
    return this.completed || this.error !== null;
  }

  async waitForResults(count: number, timeoutMs = 10_000): Promise<FormattedExecutionResult<T, unknown>[]> {
    await waitFor(`${count} results (have ${this.results.length}, error: ${describe(this.error)})`, () => this.results.length >= count || (this.ended && this.results.length < count ? this.fail(count) : false), timeoutMs);
    return this.results;
  }

  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    await waitFor('the subscription to end', () => this.ended, timeoutMs);
  }

  stop(): void {
    this.unsubscribe();
  }

  private fail(count: number): never {
    throw new Error(`Subscription ended after ${this.results.length} of ${count} results: ${describe(this.error)}`);
  }
}

function describe(error: unknown): string {
  if (error === null) return 'none';
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error);
  if (typeof error === 'object' && error && 'code' in error) return `close ${(error as { code: number }).code} ${(error as { reason?: string }).reason ?? ''}`;
  return String(error);
}
