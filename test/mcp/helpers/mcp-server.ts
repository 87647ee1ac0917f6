import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MemoryMcpSessions, type McpSessionStore } from '../../../src/core/mcp-sessions.js';
import { createAgentStackServer, type AgentStackServer } from '../../../src/server/app.js';
import type { IdentityResolver } from '../../../src/server/identity.js';
import { mcpRoutes, type McpHttp } from '../../../src/server/mcp/routes.js';
import { attachSubscriptions } from '../../../src/server/ws.js';
import type { OpenedDatabase } from '../../helpers/databases.js';

export interface McpTestServer {
  origin: string;
  graphqlUrl: string;
  mcpUrl: string;
  server: AgentStackServer;
  mcp: McpHttp;
  sessions: McpSessionStore;
  loggedErrors: unknown[];
  close(): Promise<void>;
}

/**
 * A real server as production wires it (serve.ts): HTTP, graphql-ws and MCP at /mcp, on
 * 127.0.0.1 and a free port, over an opened target; sessions in its database (in memory on the
 * memory target). Without `identity`, the `x-agentstack-did` header is the caller.
 */
export async function startMcpServer(opened: OpenedDatabase, options: { identity?: IdentityResolver; keepAliveMs?: number; allowedOrigins?: string[] } = {}): Promise<McpTestServer> {
  const loggedErrors: unknown[] = [];
  const logger = { info: () => {}, error: (_message: string, error?: unknown) => loggedErrors.push(error) };
  const sessions = opened.sql?.mcpSessions ?? new MemoryMcpSessions();
  let mcp: McpHttp | null = null;
  const server = await createAgentStackServer({
    agentStack: opened.agentStack,
    database: opened.database.ping ? { ping: () => opened.database.ping!() } : null,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
    logger,
    ...(options.identity ? { identity: options.identity } : {}),
    onHttpServer: async (httpServer, seam) => {
      const subscriptions = await attachSubscriptions(httpServer, { ...seam, database: opened.database, logger });
      const routes = mcpRoutes({
        seam,
        sessions,
        feed: subscriptions.feed,
        version: '0.0.0-test',
        allowedOrigins: options.allowedOrigins ?? ['http://inspector.test'],
        ...(options.keepAliveMs !== undefined ? { keepAliveMs: options.keepAliveMs } : {}),
      });
      mcp = routes;
      return {
        dispose: async () => {
          routes.close();
          await subscriptions.close();
        },
        routes: routes.router,
      };
    },
  });
  const { url } = await server.listen();
  const origin = url.replace(/\/graphql$/, '');
  return { origin, graphqlUrl: url, mcpUrl: `${origin}/mcp`, server, mcp: mcp!, sessions, loggedErrors, close: () => server.close() };
}

/** The SDK's own client over Streamable HTTP, connected (initialized) as `did` (the development header) or with these headers. */
export async function mcpClient(mcpUrl: string, identity: string | Record<string, string>): Promise<Client> {
  const headers = typeof identity === 'string' ? { 'x-agentstack-did': identity } : identity;
  const client = new Client({ name: 'agentstack-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers } }));
  return client;
}

/** Calls a tool and answers its result (structured content and error flag), failing on a protocol error. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, CallToolResultSchema)) as CallToolResult;
}

/** The structured content of a successful call (throws with the error's code otherwise). */
export async function ok<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.structuredContent ?? result.content)}`);
  return result.structuredContent as T;
}

/** The error code of a call that must fail. */
export async function errorCode(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await call(client, name, args);
  if (!result.isError) throw new Error(`${name} succeeded: ${JSON.stringify(result.structuredContent)}`);
  return (result.structuredContent as { error: { code: string } }).error.code;
}
