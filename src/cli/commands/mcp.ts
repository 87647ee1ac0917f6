import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { decodeJwt } from 'jose';
import { ClientBackend } from '../../mcp/client-backend.js';
import { createAgentStackMcpServer } from '../../mcp/server.js';
import { WatchedResources } from '../../mcp/watched-resources.js';
import { resolveConnection } from '../config.js';
import type { Context } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';
import type { Action } from '../program.js';

/**
 * `agentstack mcp`: AgentStack's MCP tools, resources and prompt over stdio, for local MCP hosts
 * (Claude Desktop, IDEs). Each call goes to the server at AGENTSTACK_API_URL with the configured
 * credentials, so the server's policy judges it as it would the same GraphQL call. stdout carries
 * JSON-RPC only; notes go to stderr. Runs until the host closes stdin.
 */
export function mcpCommand(program: Command, action: Action): void {
  program
    .command('mcp')
    .description('serve AgentStack as MCP tools over stdio (for a local MCP host), calling the server at --url / AGENTSTACK_API_URL')
    .action(action(serveStdio));
}

async function serveStdio(context: Context): Promise<number> {
  const version = context.io.version ?? '0.0.0';
  const client = context.client();
  const connection = resolveConnection(context.options, context.io.env);
  const backend = new ClientBackend(client, connection.actAs ?? subjectOf(connection.token));
  let watched: WatchedResources | null = null;
  const server = createAgentStackMcpServer({
    backend,
    version,
    subscriptions: {
      subscribe: (uri) => watched!.subscribe(uri),
      unsubscribe: (uri) => watched!.unsubscribe(uri),
    },
    log: (error) => context.note(`unexpected error: ${(error as Error)?.stack ?? String(error)}`),
  });
  watched = new WatchedResources(
    client,
    (uri) => server.sendResourceUpdated({ uri }),
    (error) => context.note(`a resource subscription ended: ${(error as Error)?.message ?? String(error)}`),
  );
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const stopInterrupt = context.io.onInterrupt?.(() => void server.close());
  // The host ends the session by closing our stdin (the SDK's transport does not watch for it);
  // calls already read are answered first (their answers are written a turn after they settle).
  const onEnd = () =>
    void backend
      .idle()
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => server.close());
  process.stdin.once('end', onEnd);
  await server.connect(new StdioServerTransport());
  context.note(`MCP server on stdio, calling ${connection.url}${backend.callerDid ? ` as ${backend.callerDid}` : ''}`);
  await closed;
  process.stdin.off('end', onEnd);
  stopInterrupt?.();
  watched.close();
  return EXIT_OK;
}

/** Who a JWT says the caller is (its `sub`), to default "my tasks" to; the server verifies the token, not this. */
function subjectOf(token: string | null): string | null {
  if (!token) return null;
  try {
    return decodeJwt(token).sub ?? null;
  } catch {
    return null;
  }
}
