import type { AgentStack, AgentStackSnapshot } from '../../src/core/index.js';
import { MemoryApiKeys } from '../../src/core/api-keys.js';
import { MemoryMcpSessions } from '../../src/core/mcp-sessions.js';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../../src/graphql/limits.js';
import type { GraphQLResolverMap } from '../../src/graphql/schema.js';
import { createAgentStackServer } from '../../src/server/app.js';
import { IdentityResolver } from '../../src/server/identity.js';
import { mcpRoutes } from '../../src/server/mcp/routes.js';
import { attachSubscriptions, type SubscriptionServer } from '../../src/server/ws.js';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import type { TargetName } from '../helpers/targets.js';
import { bearer } from '../server/helpers/client.js';

/**
 * A production server as an attacker meets it: NODE_ENV=production, JWT identity, subscriptions
 * on, the real store (the embedded database by default) with every SQL statement counted.
 */
export interface HostileServer {
  url: string;
  origin: string;
  wsUrl: string;
  agentStack: AgentStack;
  opened: OpenedDatabase;
  subscriptions: SubscriptionServer;
  /** SQL statements sent since the last `resetStatements()`. */
  statements: string[];
  resetStatements(): void;
  /** Headers of a caller with a valid token. */
  as(did: string): Promise<Record<string, string>>;
  loggedErrors: unknown[];
  close(): Promise<void>;
}

export const SECRET = 'hostile-suite-secret-of-at-least-32-bytes!';

export interface HostileServerOptions {
  /** Overrides of the default operation limits (e.g. a short execution budget). */
  limits?: Partial<OperationLimits>;
  /** Resolvers merged into the schema (a slow one, to exhaust a budget). */
  extraResolvers?: GraphQLResolverMap<unknown>;
}

export async function startHostileServer(target: TargetName = 'embedded', options: HostileServerOptions = {}): Promise<HostileServer> {
  const statements: string[] = [];
  const opened = await openTarget(target, { label: 'hostile', onQuery: (sql) => void statements.push(sql) });
  const identity = new IdentityResolver({ jwtSecret: SECRET, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, new MemoryApiKeys(), {
    production: true,
  });
  const loggedErrors: unknown[] = [];
  const logger = { info: () => {}, error: (_message: string, error?: unknown) => void loggedErrors.push(error) };
  let subscriptions: SubscriptionServer | null = null;
  const server = await createAgentStackServer({
    agentStack: opened.agentStack,
    database: opened.sql,
    identity,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'production' },
    limits: { ...DEFAULT_OPERATION_LIMITS, ...options.limits },
    ...(options.extraResolvers ? { extraResolvers: options.extraResolvers } : {}),
    logger,
    onHttpServer: async (httpServer, seam) => {
      const attached = await attachSubscriptions(httpServer, { ...seam, database: opened.database, logger });
      subscriptions = attached;
      // MCP at /mcp, as serve.ts mounts it.
      const mcp = mcpRoutes({ seam, sessions: opened.sql?.mcpSessions ?? new MemoryMcpSessions(), feed: attached.feed, version: 'hostile' });
      return {
        dispose: async () => {
          mcp.close();
          await attached.close();
        },
        health: () => attached.health(),
        routes: mcp.router,
      };
    },
  });
  const { url } = await server.listen();
  return {
    url,
    origin: url.replace(/\/graphql$/, ''),
    wsUrl: url.replace(/^http/, 'ws'),
    agentStack: opened.agentStack,
    opened,
    subscriptions: subscriptions!,
    statements,
    resetStatements: () => void (statements.length = 0),
    as: (did) => bearer(did, SECRET),
    loggedErrors,
    async close() {
      await server.close();
      await opened.close();
    },
  };
}

/** The whole state, to compare before and after an attack (it read nothing, wrote nothing). */
export function snapshotOf(server: HostileServer): Promise<AgentStackSnapshot> {
  return server.agentStack.snapshot();
}

/**
 * Runs `attack` while probing /health in a loop, and answers the probes' latencies (at least
 * three; every one must have answered) and `stalledMs`: the median above which the process was
 * stalled. A stalled process answers none quickly; a busy test machine (other suites, two shared
 * cores) slows probes too, but not alike over time (a run with other suites saw a 141 ms median
 * against a 100 ms bound), so the bound is 10× the median of probes made just before the attack,
 * and never below 1 s: a real stall (a query blocking the event loop) costs seconds.
 */
export async function healthDuring<T>(
  server: HostileServer,
  attack: () => Promise<T>,
): Promise<{ result: T; healthMs: number[]; stalledMs: number }> {
  const probeOnce = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
    return performance.now() - started;
  };
  const before: number[] = [];
  for (let i = 0; i < 5; i++) before.push(await probeOnce());
  const stalledMs = Math.max(1_000, 10 * median(before));
  const healthMs: number[] = [];
  let attacking = true;
  const probe = (async () => {
    while (attacking || healthMs.length < 3) healthMs.push(await probeOnce());
  })();
  try {
    const result = await attack();
    return { result, healthMs, stalledMs };
  } finally {
    attacking = false;
    await probe;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
