import { randomUUID } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { getOperationAST, GraphQLError, parse, specifiedRules, subscribe, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAgentStackError, OperationStoppedError, UnauthenticatedError, type Caller } from '../core/index.js';
import { closeCodeOf } from '../core/protocol.js';
import { operationSignal, type OperationSignal, type StopSignal } from '../graphql/budget.js';
import { createContext as createGraphQLContext } from '../graphql/context.js';
import { createErrorFormatter, withCode } from '../graphql/errors.js';
import type { LiveEvents } from '../graphql/live-events.js';
import { assertCostWithin, assertTokensWithin, limitRules } from '../graphql/limits.js';
import { flat } from './flat-string.js';
import type { Identity } from './identity.js';
import { createLogger, requestIdFrom, toLogger, type Logger } from './logging.js';
import { noteErrorCode, type RequestOutcome } from './request-context.js';
import { ConnectionEvents, ExpiryTimer } from './subscriptions/connection-events.js';
import { wakeSourceFor } from './subscriptions/database-wake-source.js';
import { DocumentCache } from './subscriptions/document-cache.js';
import { EventFeed } from './subscriptions/event-feed.js';
import { ObservedOperation } from './subscriptions/observed-operation.js';
import { SharedDelivery } from './subscriptions/shared-delivery.js';
import { SocketTarget } from './subscriptions/socket-target.js';
import type { AttachSubscriptionsOptions, SubscriptionServer } from './ws-options.js';

export type { AttachSubscriptionsOptions, SubscriptionDatabase, SubscriptionServer } from './ws-options.js';

/**
 * What the server keeps per connection. An idle connection should cost little (thousands are
 * open at once): the upgrade request is let go once the caller is known, and loggers, maps and
 * signals are made when first needed.
 */
type ConnectionExtra = {
  socket: WebSocket;
  /** The upgrade request: read by onConnect, then dropped (its headers and buffers are not kept for the connection's life). */
  request?: IncomingMessage;
  identity?: Identity;
  liveEvents?: ConnectionEvents;
  /** The upgrade's valid x-request-id, else a fresh one: every log line of the connection carries it. */
  connectionId?: string;
  /** The queries and mutations running on this connection, by id: each stops when the connection closes. */
  operations?: Map<string, OperationSignal>;
  /** One signal for all the connection's subscriptions: they stop only when it closes (a subscription has no budget). */
  subscriptionAbort?: AbortController;
  /** This connection's logger (see `connectionLog`). */
  log?: Logger;
  /** Each operation from subscribe to end, by id: its request id, logger and outcome (for its log line and the metrics). */
  observed?: Map<string, ObservedOperation<Partial<ConnectionExtra>>>;
};

/**
 * Serves GraphQL over graphql-ws (`graphql-transport-ws`) on the http server's `/graphql`, next to
 * HTTP, with subscriptions fed by the durable event log. Call it before the http server listens.
 */
