import type { WebSocket } from 'ws';
import { UnauthenticatedError } from '../../core/index.js';
import type { LiveEvents, LiveEventsRequest } from '../../graphql/live-events.js';
import type { Identity } from '../identity.js';
import type { EventFeed } from './event-feed.js';
import type { FeedSubscription } from './feed-subscription.js';

/**
 * A connection's share of the feed: its subscriptions count against its limit, and all of them end
 * with UNAUTHENTICATED when the connection's token expires (a new one cannot start after that).
 */
export class ConnectionEvents implements LiveEvents {
  constructor(
    private readonly feed: EventFeed,
    private readonly connection: WebSocket,
    private readonly identity: Identity,
    private readonly expiries: ExpiryTimer,
  ) {}

  async subscribe(request: LiveEventsRequest): Promise<FeedSubscription> {
    const { expiresAt } = this.identity;
    if (expiresAt !== null && expiresAt <= Date.now()) throw expired();
    const subscription = await this.feed.subscribe({ ...request, connection: this.connection });
    if (expiresAt !== null) {
      if (expiresAt <= Date.now()) subscription.end(expired());
      else this.expiries.add(this, expiresAt);
    }
    return subscription;
  }

  /** The token expired: every subscription of the connection ends. */
  expire(): void {
    this.feed.endConnection(this.connection, expired);
  }

  /** The connection closed (its subscriptions have ended). */
  close(): void {
    this.expiries.delete(this);
  }
}

/**
 * Token expiries of every connection with subscriptions, on one timer set for the earliest: an idle
 * connection holds no timer of its own. It fires rarely (tokens last minutes to hours), so it
 * simply walks all connections then.
 */
export class ExpiryTimer {
  private readonly expiries = new Map<ConnectionEvents, number>();
  private timer: NodeJS.Timeout | null = null;
  private due = Infinity;

  add(connection: ConnectionEvents, expiresAt: number): void {
    if (this.expiries.has(connection)) return;
    this.expiries.set(connection, expiresAt);
    if (expiresAt < this.due) this.arm(expiresAt);
  }

  delete(connection: ConnectionEvents): void {
    this.expiries.delete(connection);
    if (this.expiries.size === 0) this.disarm();
  }

  close(): void {
    this.expiries.clear();
    this.disarm();
  }

  private arm(at: number): void {
    this.disarm();
    this.due = at;
    // setTimeout cannot wait longer than 2^31 - 1 ms (~24.8 days): longer waits are done in steps.
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.min(at - Date.now(), LONGEST_TIMER_MS)));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due = Infinity;
  }

  private fire(): void {
    this.timer = null;
    this.due = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [connection, expiresAt] of [...this.expiries]) {
      if (expiresAt <= now) {
        this.expiries.delete(connection);
        connection.expire();
      } else if (expiresAt < next) {
        next = expiresAt;
      }
    }
    if (next !== Infinity) this.arm(next);
  }
}

/** setTimeout cannot wait longer than 2^31 - 1 ms (~24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function expired(): UnauthenticatedError {
  return new UnauthenticatedError('The connection\'s token has expired: reconnect with a fresh one');
}
