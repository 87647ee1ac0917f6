import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryApiKeys } from '../../src/core/api-keys.js';
import { IdentityResolver } from '../../src/server/identity.js';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { waitFor } from '../helpers/wait.js';
import { errorCode, mcpClient, ok, startMcpServer, type McpTestServer } from './helpers/mcp-server.js';

/**
 * `agentstack mcp` as a local MCP host runs it: spawned, JSON-RPC on its stdio, calling a real
 * server over GraphQL with a JWT (AGENTSTACK_TOKEN). The server verifies tokens (HS256), so the
 * same test shows Bearer tokens on /mcp too.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'mcp-stdio-test-secret-of-at-least-32-bytes';
const OWNER = 'did:coinpay:user:mcp-stdio-owner';
const AGENT = 'did:coinpay:agent:mcp-stdio-agent';

function token(sub: string): Promise<string> {
  return new SignJWT({ sub })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

describe('MCP over stdio (agentstack mcp) and with JWTs', () => {
  let opened: OpenedDatabase;
  let server: McpTestServer;

  beforeAll(async () => {
    opened = await openTarget('memory');
    const identity = new IdentityResolver({ jwtSecret: SECRET, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, new MemoryApiKeys(), { production: false });
    server = await startMcpServer(opened, { identity });
  });
  afterAll(async () => {
    await server?.close();
    await opened?.close();
  });

  async function stdioClient(sub: string): Promise<{ client: Client; stderr: () => string }> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/cli/main.ts', 'mcp'],
      cwd: ROOT,
      env: { ...getDefaultEnvironment(), AGENTSTACK_API_URL: server.graphqlUrl, AGENTSTACK_TOKEN: await token(sub) },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const client = new Client({ name: 'agentstack-stdio-test', version: '1.0.0' });
    await client.connect(transport);
    return { client, stderr: () => stderr };
  }

  it('runs the happy path: register, create, publish, claim, RUNNING, COMPLETE, with a resource subscription', async () => {
    const owner = await stdioClient(OWNER);
    const agent = await stdioClient(AGENT);
    try {
      expect(owner.client.getServerVersion()).toMatchObject({ name: 'agentstack' });
      expect((await owner.client.listTools()).tools).toHaveLength(12);
      await ok(agent.client, 'register_agent', { did: AGENT, name: 'stdio agent', sourceApp: 'mcp-test' });
      const { task } = await ok<{ task: { id: string; version: number } }>(owner.client, 'create_task', { ownerDid: OWNER, sourceApp: 'mcp-test', title: 'Over stdio' });
      await ok(owner.client, 'publish_task', { taskId: task.id });

      const updates: string[] = [];
      owner.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updates.push(notification.params.uri);
      });
      const uri = `agentstack://tasks/${encodeURIComponent(task.id)}`;
      await owner.client.subscribeResource({ uri });

      const open = await ok<{ tasks: { nodes: { id: string }[] } }>(agent.client, 'list_open_tasks', {});
      expect(open.tasks.nodes.map((node) => node.id)).toContain(task.id);
      const claimed = await ok<{ task: { status: string; assigneeDid: string; version: number } }>(agent.client, 'claim_task', { taskId: task.id });
      expect(claimed.task).toMatchObject({ status: 'QUEUED', assigneeDid: AGENT });
      expect(await errorCode(agent.client, 'claim_task', { taskId: task.id })).toBe('CONFLICT');
      const mine = await ok<{ tasks: { nodes: { id: string }[] } }>(agent.client, 'list_my_tasks', {});
      expect(mine.tasks.nodes.map((node) => node.id)).toEqual([task.id]);
      const running = await ok<{ task: { version: number } }>(agent.client, 'update_task_status', { taskId: task.id, status: 'RUNNING', expectedVersion: claimed.task.version });
      const done = await ok<{ task: { status: string } }>(agent.client, 'update_task_status', { taskId: task.id, status: 'COMPLETE', expectedVersion: running.task.version });
      expect(done.task.status).toBe('COMPLETE');
      // claim, RUNNING, COMPLETE: three changes after the subscription, each announced once.
      await waitFor('three resource updates over stdio', () => updates.length >= 3);
      expect(updates).toEqual([uri, uri, uri]);
      expect(owner.stderr()).toContain(`as ${OWNER}`);
    } finally {
      await Promise.all([owner.client.close(), agent.client.close()]);
    }
  });

  it('answers the calls it has read when the host closes stdin right after them, then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'mcp'], {
      cwd: ROOT,
      env: { ...getDefaultEnvironment(), AGENTSTACK_API_URL: server.graphqlUrl, AGENTSTACK_TOKEN: await token(OWNER) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdin.end(
      [
        { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_my_tasks', arguments: {} } },
      ].map((message) => `${JSON.stringify(message)}\n`).join(''),
    );
    expect(await exited).toBe(0);
    clearTimeout(killer);
    // stdout is JSON-RPC and nothing else: one answer per request.
    const answers = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result: { structuredContent?: unknown } });
    expect(answers.map((answer) => answer.id)).toEqual([1, 2]);
    expect(answers[1]!.result.structuredContent).toMatchObject({ tasks: { nodes: expect.any(Array) } });
  });

  it('takes Authorization: Bearer on /mcp, and answers a bad token 401 with error="invalid_token"', async () => {
    const client = await mcpClient(server.mcpUrl, { authorization: `Bearer ${await token(OWNER)}` });
    try {
      const { task } = await ok<{ task: { ownerDid: string } }>(client, 'create_task', { ownerDid: OWNER, sourceApp: 'mcp-test', title: 'With a JWT' });
      expect(task.ownerDid).toBe(OWNER);
      // The header alone means nothing once identity is configured.
      const headerOnly = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-agentstack-did': OWNER },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
      });
      expect(headerOnly.status).toBe(401);
      const forged = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: 'Bearer not.a.token' },
        body: '{}',
      });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="[^"]+", error="invalid_token"$/);
    } finally {
      await client.close();
    }
  });
});
