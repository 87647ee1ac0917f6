import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { isAgentStackError, type AgentStack, type Caller } from '../core/index.js';
import { ERROR_CODES, httpStatusOf } from '../core/protocol.js';
import { operationSignal, type StopSignal } from '../graphql/budget.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { createErrorFormatter, extensionsOf } from '../graphql/errors.js';
import { DEFAULT_OPERATION_LIMITS, limitRules, operationCostPlugin, type OperationLimits } from '../graphql/limits.js';
import type { LiveEvents } from '../graphql/live-events.js';
import { buildAgentStackSchema, type GraphQLResolverMap } from '../graphql/schema.js';
import { retryableStatusPlugin } from '../graphql/status-plugin.js';
import type { DatabasePoolStats } from '../store/index.js';
import { isProduction, type ServerConfig } from './config.js';
import { graphqlRequestScope, observationPlugin } from './graphql-observation.js';
import { healthRoutes, type ReadinessProbe } from './health.js';
import { directLane } from './graphql-direct.js';
import { apolloHandler, pipeline, tokenLimit, tracing } from './graphql-http.js';
import { jsonErrors, notFound } from './http-errors.js';
import { jsonBody } from './json-body.js';
import { MemoryApiKeys } from '../core/api-keys.js';
import { IdentityResolver, type Identity } from './identity.js';
import { createLogger, httpLogger, toLogger, type Logger, type ServerLogger } from './logging.js';
import { ServerMetrics } from './metrics.js';
import { bindContextScope, requestScopeOf } from './request-context.js';

export const GRAPHQL_PATH = '/graphql';
export const METRICS_PATH = '/metrics';
/** The largest JSON body POST /graphql reads (1 MiB): past it, 413 PAYLOAD_TOO_LARGE. */
const GRAPHQL_BODY_LIMIT_BYTES = 1024 * 1024;

/** A request's GraphQL context, made once for the direct lane and Apollo Server (contextOf). */
const CONTEXT = Symbol('agentstack.graphqlContext');
type WithContext = IncomingMessage & { [CONTEXT]?: Promise<GraphQLContext> };

export type { ServerLogger } from './logging.js';

/** What an `onHttpServer` hook gets: enough to serve the same schema on another transport. */
export interface HttpServerSeam {
  schema: GraphQLSchema;
  agentStack: AgentStack;
  database: ReadinessProbe | null;
  /** Who is calling: the same rules for every transport. */
  identity: IdentityResolver;
  /** What one operation may ask: the same limits for every transport. */
  limits: OperationLimits;
  production: boolean;
  path: typeof GRAPHQL_PATH;
  /**
   * Builds the per-operation context for a caller (with live events, over graphql-ws); the one HTTP
   * requests get. `signal` stops the operation (its execution budget, its client gone: budget.ts).
   */
  createContext(caller: Caller, liveEvents?: LiveEvents, signal?: StopSignal): GraphQLContext;
  /** The server's logger (pino): other transports log through it. */
  logger: Logger;
  /** The server's metrics (`/metrics`): other transports report into them (ws.ts: connections, subscriptions, lag). */
  metrics: ServerMetrics;
}

/** A cleanup the server runs first on close (e.g. closing WebSocket connections). */
export type Disposer = () => void | Promise<void>;

/** What another transport attached by `onHttpServer` gives back: its cleanup, and counts for /health. */
export interface AttachedTransport {
  dispose: Disposer;
  health?: () => Record<string, unknown>;
  /** HTTP routes of its own (e.g. MCP's /mcp), mounted after /graphql and before the 404. */
  routes?: express.Router;
}

export interface AgentStackServerOptions {
  agentStack: AgentStack;
  /** Probed by /ready (without one, /ready answers ready); its pools, when it tells them, are in /metrics. */
  database?: (ReadinessProbe & { poolStats?(): DatabasePoolStats }) | null;
  config: Pick<ServerConfig, 'port' | 'host' | 'nodeEnv'>;
  /**
   * Who is calling (src/server/identity.ts). Default, outside production only: no identity
   * configured, so the `x-agentstack-did` header is trusted (development and tests).
   */
  identity?: IdentityResolver;
  /** What one operation may ask (src/graphql/limits.ts); default DEFAULT_OPERATION_LIMITS. */
  limits?: OperationLimits;
  /** Extra resolvers merged into the schema (their types must be in schema.graphql); tests use it to hold a request open. */
  extraResolvers?: GraphQLResolverMap<unknown>;
  /**
   * Called once the http server exists, before it listens: attach other transports to it
   * (graphql-ws on `path`). A returned function is awaited first when the server closes.
   */
  onHttpServer?: (httpServer: HttpServer, seam: HttpServerSeam) => AttachedTransport | void | Promise<AttachedTransport | void>;
  /**
   * Where the server logs (logging.ts): a pino logger, or the older `{ info, error }` seam (tests
   * collect errors through it). Default: JSON lines on stdout at level info.
   */
  logger?: Logger | ServerLogger;
  /** The metrics `/metrics` exposes; default: a fresh set (its own registry). */
  metrics?: ServerMetrics;
  /**
   * On close: how long /ready answers 503 (draining) while everything keeps serving, before the
   * server stops accepting connections — time for a load balancer to notice. Default 0.
   */
  shutdownDelayMs?: number;
  /**
   * POST /graphql requests that need nothing but execution skip Apollo Server's pipeline, with
   * the same answers (graphql-direct.ts). Default true; false sends every request through Apollo
   * Server (tests compare the two, the bench measures the difference).
   */
  directLane?: boolean;
}

