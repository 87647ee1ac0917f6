import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAgentStackError, type AgentStack } from '../core/index.js';
import { createContext as createHttpContext, type GraphQLContext } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/errors.js';
import { STORE_EVENTS_CHANNEL } from '../store/index.js';
import type { Identity } from './identity.js';
import { connectionIdentity } from './subscriptions/connection-identity.js';
import { InProcessWakeSource } from './subscriptions/in-process-wake-source.js';
import { EventFeed, type EventFeedStats } from './subscriptions/event-feed.js';
import type { EventLog } from './subscriptions/event-log.js';
import { PgNotifyWakeSource } from './subscriptions/pg-notify-wake-source.js';
import type { SubscriptionContext } from './subscriptions/resolvers.js';
import type { WakeSource } from './subscriptions/wake-source.js';

export interface SubscriptionDatabase {
  /** 'postgres': wake-ups by LISTEN on `connectionString`; 'embedded': by the in-process AgentStack. */
  readonly kind: 'embedded' | 'postgres';
  /** The event log is read from here. */
  readonly store: EventLog;
  readonly connectionString: string;
}

export interface AttachSubscriptionsOptions {
  /** The executable schema, with the `Subscription` resolvers of src/server/subscriptions. */
  schema: GraphQLSchema;
  agentStack: AgentStack;
  database: SubscriptionDatabase;
  /** Per-operation context for an identified caller; default: the HTTP context factory. */
  createContext?: (identity: Identity) => GraphQLContext;
  /** Default `/graphql`: the same path as HTTP, where Apollo Router and Hive Gateway connect. */
  path?: string;
  /** Live events held per subscription before a slow client is ended. Default 1,000. */
  maxBuffered?: number;
  /** Events per read of the shared log poller. Default 500. */
  batchSize?: number;
  /** Events per log read of a subscription catching up (bounds its memory). Default 100. */
  replayBatchSize?: number;
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
  logger?: { error(message: string, error?: unknown): void };
}

export interface SubscriptionServer {
  readonly feed: EventFeed;
  readonly wakeSource: WakeSource;
  /** `connections`: open WebSockets; `refusedConnections`: refused for a bad identity, since start. */
  stats(): EventFeedStats & { connections: number; refusedConnections: number };
  /** Closes every connection (their subscriptions end), the feed and the wake-up source. Idempotent. */
  close(): Promise<void>;
}

type ConnectionExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  identity?: Identity;
};

/**
 * Serves GraphQL over graphql-ws (`graphql-transport-ws`) on the http server's `/graphql`, next to
 * HTTP, with subscriptions fed by the durable event log. Call it before the http server listens.
 */
export async function attachSubscriptions(httpServer: HttpServer, options: AttachSubscriptionsOptions): Promise<SubscriptionServer> {
  const { schema, agentStack, database } = options;
  const logger = options.logger ?? { error: (message: string, error?: unknown) => console.error(message, error) };
  const createContext = options.createContext ?? ((identity: Identity) => createHttpContext(agentStack, identity));
  const formatError = createErrorFormatter({ includeStacktrace: false, log: (message, error) => logger.error(message, error) });

  const feed = new EventFeed({
    log: database.store,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.replayBatchSize !== undefined ? { replayBatchSize: options.replayBatchSize } : {}),
    ...(options.maxBuffered !== undefined ? { maxBuffered: options.maxBuffered } : {}),
    ...(options.safetyPollMs !== undefined ? { safetyPollMs: options.safetyPollMs } : {}),
    onError: (error) => logger.error('Reading the event log for subscriptions failed; retrying', error),
  });
  const wakeSource =
    options.wakeSource ??
    (database.kind === 'postgres'
      ? new PgNotifyWakeSource({
          connectionString: database.connectionString,
          channel: STORE_EVENTS_CHANNEL,
          onError: (error) => logger.error('The LISTEN connection for subscriptions failed; reconnecting', error),
        })
      : // PGlite is one session: NOTIFY does not reach another connection, and only we write to it.
        new InProcessWakeSource(agentStack));
  await feed.start();
  await wakeSource.start((sequence) => feed.wake(sequence));

  const wss = new WebSocketServer({
    server: httpServer,
    path: options.path ?? '/graphql',
    maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
  });
  let refusedConnections = 0;
  const graphqlWs = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      // The caller is fixed per connection, by the same rule as HTTP.
      onConnect: (ctx) => {
        try {
          ctx.extra.identity = connectionIdentity(ctx.connectionParams, ctx.extra.request.headers);
          return true;
        } catch (error) {
          if (!isAgentStackError(error)) throw error;
          refusedConnections++;
          // 4403 as graphql-ws itself uses for a refused connection; the reason says why.
          ctx.extra.socket.close(4403, truncateReason(`${error.code}: ${error.message}`));
          return false;
        }
      },
      // A fresh context per operation (its own DataLoaders), plus the live feed.
      context: (ctx): SubscriptionContext => ({
        ...createContext(ctx.extra.identity ?? { actorDid: null }),
        eventFeed: feed,
      }),
      // Same error shapes as HTTP: domain codes in extensions.code, internal errors masked.
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  let closing: Promise<void> | null = null;
  return {
    feed,
    wakeSource,
    stats: () => ({ ...feed.stats(), connections: wss.clients.size, refusedConnections }),
    close() {
      closing ??= (async () => {
        // A client that never answers the close handshake must not hold shutdown up.
        const grace = setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, options.closeGraceMs ?? 2_000);
        try {
          await graphqlWs.dispose(); // closes every connection (1001): their subscriptions return
        } finally {
          clearTimeout(grace);
          await feed.close();
          await wakeSource.close();
        }
      })();
      return closing;
    },
  };
}

/** WebSocket close reasons are limited to 123 bytes. */
function truncateReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : `${Buffer.from(reason).subarray(0, 120).toString()}...`;
}
