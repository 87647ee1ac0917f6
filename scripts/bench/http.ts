/**
 * The real HTTP server of AgentStack, in this process on 127.0.0.1 at a free port (as
 * src/server/main.ts wires it, minus graphql-ws subscriptions), and a small GraphQL client.
 */
import type { AgentStack } from '../../src/core/index.js';
import type { Database } from '../../src/store/index.js';

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(agentStack: AgentStack, database: Database): Promise<BenchServer> {
  // Imported here so `--no-http` runs never load Apollo and express.
  const { createAgentStackServer } = await import('../../src/server/app.js');
  const server = await createAgentStackServer({
    agentStack,
    database,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'production' },
    logger: { info: () => {}, error: (message, error) => console.error(message, error ?? '') },
  });
  const { url } = await server.listen();
  return { url, close: () => server.close() };
}

/** POSTs one operation; throws on an HTTP error or a GraphQL error. Keep-alive is fetch's default. */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || body.data === undefined) {
    throw new Error(`HTTP ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return body.data;
}

export const TASK_QUERY = `query BenchTask($id: ID!) {
  task(id: $id) { id ownerDid assigneeDid sourceApp title description status paymentIntentId escrowId reputationEventId metadata published publishedAt gigId version createdAt updatedAt }
}`;

export const UPDATE_STATUS_MUTATION = `mutation BenchUpdate($id: ID!) {
  updateTaskStatus(taskId: $id, status: RUNNING) { id status version updatedAt }
}`;