export interface AgentStackServer {
  readonly httpServer: HttpServer;
  readonly schema: GraphQLSchema;
  /** Starts listening on config.port/host (port 0: any free port). */
  listen(): Promise<{ url: string; port: number }>;
  /** /ready turns 503, then (after shutdownDelayMs) stops accepting, lets in-flight requests finish, runs disposers. Idempotent. Does not close the database. */
  close(): Promise<void>;
}

/**
 * The HTTP server: `/graphql` (POST and GET, Apollo Server), `/health`, `/ready` and `/metrics`,
 * on a plain node:http server so other transports (graphql-ws) can share its port and path. Every
 * request gets an id (`x-request-id`) and one log line (logging.ts).
 */
export async function createAgentStackServer(options: AgentStackServerOptions): Promise<AgentStackServer> {
  const { agentStack, config } = options;
  const database = options.database ?? null;
  const production = isProduction(config);
  const logger = options.logger ? toLogger(options.logger) : createLogger({ production, pretty: false });
  const metrics = options.metrics ?? new ServerMetrics();
  const identity = options.identity ?? developmentIdentity(production);
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const schema = buildAgentStackSchema(options.extraResolvers);

  const app = express();
  app.disable('x-powered-by');
  // First: the request id (x-request-id, echoed), requestLog(req), and one line per request when it ends.
  const requestLog = httpLogger(logger);
  app.use(requestLog);
  // POST /graphql, nearly every request, skips express (graphqlPost below); the rest is express's.
  let graphqlPost: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const httpServer = createServer((req, res) => {
    if (graphqlPost && req.method === 'POST' && (req.url === GRAPHQL_PATH || req.url?.startsWith(`${GRAPHQL_PATH}?`))) return graphqlPost(req, res);
    return app(req, res);
  });
  const seam: HttpServerSeam = {
    schema,
    agentStack,
    database,
    identity,
    limits,
    production,
    path: GRAPHQL_PATH,
    createContext: (caller, liveEvents, signal) => createContext(agentStack, caller, liveEvents, signal),
    logger,
    metrics,
  };
  const stopCountingEvents = metrics.countEvents(agentStack);
  const poolStats = database?.poolStats?.bind(database);
  if (poolStats) metrics.observeDatabase(poolStats);
  const disposers: Disposer[] = [];
  const attached = await options.onHttpServer?.(httpServer, seam);
  if (attached) disposers.push(attached.dispose);

  const formatError = createErrorFormatter({
    includeStacktrace: !production,
    // "Did you mean …?" would describe the schema to whoever probes it.
    hideSuggestions: production,
    // Unexpected errors whose request is not known; the others go to their request's log.
    log: (message, error) => logger.error({ err: error }, message),
  });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    logger: {
      debug: (message) => logger.debug(String(message)),
      info: (message) => logger.info(String(message)),
      warn: (message) => logger.warn(String(message)),
      error: (message) => logger.error(String(message)),
    },
    plugins: [
      // Drain: on stop, stop accepting and wait for in-flight HTTP requests (then force-close).
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      // The cost, with the operation's variables, before anything runs (the other limits: below).
      operationCostPlugin(limits),
      // 503 / 504 for a response that failed for a reason that passes (retryable), not 200.
      retryableStatusPlugin(),
      // The operation and its outcome, for the request's log line and the metrics.
      observationPlugin(logger),
      // No @cacheControl hints in this schema: Apollo's implicit cache-control plugin would still
      // run a hook for every resolved field of every response (seen in the profile) to compute none.
      ApolloServerPluginCacheControlDisabled(),
    ],
    validationRules: limitRules(limits),
    includeStacktraceInErrorResponses: !production,
    // main.ts owns shutdown (subscriptions, drain, database, exit code); Apollo's own signal
    // handlers would race it and re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    // Routers use `_service { sdl }`, not introspection, so production can keep it off.
    introspection: !production,
    formatError,
  });
  await apollo.start();

  let draining = false;
  app.use(healthRoutes(database, () => attached?.health?.() ?? {}, () => draining));
  // Prometheus: unauthenticated like /health (operators keep it on an internal network).
  app.get(METRICS_PATH, async (_req, res, next) => {
    try {
      const text = await metrics.exposition();
      res.set('content-type', metrics.contentType).set('cache-control', 'no-store').send(text);
    } catch (error) {
      next(error);
    }
  });
  // The context of one request, made once: the direct lane and Apollo Server (when the lane hands
  // a request on) get the same one, its identity resolved and its budget started once.
  const requestContext = async (req: express.Request, res: express.Response): Promise<GraphQLContext> => {
    let caller: Identity;
    try {
      caller = await identity.resolve(req.headers);
    } catch (error) {
      if (!isAgentStackError(error)) throw error;
      // Identity failed before execution: the whole response fails with the code's status
      // (a key server or database outage: 503 with retry-after, like the plugin's).
      // Apollo reads `headers` as a Map; graphql-yoga's type augmentation (a dev dependency) says Record.
      const headers = ERROR_CODES[error.code].retryable ? (new Map([['retry-after', '1']]) as unknown as Record<string, string>) : undefined;
      throw new GraphQLError(error.message, {
        extensions: { ...extensionsOf(error), http: { status: httpStatusOf(error.code), ...(headers ? { headers } : {}) } },
      });
    }
    // The execution budget; a client that hangs up before its answer stops the operation too.
    const budget = operationSignal(limits.executionMs);
    res.once('close', () => {
      if (!res.writableFinished) budget.stop('The client went away before its answer; the operation was stopped');
      budget.done();
    });
    const context = createContext(agentStack, { did: caller.did, app: caller.app ?? null }, undefined, budget.signal);
    // Apollo Server's plugins find the request's scope from its context (graphql-observation.ts).
    bindContextScope(context, requestScopeOf(req));
    return context;
  };
  // Kept on the request, not in a WeakMap keyed by it: V8's young collections keep a WeakMap's
  // entries (and all a context holds) alive, so every request's context was copied and promoted,
  // to be freed only by a full collection (in a bisection, half the server CPU of `{ __typename }`).
  const contextOf = (req: express.Request, res: express.Response): Promise<GraphQLContext> => {
    const held = req as WithContext;
    return (held[CONTEXT] ??= requestContext(req, res));
  };
  const graphqlHandlers: express.RequestHandler[] = [
    // The request's scope (its id, logger and outcome, on the request) and its metrics.
    graphqlRequestScope(metrics, logger),
    // With tracing on, express.json: its reader carries the trace's async context across the
    // body's events (AsyncResource); json-body.ts carries none (nothing here needs one).
    tracing() ? express.json({ limit: GRAPHQL_BODY_LIMIT_BYTES }) : jsonBody(GRAPHQL_BODY_LIMIT_BYTES),
    // Requests that need nothing but execution run without Apollo's pipeline (graphql-direct.ts).
    ...(options.directLane === false
      ? []
      : [
          directLane({ schema, limits, context: contextOf, formatError, includeStacktrace: !production, taken: () => metrics.countHttpLane('direct') }),
          ((_req, _res, next) => {
            metrics.countHttpLane('apollo');
            next();
          }) satisfies express.RequestHandler,
        ]),
    tokenLimit(limits),
    apolloHandler(apollo, { context: ({ req, res }) => contextOf(req, res) }),
  ];
  // JSON for everything else too: unknown paths, and failures before GraphQL (malformed or too large bodies).
  const errors = jsonErrors(logger);
  app.use(GRAPHQL_PATH, ...graphqlHandlers);
  if (attached?.routes) app.use(attached.routes);
  app.use(notFound);
  app.use(errors);
  // The same handlers for POST /graphql, without express: its per-request work (prototypes swapped
  // on req and res, the router matching every layer) was ~10% of a small read's CPU. Each of these
  // handlers uses only Node's request and response (POST never reaches express's `req.query`).
  // With tracing on, express stays in the path: the trace keeps its Express spans and route name.
  if (!tracing()) graphqlPost = pipeline([requestLog, ...graphqlHandlers], errors);

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    schema,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const { port } = httpServer.address() as AddressInfo;
      // 0.0.0.0 / :: are where we listen, not where a client connects.
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`;
      return { url, port };
    },
    close() {
      closing ??= (async () => {
        draining = true;
        const delay = options.shutdownDelayMs ?? 0;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        for (const dispose of disposers) await dispose();
        await apollo.stop(); // the drain plugin closes the http server
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        stopCountingEvents();
      })();
      return closing;
    },
  };
}

/** No identity configured: the bare header is trusted. Never in production (main.ts also checks). */
function developmentIdentity(production: boolean): IdentityResolver {
  if (production) throw new Error('A production server needs its identity configured (createAgentStackServer: identity)');
  return new IdentityResolver({ jwtSecret: null, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, new MemoryApiKeys(), {
    production,
  });
}
