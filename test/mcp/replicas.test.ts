import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { waitFor } from '../helpers/wait.js';
import { mcpClient, ok, startMcpServer, type McpTestServer } from './helpers/mcp-server.js';

/**
 * Two replicas on one PostgreSQL schema, each with its own pools and event feed: an MCP session
 * opened on one is served by the other, and a resource stream held by one hears of a change made
 * through GraphQL on the other.
 */
const [postgres] = databaseTargets('postgres');

describe.runIf(postgres!.enabled)('MCP behind two replicas (postgres)', () => {
  let first: OpenedDatabase;
  let second: OpenedDatabase;
  let a: McpTestServer;
  let b: McpTestServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    first = await postgres!.open({ label: 'mcp_replicas' });
    second = await postgres!.open({ schema: first.schema! });
    a = await startMcpServer(first);
    b = await startMcpServer(second);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await a?.close();
    await b?.close();
    await second?.close();
    await first?.close();
  });

  it('serves one session on either replica, and streams a change made through GraphQL on the other', async () => {
    const ownerDid = 'did:coinpay:user:mcp-replicas-owner';
    const agentDid = 'did:coinpay:agent:mcp-replicas-worker';
    const onA = await mcpClient(a.mcpUrl, ownerDid);
    clients.push(onA);
    const sessionId = (onA.transport as StreamableHTTPClientTransport).sessionId!;
    await waitFor('the resource stream on replica A', () => a.mcp.hasStream(sessionId));

    const worker = await mcpClient(b.mcpUrl, agentDid);
    clients.push(worker);
    await ok(worker, 'register_agent', { did: agentDid, name: 'worker', sourceApp: 'mcp-test' });
    const { task } = await ok<{ task: { id: string } }>(onA, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Across replicas', assigneeDid: agentDid });
    const uri = `agentstack://tasks/${encodeURIComponent(task.id)}`;

    // The same session on replica B: its subscription lands in the session's row, which A reads.
    const viaB = await fetch(b.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-agentstack-did': ownerDid,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'resources/subscribe', params: { uri } }),
    });
    expect(viaB.status).toBe(200);
    expect(await viaB.json()).toEqual({ jsonrpc: '2.0', id: 7, result: {} });

    const updates: string[] = [];
    onA.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    const response = await fetch(b.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-agentstack-did': agentDid },
      body: JSON.stringify({ query: 'mutation($id: ID!) { updateTaskStatus(taskId: $id, status: RUNNING) { status } }', variables: { id: task.id } }),
    });
    expect(await response.json()).toEqual({ data: { updateTaskStatus: { status: 'RUNNING' } } });
    await waitFor('the update on replica A', () => updates.length >= 1);
    expect(updates).toEqual([uri]);
    expect(b.mcp.hasStream(sessionId)).toBe(false);

    // Deleting the session through B ends A's stream (A finds the row gone at its next event or keep-alive).
    const deleted = await fetch(b.mcpUrl, { method: 'DELETE', headers: { 'x-agentstack-did': ownerDid, 'mcp-session-id': sessionId } });
    expect(deleted.status).toBe(200);
    await ok(worker, 'update_task_status', { taskId: task.id, status: 'COMPLETE' });
    await waitFor('replica A to end the deleted session\'s stream', () => !a.mcp.hasStream(sessionId));
    expect(updates).toEqual([uri]);
  });
});
