import type { GraphQLSchema } from 'graphql';
import type { WakePresence } from '../store/index.js';
import type { AgentStack, Caller } from '../core/index.js';
import type { StopSignal } from '../graphql/budget.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { LiveEvents } from '../graphql/live-events.js';
import type { OperationLimits } from '../graphql/limits.js';
import type { IdentityResolver } from './identity.js';
import type { Logger, ServerLogger } from './logging.js';
import type { ServerMetrics } from './metrics.js';
import type { EventFeed, EventFeedStats } from './subscriptions/event-feed.js';
import type { EventLogReader } from './subscriptions/event-log-reader.js';
import type { WakeSource } from './subscriptions/wake-source.js';

/** What `attachSubscriptions` (ws.ts) takes and gives: the graphql-ws transport's public shape. */
export interface SubscriptionDatabase {
  /** 'postgres': wake-ups by LISTEN on `connectionString`; 'embedded': by the in-process AgentStack. */
  readonly kind: 'embedded' | 'postgres';
  /** The event log is read from here. */
  readonly store: EventLogReader;
  readonly connectionString: string;
  /** What the LISTEN connection holds while subscriptions are open (Database.wakePresence; none: writes always announce). */
  readonly wakePresence?: WakePresence | null;
}

export interface AttachSubscriptionsOptions {
  /** The executable schema (src/graphql's, whose Subscription resolvers read the LiveEvents port). */
  schema: GraphQLSchema;
  agentStack: AgentStack;
  database: SubscriptionDatabase;
  /** Who is calling: the same resolver HTTP uses (connectionParams carry the credentials). */
  identity: IdentityResolver;
  /** What one operation may ask: the same limits as HTTP. */
  limits: OperationLimits;
  /** Production hides field suggestions in errors, as HTTP does. */
  production?: boolean;
  /** Per-operation context for a caller; default: the same factory HTTP uses. */
  createContext?: (caller: Caller, liveEvents: LiveEvents, signal?: StopSignal) => GraphQLContext;
  /** Default `/graphql`: the same path as HTTP, where Apollo Router and Hive Gateway connect. */
  path?: string;
  /** Live events held per subscription before a slow client is ended. Default 1,000. */
  maxBuffered?: number;
  /** Open subscriptions in this process at most (SUBSCRIPTION_LIMIT beyond). Default 10,000. */
  maxSubscriptions?: number;
  /** Open subscriptions per connection at most (SUBSCRIPTION_LIMIT beyond). Default 100. */
  maxSubscriptionsPerConnection?: number;
  /** Events per read of the shared log poller. Default 500. */
  batchSize?: number;
  /** Events per log read of a subscription catching up (bounds its memory). Default 100. */
  replayBatchSize?: number;
  /** Subscriptions reading history at once, per process / per connection (the rest wait their turn). Defaults 16 and 4. */
  maxReplaying?: number;
  maxReplayingPerConnection?: number;
  /** Events per second all replays together may read (0: no limit), with bursts up to `replayBurst`. Default 5,000. */
  replayEventsPerSecond?: number;
  replayBurst?: number;
  /** A client that has not taken its batch within this while others wait gives its turn back. Default 2,000 ms. */
  replayStallMs?: number;
  /** Log re-read interval without wake-ups (covers a lost NOTIFY). Default 3,000 ms. */
  safetyPollMs?: number;
  /** Overrides the wake-up source chosen from `database.kind` (tests). */
  wakeSource?: WakeSource;
  /** Server pings every this often; a client that does not pong in time is dropped. Default 12,000 ms. */
  keepAliveMs?: number;
  /** On close, clients still connected after this are terminated. Default 2,000 ms. */
  closeGraceMs?: number;
  /** Largest accepted WebSocket message. Default 1 MiB (like the HTTP body limit). */
  maxPayloadBytes?: number;
  /** Where it logs: the server's pino logger (the seam passes it), or the older `{ error }` seam. Default: JSON lines on stdout. */
  logger?: Logger | Pick<ServerLogger, 'error'> | ServerLogger;
  /** The server's metrics (the seam passes them): connections, subscriptions, lag, and queries and mutations answered here. */
  metrics?: ServerMetrics;
}

export interface SubscriptionServer {
  readonly feed: EventFeed;
  readonly wakeSource: WakeSource;
  /**
   * `connections`: open WebSockets; `refusedConnections`: connections refused for their identity
   * since start; the feed's counts (`subscriptions`, `refused` at a limit, …).
   */
  stats(): EventFeedStats & { connections: number; refusedConnections: number };
  /** What /health reports: load and refusals, nothing about callers. */
  health(): {
    subscriptions: {
      open: number;
      limit: number;
      refused: number;
      connections: number;
      refusedConnections: number;
      /** Subscriptions reading history now, and waiting for their turn to. */
      replaying: number;
      replayWaiting: number;
      replayEventsPerSecond: number;
    };
  };
  /** Closes every connection (their subscriptions end), the feed and the wake-up source. Idempotent. */
  close(): Promise<void>;
}
