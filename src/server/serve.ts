/**
 * The server process (main.ts imports it, after tracing has started when it is on): configuration
 * from the environment, the database (embedded unless DATABASE_URL is set), AgentStack, the HTTP
 * server; graceful shutdown on SIGTERM/SIGINT. Logs are JSON lines on stdout in production,
 * readable lines in development (logging.ts).
 */
import { AgentStack } from '../core/index.js';
import { openDatabase } from '../store/index.js';
import { createAgentStackServer } from './app.js';
import { isProduction, loadConfig, type ServerConfig } from './config.js';
import { IdentityResolver } from './identity.js';
import { createLogger, type Logger } from './logging.js';
import type { Tracing } from './telemetry.js';
import { checkWebhookUrl, startWebhookDispatcher, webhookAddressPolicy, type WebhookDispatcher } from './webhooks/index.js';
import { mcpRoutes } from './mcp/routes.js';
import { packageVersion } from './version.js';
import { attachSubscriptions } from './ws.js';

/** Past this (after the shutdown delay), shutdown gives up on stragglers and exits non-zero rather than hang forever. */
const SHUTDOWN_TIMEOUT_MS = 15_000;
/** The last spans get this long to be exported on shutdown. */
const TRACING_FLUSH_MS = 5_000;

async function main(config: ServerConfig, logger: Logger, tracing: Tracing | null): Promise<void> {
  if (tracing) logger.info({ endpoint: tracingEndpoint() }, 'Tracing: exporting spans over OTLP');
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    migrate: config.migrate,
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    ...(config.poolSize !== null ? { poolSize: config.poolSize } : {}),
    readPoolSize: config.readPoolSize,
    timeouts: config.databaseTimeouts,
    onNotice: (message) => logger.info(message),
  });
  const identity = new IdentityResolver(config, database.apiKeys, { production: isProduction(config) });
  try {
    // Production with no identity configured would let anyone act as anyone: refuse to start.
    const warning = await identity.assertUsableIn();
    if (warning) logger.warn(warning);
  } catch (error) {
    await database.close();
    throw error;
  }
  const addressPolicy = webhookAddressPolicy({ allowPrivate: config.webhooks.allowPrivate, production: isProduction(config) });
  const agentStack = new AgentStack({
    store: database.store,
    webhooks: database.webhooks,
    checkWebhookUrl: (url) => checkWebhookUrl(url, addressPolicy).href,
  });
  let webhooks: WebhookDispatcher | null = null;
  const server = await createAgentStackServer({
    agentStack,
    database,
    identity,
    limits: config.limits,
    config,
    logger,
    shutdownDelayMs: config.shutdownDelayMs,
    // Subscriptions: graphql-ws on the same port and path, fed by the event log (src/server/ws.ts).
    onHttpServer: async (httpServer, seam) => {
      const subscriptions = await attachSubscriptions(httpServer, {
        ...seam,
        database,
        maxSubscriptions: config.maxSubscriptions,
        maxSubscriptionsPerConnection: config.maxSubscriptionsPerConnection,
        maxReplaying: config.replay.maxReplaying,
        maxReplayingPerConnection: config.replay.maxReplayingPerConnection,
        replayEventsPerSecond: config.replay.eventsPerSecond,
        ...(config.replay.burst !== null ? { replayBurst: config.replay.burst } : {}),
        replayStallMs: config.replay.stallMs,
      });
      // Webhook delivery: every replica runs a dispatcher; leases share the work (src/server/webhooks).
      if (config.webhooks.dispatch) {
        webhooks = await startWebhookDispatcher({
          database,
          agentStack,
          schema: seam.schema,
          addressPolicy,
          logger,
          metrics: seam.metrics,
          concurrency: config.webhooks.concurrency,
        });
      }
      // MCP at /mcp (src/server/mcp): the same identity and policy; resource updates from the same feed.
      const mcp = mcpRoutes({
        seam,
        sessions: database.mcpSessions,
        feed: subscriptions.feed,
        version: packageVersion(),
        allowedOrigins: config.mcp.allowedOrigins,
        authorizationServers: config.jwtIssuer ? [config.jwtIssuer] : [],
      });
      return {
        dispose: async () => {
          mcp.close();
          await Promise.all([subscriptions.close(), webhooks?.close()]);
        },
        health: () => ({ ...subscriptions.health(), mcp: mcp.stats() }),
        routes: mcp.router,
      };
    },
  });
  const { url } = await server.listen();
  performance.mark('agentstack:listening');
  const startup = startupPhases();
  logger.info(
    { url, database: database.kind, startupMs: startup.ms },
    `AgentStack subgraph ready at ${url} (database: ${database.kind}), ${startup.summary}`,
  );

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, `${signal}: shutting down`);
    const limit = config.shutdownDelayMs + SHUTDOWN_TIMEOUT_MS;
    const forced = setTimeout(() => {
      logger.error(`Shutdown took longer than ${limit} ms; exiting`);
      process.exit(1);
    }, limit);
    forced.unref();
    try {
      await server.close(); // stop accepting, drain in-flight requests
      await database.close();
      if (tracing) await withTimeout(tracing.shutdown(), TRACING_FLUSH_MS).catch((error: unknown) => logger.warn({ err: error }, 'Tracing did not flush'));
      logger.info('Shut down cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

/** Starts the server; on a failure to start, logs it and exits 1. */
export async function serve(tracing: Tracing | null): Promise<void> {
  let logger: Logger | undefined;
  try {
    const config = loadConfig();
    logger = createLogger({ level: config.logLevel, production: isProduction(config) });
    await main(config, logger, tracing);
  } catch (error: unknown) {
    // A configuration error comes before the configured logger: log it as production would.
    (logger ?? createLogger({ production: true })).fatal({ err: error }, `AgentStack failed to start: ${(error as Error)?.message ?? String(error)}`);
    process.exit(1);
  }
}

/**
 * Where start-up went, from the `agentstack:*` performance marks (main.ts, the store, above), each
 * phase since the one before: `node` (the runtime and main.ts loaded), `imports` (the server's
 * modules), `database` (the embedded database opened), `orm`, `migrations` (checked or applied),
 * `listening` (identity checked, the server built and listening). performance.now() counts from the
 * process's start, so the phases add up to the time since then.
 */
function startupPhases(): { ms: Record<string, number>; summary: string } {
  const ms: Record<string, number> = {};
  let previous = 0;
  for (const mark of performance.getEntriesByType('mark')) {
    if (!mark.name.startsWith('agentstack:')) continue;
    ms[mark.name.slice('agentstack:'.length)] = Math.round(mark.startTime - previous);
    previous = mark.startTime;
  }
  ms.total = Math.round(previous);
  const seconds = (value: number) => (value / 1000).toFixed(2);
  const phases = Object.entries(ms)
    .filter(([name]) => name !== 'total')
    .map(([name, value]) => `${name} ${seconds(value)}`)
    .join(', ');
  return { ms, summary: `${seconds(ms.total)} s after the process started (${phases})` };
}

function tracingEndpoint(): string | undefined {
  return process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