export async function attachSubscriptions(httpServer: HttpServer, options: AttachSubscriptionsOptions): Promise<SubscriptionServer> {
  const { schema, agentStack, database } = options;
  const logger = options.logger ? toLogger(options.logger) : createLogger({ production: options.production ?? false, pretty: false });
  const metrics = options.metrics ?? null;
  const createContext =
    options.createContext ??
    ((caller: Caller, liveEvents: LiveEvents, signal?: StopSignal) => createGraphQLContext(agentStack, caller, liveEvents, signal));
  // Errors are formatted for their operation (`format` below): its request id, its logger.
  const formatError = createErrorFormatter({
    includeStacktrace: false,
    hideSuggestions: options.production ?? false,
    log: (message, error) => logger.error({ err: error }, message),
  });

  const wakeSource =
    options.wakeSource ??
    wakeSourceFor(database, agentStack, (error) => logger.error({ err: error }, 'The LISTEN connection for subscriptions failed; reconnecting'));
  const feed = new EventFeed({
    log: database.store,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.replayBatchSize !== undefined ? { replayBatchSize: options.replayBatchSize } : {}),
    ...(options.maxBuffered !== undefined ? { maxBuffered: options.maxBuffered } : {}),
    ...(options.maxSubscriptions !== undefined ? { maxSubscriptions: options.maxSubscriptions } : {}),
    ...(options.maxSubscriptionsPerConnection !== undefined ? { maxPerConnection: options.maxSubscriptionsPerConnection } : {}),
    ...(options.safetyPollMs !== undefined ? { safetyPollMs: options.safetyPollMs } : {}),
    ...(options.maxReplaying !== undefined ? { maxReplaying: options.maxReplaying } : {}),
    ...(options.maxReplayingPerConnection !== undefined ? { maxReplayingPerConnection: options.maxReplayingPerConnection } : {}),
    ...(options.replayEventsPerSecond !== undefined ? { replayEventsPerSecond: options.replayEventsPerSecond } : {}),
    ...(options.replayBurst !== undefined ? { replayBurst: options.replayBurst } : {}),
    ...(options.replayStallMs !== undefined ? { replayStallMs: options.replayStallMs } : {}),
    onError: (error) => logger.error({ err: error }, 'Reading the event log for subscriptions failed; retrying'),
    // Writes wake this replica only while it has subscriptions open (wake-presence.ts).
    ...(wakeSource.want ? { want: (wanted: boolean) => wakeSource.want!(wanted) } : {}),
  });
  await feed.start();
  await wakeSource.start((sequence) => feed.wake(sequence));

  // One timer for every connection's token expiry, not one per connection (or subscription).
  const expiries = new ExpiryTimer();
  // One parsed, validated document per distinct operation text, for every connection (document-cache.ts).
  const documents = new DocumentCache();
  // Each event executed and serialised once per (document, variables, caller), sent to all of them (shared-delivery.ts).
  const delivery = new SharedDelivery();
  /** A subscription's connection and id, by its context (the subscribe hook receives only the execution args). */
  const subscriptionTargets = new WeakMap<object, { extra: ConnectionExtra; id: string }>();
  /** The connection's logger, made when it first logs. */
  const connectionLog = (extra: Partial<ConnectionExtra>): Logger =>
    (extra.log ??= logger.child({ connectionId: extra.connectionId ?? requestIdFrom(extra.request?.headers ?? {}) }));

  const wss = new WebSocketServer({
    server: httpServer,
    path: options.path ?? '/graphql',
    maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
  });
  let refusedConnections = 0;
  metrics?.observeTransport(() => {
    const stats = feed.stats();
    return { connections: wss.clients.size, subscriptions: stats.subscriptions, largestLag: stats.largestLag, head: stats.head };
  });
  // Same error shapes as HTTP: codes in extensions.code, internal errors masked, the operation's
  // request id in extensions.requestId; the first code is the operation's outcome.
  const format = (errors: readonly GraphQLError[], operation: ObservedOperation<Partial<ConnectionExtra>> | undefined) => {
    const formatted = errors.map((error) => formatError(error.toJSON(), error, operation));
    noteErrorCode(operation?.outcome, formatted[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    return formatted;
  };
  /** An operation ended: its log line and, for queries and mutations, the metrics HTTP requests also count. */
  const finish = (extra: ConnectionExtra, id: string) => {
    const operation = extra.observed?.get(id);
    if (!operation) return;
    extra.observed!.delete(id);
    const { operationName } = operation.outcome;
    const outcome = operation.outcome.outcome ?? 'OK';
    const seconds = (performance.now() - operation.started) / 1e3;
    if (operation.type !== 'subscription') metrics?.observeOperation(operationName, outcome, seconds);
    operation.log.info(
      { operationName, operationType: operation.type, outcome, durationMs: Math.round(seconds * 1000) },
      operation.type === 'subscription' ? 'subscription ended' : 'operation completed',
    );
  };
  const graphqlWs = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      // The caller is fixed per connection, by the same rules as HTTP; so is its share of the feed.
      // A connection needs an identified caller: anonymous callers see no events at all.
      onConnect: async (ctx) => {
        const extra: Partial<ConnectionExtra> = ctx.extra;
        const headers = ctx.extra.request.headers;
        extra.connectionId = flat(requestIdFrom(headers)); // held for the connection's life
        let identity: Identity;
        try {
          identity = await options.identity.resolveConnection(ctx.connectionParams, headers);
          if (identity.did === null) {
            throw new UnauthenticatedError('A graphql-ws connection needs a caller: connectionParams.authorization "Bearer <token>"');
          }
        } catch (error) {
          if (!isAgentStackError(error)) throw error;
          refusedConnections++;
          connectionLog(extra).info({ outcome: error.code }, 'graphql-ws connection refused');
          // The close code says whether retrying can help (4401: never; protocol.ts).
          ctx.extra.socket.close(closeCodeOf(error.code), truncateReason(`${error.code}: ${error.message}`));
          return false;
        } finally {
          // The caller is known (or refused): neither the upgrade request nor the bearer token is
          // needed any more; neither is kept for the connection's life (a secret least of all).
          extra.request = undefined;
          const params = ctx.connectionParams as Record<string, unknown> | undefined;
          if (params && 'authorization' in params) params.authorization = undefined;
        }
        ctx.extra.identity = identity;
        ctx.extra.liveEvents = new ConnectionEvents(feed, ctx.extra.socket, identity, expiries);
        if (logger.isLevelEnabled('debug')) connectionLog(extra).debug('graphql-ws connection opened');
        return true;
      },
      // A query still executing when its client hangs up stops: nobody would read its answer; the
      // subscriptions have returned already (graphql-ws ends them first).
      onClose: (ctx, code) => {
        const extra: Partial<ConnectionExtra> = ctx.extra;
        for (const operation of extra.operations?.values() ?? []) operation.stop('The connection closed; the operation was stopped');
        extra.operations?.clear();
        const subscriptions = extra.subscriptionAbort;
        if (subscriptions && !subscriptions.signal.aborted) subscriptions.abort(new OperationStoppedError('The connection closed; the operation was stopped'));
        extra.liveEvents?.close();
        if (extra.log || logger.isLevelEnabled('debug')) connectionLog(extra).debug({ code }, 'graphql-ws connection closed');
      },
      // The same limits as HTTP, before anything runs: parse within the token limit, validate
      // with the limit rules, then the cost with this operation's variables.
      onSubscribe: (ctx, id, payload) => {
        // Every operation gets a request id of its own (errors carry it, its log lines too); its
        // logger is made when it first logs (most subscriptions log once, when they end).
        const requestId = flat(randomUUID()); // held for the operation's life
        const outcome: RequestOutcome = { operationName: payload.operationName ?? null, outcome: null };
        const extra: Partial<ConnectionExtra> = ctx.extra;
        const observed = new ObservedOperation(requestId, outcome, id, extra, connectionLog);
        (extra.observed ??= new Map()).set(id, observed);
        try {
          // Parsed and validated once per distinct text (document-cache.ts); the cost depends on the variables: always.
          const cached = documents.get(payload.query);
          let document = cached;
          if (document === undefined) {
            assertTokensWithin(payload.query, options.limits);
            try {
              document = parse(payload.query);
            } catch (error) {
              // graphql-js's errors carry no code: the client gets the one HTTP's answer carries.
              outcome.outcome = 'GRAPHQL_PARSE_FAILED';
              throw error instanceof GraphQLError ? withCode(error, 'GRAPHQL_PARSE_FAILED') : error;
            }
          }
          const operation = getOperationAST(document, payload.operationName ?? undefined);
          if (operation) {
            observed.type = operation.operation;
            outcome.operationName = payload.operationName ?? operation.name?.value ?? null;
          }
          if (cached === undefined) {
            const errors = validate(schema, document, [...specifiedRules, ...limitRules(options.limits)]);
            if (errors.length > 0) {
              // Our limit rules carry their code (QUERY_TOO_COMPLEX); graphql-js's rules none: HTTP's.
              const coded = errors.map((error) => (typeof error.extensions.code === 'string' ? error : withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
              outcome.outcome = coded[0]!.extensions.code as string;
              return coded;
            }
            documents.set(payload.query, document);
          }
          assertCostWithin(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined, options.limits);
          return { schema, document, variableValues: payload.variables ?? null, operationName: payload.operationName ?? null };
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      },
      // A fresh context per operation (its own DataLoaders), with this connection's live events and
      // a signal: a query or mutation has the execution budget HTTP has; a subscription lives as
      // long as its client wants (both stop when the connection closes).
      context: (ctx, id, _payload, args) => {
        const extra: Partial<ConnectionExtra> = ctx.extra;
        const subscription = getOperationAST(args.document, args.operationName)?.operation === 'subscription';
        const observed = extra.observed?.get(id);
        if (observed) observed.executing = true;
        let signal: StopSignal;
        if (subscription) {
          // Stopped only when the connection closes, like all its subscriptions: one signal for them all.
          // A bare controller, not operationSignal(null): no budget, and no closures held per connection.
          signal = (extra.subscriptionAbort ??= new AbortController()).signal;
        } else {
          const operation = operationSignal(options.limits.executionMs);
          extra.operations?.get(id)?.done();
          (extra.operations ??= new Map()).set(id, operation);
          signal = operation.signal;
        }
        const context = createContext(callerOf(extra.identity), extra.liveEvents!, signal);
        if (subscription) subscriptionTargets.set(context, { extra: ctx.extra, id });
        return context;
      },
      // Subscriptions send their events themselves, each event executed and serialised once per group.
      subscribe: (args) => {
        const target = subscriptionTargets.get(args.contextValue as object);
        if (!target) return subscribe(args);
        subscriptionTargets.delete(args.contextValue as object);
        const { extra, id } = target;
        const callerKey = flat(JSON.stringify([extra.identity?.did ?? null, extra.identity?.app ?? null]));
        return delivery.subscribe(args, new SocketTarget(extra, id, callerKey, formatFor));
      },
      onComplete: (ctx, id) => {
        ctx.extra.operations?.get(id)?.done();
        ctx.extra.operations?.delete(id);
        finish(ctx.extra, id);
      },
      onNext: (ctx, id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: format(result.errors, ctx.extra.observed?.get(id)) };
      },
      // A subscription refused before it started (bad cursor, a limit): an `error` message.
      onError: (ctx, id, _payload, errors) => {
        const observed = ctx.extra.observed?.get(id);
        const formatted = format(errors, observed);
        // Refused before it ran: no onComplete follows (graphql-ws), so it ends here.
        if (observed && !observed.executing) finish(ctx.extra, id);
        return formatted;
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  // One formatter for every subscription's errors (a SocketTarget holds no closure of its own).
  const formatFor = (errors: readonly GraphQLError[], extra: ConnectionExtra, id: string) => format(errors, extra.observed?.get(id));

  let closing: Promise<void> | null = null;
  return {
    feed,
    wakeSource,
    stats: () => ({ ...feed.stats(), connections: wss.clients.size, refusedConnections }),
    health: () => {
      const { subscriptions: open, maxSubscriptions: limit, refused, replaying, replayWaiting, replayEventsPerSecond } = feed.stats();
      return {
        subscriptions: { open, limit, refused, connections: wss.clients.size, refusedConnections, replaying, replayWaiting, replayEventsPerSecond },
      };
    },
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
          expiries.close();
          await feed.close();
          await wakeSource.close();
        }
      })();
      return closing;
    },
  };
}

function callerOf(identity: Identity | undefined): Caller {
  return { did: identity?.did ?? null, app: identity?.app ?? null };
}

/** WebSocket close reasons are limited to 123 bytes. */
function truncateReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : `${Buffer.from(reason).subarray(0, 120).toString()}...`;
}
