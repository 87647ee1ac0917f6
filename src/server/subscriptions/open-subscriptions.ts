import { SubscriptionLimitError, type AgentStackError } from '../../core/index.js';

/** What the bookkeeping needs of a subscription: its buffer and lag (for stats), and ending it. */
export interface OpenSubscription {
  readonly buffered: number;
  readonly held: number;
  end(error: AgentStackError | null): void;
}

/**
 * Every subscription of a feed not ended yet, live or still replaying, with its connection: the
 * limits per process and per connection are judged here, and nowhere else.
 */
export class OpenSubscriptions<S extends OpenSubscription> {
  private readonly open = new Map<S, object | null>();
  /** Open subscriptions per connection. */
  private readonly perConnection = new Map<object, number>();
  private openedCount = 0;
  private refusedCount = 0;

  constructor(
    readonly maxSubscriptions: number,
    readonly maxPerConnection: number,
  ) {}

  get size(): number {
    return this.open.size;
  }

  get opened(): number {
    return this.openedCount;
  }

  get refused(): number {
    return this.refusedCount;
  }

  /** Refuses a new subscription (SUBSCRIPTION_LIMIT) when the process or the connection is at its limit. */
  checkCapacity(connection: object | null): void {
    if (this.open.size >= this.maxSubscriptions) {
      this.refusedCount++;
      throw new SubscriptionLimitError(
        `This server holds ${this.maxSubscriptions} subscriptions, its limit (per process, counting those waiting to replay); ` +
          'retry later or on another replica',
      );
    }
    if (connection && (this.perConnection.get(connection) ?? 0) >= this.maxPerConnection) {
      this.refusedCount++;
      throw new SubscriptionLimitError(
        `This connection holds ${this.maxPerConnection} subscriptions, its limit (per connection, counting those waiting to replay); ` +
          'complete one or open another connection',
      );
    }
  }

  add(subscription: S, connection: object | null): void {
    this.open.set(subscription, connection);
    if (connection) this.perConnection.set(connection, (this.perConnection.get(connection) ?? 0) + 1);
    this.openedCount++;
  }

  /** The subscription ended: it no longer counts against any limit. */
  delete(subscription: S): void {
    const connection = this.open.get(subscription);
    if (!this.open.delete(subscription) || !connection) return;
    const count = (this.perConnection.get(connection) ?? 1) - 1;
    if (count > 0) this.perConnection.set(connection, count);
    else this.perConnection.delete(connection);
  }

  /**
   * Ends every open subscription of `connection` with the error `failure()` makes (e.g. its token
   * expired): one walk over the open subscriptions, so a connection needs no timer per subscription.
   */
  endConnection(connection: object, failure: () => AgentStackError): void {
    for (const [subscription, owner] of [...this.open]) if (owner === connection) subscription.end(failure());
  }

  /** Ends every open subscription (they complete). */
  endAll(): void {
    for (const subscription of [...this.open.keys()]) subscription.end(null);
  }

  /** The buffered events over all, and the largest buffer and lag of one. */
  load(): { buffered: number; largestBuffer: number; largestLag: number } {
    let buffered = 0;
    let largestBuffer = 0;
    let largestLag = 0;
    for (const subscription of this.open.keys()) {
      buffered += subscription.buffered;
      largestBuffer = Math.max(largestBuffer, subscription.buffered);
      largestLag = Math.max(largestLag, subscription.held);
    }
    return { buffered, largestBuffer, largestLag };
  }
}
