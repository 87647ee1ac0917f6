import { AgentStack } from '../../../src/core/index.js';
import { MemoryStore } from '../../../src/core/memory-store.js';
import { createAgentStackServer, type AgentStackServer, type AgentStackServerOptions } from '../../../src/server/app.js';

export interface TestServer {
  url: string;
  origin: string;
  agentStack: AgentStack;
  server: AgentStackServer;
  /** Errors the server logged (unexpected errors are masked in responses and only show here). */
  loggedErrors: unknown[];
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 and a free port; MemoryStore unless an AgentStack is given. Without
 * an `identity`, no identity is configured: the `x-agentstack-did` header is the caller (send it
 * with `as(did)` from client.ts). A production server needs an `identity`.
 */
export async function startTestServer(
  options: Partial<Pick<AgentStackServerOptions, 'agentStack' | 'database' | 'extraResolvers' | 'identity' | 'shutdownDelayMs' | 'directLane'>> & {
    nodeEnv?: string;
  } = {},
): Promise<TestServer> {
  const agentStack = options.agentStack ?? new AgentStack({ store: new MemoryStore() });
  const loggedErrors: unknown[] = [];
  const server = await createAgentStackServer({
    agentStack,
    database: options.database ?? null,
    extraResolvers: options.extraResolvers,
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.shutdownDelayMs !== undefined ? { shutdownDelayMs: options.shutdownDelayMs } : {}),
    ...(options.directLane !== undefined ? { directLane: options.directLane } : {}),
    config: { port: 0, host: '127.0.0.1', nodeEnv: options.nodeEnv ?? 'test' },
    logger: { info: () => {}, error: (_message, error) => loggedErrors.push(error) },
  });
  const { url } = await server.listen();
  return { url, origin: url.replace(/\/graphql$/, ''), agentStack, server, loggedErrors, close: () => server.close() };
}
