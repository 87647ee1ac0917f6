import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { waitFor } from '../helpers/wait.js';
import { call, errorCode, mcpClient, ok, startMcpServer, type McpTestServer } from './helpers/mcp-server.js';

const TOOL_NAMES = [
  'list_open_tasks',
  'claim_task',
  'list_my_tasks',
  'get_task',
  'create_task',
  'assign_task',
  'update_task_status',
  'publish_task',
  'register_agent',
  'delegate',
  'revoke_delegation',
  'check_delegation',
];

interface TaskResult {
  task: { id: string; status: string; version: number; assigneeDid: string | null; published: boolean; metadata: Record<string, unknown> };
}

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`MCP over Streamable HTTP (${target.name})`, () => {
    let opened: OpenedDatabase;
    let server: McpTestServer;
    const clients: Client[] = [];
    let run = 0;
    const did = (kind: 'user' | 'agent', name: string) => `did:coinpay:${kind}:mcp-${name}-${target.name}-${++run}`;
    const connect = async (as: string) => {
      const client = await mcpClient(server.mcpUrl, as);
      clients.push(client);
      return client;
    };

    beforeAll(async () => {
      opened = await target.open({ label: 'mcp_http' });
      server = await startMcpServer(opened);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
    });
    afterAll(async () => {
      await server?.close();
      await opened?.close();
    });

    /** A registered agent with its own MCP session. */
    async function agent(name: string): Promise<{ did: string; client: Client }> {
      const agentDid = did('agent', name);
      const client = await connect(agentDid);
      await ok(client, 'register_agent', { did: agentDid, name, sourceApp: 'mcp-test' });
      return { did: agentDid, client };
    }

    it('lists every tool with a description, annotations and input and output schemas', async () => {
      const client = await connect(did('user', 'lister'));
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(TOOL_NAMES);
      for (const tool of tools) {
        expect(tool.description!.length, tool.name).toBeGreaterThan(80);
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.outputSchema?.type, tool.name).toBe('object');
        expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe('boolean');
      }
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      expect(byName.get('get_task')!.annotations).toMatchObject({ readOnlyHint: true });
      expect(byName.get('update_task_status')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(byName.get('update_task_status')!.inputSchema.required).toEqual(['taskId', 'status']);
      expect((byName.get('update_task_status')!.inputSchema.properties as Record<string, { enum?: string[] }>)['status']!.enum).toEqual([
        'PENDING', 'QUEUED', 'RUNNING', 'BLOCKED', 'COMPLETE', 'FAILED', 'CANCELLED',
      ]);
      expect(server.mcp.stats().sessionsOpened).toBeGreaterThan(0);
    });

    it('create → publish → claim (two agents race: one wins, the other gets CONFLICT) → RUNNING → COMPLETE', async () => {
      const ownerDid = did('user', 'owner');
      const owner = await connect(ownerDid);
      const [first, second] = await Promise.all([agent('racer-a'), agent('racer-b')]);
      const { task: created } = await ok<TaskResult>(owner, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Translate the README', metadata: { lang: 'fr' } });
      expect(created).toMatchObject({ status: 'PENDING', assigneeDid: null, published: false });
      const { task: published } = await ok<TaskResult>(owner, 'publish_task', { taskId: created.id });
      expect(published.published).toBe(true);

      const open = await ok<{ tasks: { nodes: { id: string }[] } }>(first.client, 'list_open_tasks', { sourceApp: 'mcp-test', first: 100 });
      expect(open.tasks.nodes.map((task) => task.id)).toContain(created.id);

      const results = await Promise.all([first, second].map((racer) => call(racer.client, 'claim_task', { taskId: created.id })));
      const winners = results.filter((result) => !result.isError);
      const losers = results.filter((result) => result.isError);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect((losers[0]!.structuredContent as { error: { code: string; retryable: boolean } }).error).toMatchObject({ code: 'CONFLICT', retryable: false });
      expect((losers[0]!.content[0] as { text: string }).text).toMatch(/^CONFLICT: /);
      const won = (winners[0]!.structuredContent as unknown as TaskResult).task;
      const winner = won.assigneeDid === first.did ? first : second;
      expect(won).toMatchObject({ status: 'QUEUED', assigneeDid: winner.did });

      const open2 = await ok<{ tasks: { nodes: { id: string }[] } }>(first.client, 'list_open_tasks', { sourceApp: 'mcp-test', first: 100 });
      expect(open2.tasks.nodes.map((task) => task.id)).not.toContain(created.id);
      const mine = await ok<{ tasks: { nodes: { id: string }[] } }>(winner.client, 'list_my_tasks', {});
      expect(mine.tasks.nodes.map((task) => task.id)).toEqual([created.id]);

      const { task: running } = await ok<TaskResult>(winner.client, 'update_task_status', { taskId: created.id, status: 'RUNNING', expectedVersion: won.version });
      expect(await errorCode(winner.client, 'update_task_status', { taskId: created.id, status: 'COMPLETE', expectedVersion: won.version })).toBe('CONFLICT');
      const { task: complete } = await ok<TaskResult>(winner.client, 'update_task_status', {
        taskId: created.id,
        status: 'COMPLETE',
        expectedVersion: running.version,
        patch: { metadata: { result: 'https://example.com/fr' } },
      });
      expect(complete).toMatchObject({ status: 'COMPLETE', metadata: { lang: 'fr', result: 'https://example.com/fr' } });
      const { task: read } = await ok<TaskResult>(owner, 'get_task', { taskId: created.id });
      expect(read).toMatchObject({ status: 'COMPLETE', version: complete.version });
      // Each call is counted by tool and outcome.
      const metrics = await (await fetch(`${server.origin}/metrics`)).text();
      expect(metrics).toMatch(/agentstack_mcp_tool_call_duration_seconds_count\{tool="claim_task",outcome="CONFLICT"\} [1-9]/);
      expect(metrics).toMatch(/agentstack_mcp_tool_call_duration_seconds_count\{tool="update_task_status",outcome="OK"\} [1-9]/);
    });

    it("a stranger's calls are FORBIDDEN (or see nothing) and change nothing", async () => {
      const ownerDid = did('user', 'guarded');
      const owner = await connect(ownerDid);
      const worker = await agent('worker');
      const stranger = await agent('stranger');
      const { task } = await ok<TaskResult>(owner, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Private work', assigneeDid: worker.did });

      expect(await errorCode(stranger.client, 'update_task_status', { taskId: task.id, status: 'CANCELLED' })).toBe('FORBIDDEN');
      expect(await errorCode(stranger.client, 'assign_task', { taskId: task.id, agentDid: stranger.did })).toBe('FORBIDDEN');
      expect(await errorCode(stranger.client, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'As someone else' })).toBe('FORBIDDEN');
      expect(await errorCode(stranger.client, 'delegate', { ownerDid, agentDid: stranger.did, scopes: ['tasks:*'] })).toBe('FORBIDDEN');
      expect(await errorCode(stranger.client, 'get_task', { taskId: task.id })).toBe('NOT_FOUND');
      expect(await errorCode(stranger.client, 'check_delegation', { ownerDid, agentDid: worker.did, scope: 'tasks:update' })).toBe('FORBIDDEN');

      const { task: after } = await ok<TaskResult>(owner, 'get_task', { taskId: task.id });
      expect(after).toMatchObject({ status: 'QUEUED', version: task.version, assigneeDid: worker.did });
      const owned = await ok<{ tasks: { nodes: unknown[] } }>(owner, 'list_my_tasks', {});
      expect(owned.tasks.nodes).toHaveLength(1);

      // A grant lets the stranger act for the owner, and revoking it takes that back.
      const { grant } = await ok<{ grant: { id: string; active: boolean } }>(owner, 'delegate', { ownerDid, agentDid: stranger.did, scopes: ['tasks:update'] });
      expect(grant.active).toBe(true);
      expect(await ok(stranger.client, 'check_delegation', { ownerDid, agentDid: stranger.did, scope: 'tasks:update' })).toEqual({ delegation: { active: true } });
      await ok(owner, 'revoke_delegation', { grantId: grant.id });
      expect(await errorCode(owner, 'revoke_delegation', { grantId: grant.id })).toBe('CONFLICT');
      expect(await errorCode(stranger.client, 'update_task_status', { taskId: task.id, status: 'CANCELLED' })).toBe('FORBIDDEN');
    });

    it('bad arguments are BAD_USER_INPUT results, never a broken session', async () => {
      const client = await connect(did('user', 'sloppy'));
      expect(await errorCode(client, 'get_task', {})).toBe('BAD_USER_INPUT');
      expect(await errorCode(client, 'get_task', { taskId: 42 })).toBe('BAD_USER_INPUT');
      expect(await errorCode(client, 'get_task', { taskId: 'x', extra: true })).toBe('BAD_USER_INPUT');
      expect(await errorCode(client, 'update_task_status', { taskId: 'x', status: 'DONE' })).toBe('BAD_USER_INPUT');
      expect(await errorCode(client, 'create_task', { ownerDid: 'not a did', sourceApp: 'a', title: 't' })).toBe('BAD_USER_INPUT');
      expect(await errorCode(client, 'list_open_tasks', { after: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
      expect(await errorCode(client, 'list_open_tasks', { first: 1000 })).toBe('BAD_USER_INPUT');
      await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
      // The session still works.
      expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
    });

    it('reads a task and an agent as resources, and a subscription hears of each change made through GraphQL', async () => {
      const ownerDid = did('user', 'watcher');
      const owner = await connect(ownerDid);
      const worker = await agent('watched');
      const { task } = await ok<TaskResult>(owner, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Watch me', assigneeDid: worker.did });
      const uri = `agentstack://tasks/${encodeURIComponent(task.id)}`;

      const { resourceTemplates } = await owner.listResourceTemplates();
      expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(['agentstack://tasks/{id}', 'agentstack://agents/{did}']);
      const read = await owner.readResource({ uri });
      expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ id: task.id, status: 'QUEUED' });
      const agentRead = await owner.readResource({ uri: `agentstack://agents/${encodeURIComponent(worker.did)}` });
      expect(JSON.parse((agentRead.contents[0] as { text: string }).text)).toMatchObject({ did: worker.did, name: 'watched' });
      expect((await owner.listResources()).resources.map((resource) => resource.uri)).toContain(uri);

      const updates: string[] = [];
      owner.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updates.push(notification.params.uri);
      });
      await waitFor('the resource stream to open', () => server.mcp.hasStream(sessionOf(owner)));
      await owner.subscribeResource({ uri });

      // The change is made through GraphQL, not MCP.
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agentstack-did': worker.did },
        body: JSON.stringify({ query: 'mutation($id: ID!) { updateTaskStatus(taskId: $id, status: RUNNING) { status } }', variables: { id: task.id } }),
      });
      expect(await response.json()).toEqual({ data: { updateTaskStatus: { status: 'RUNNING' } } });
      await waitFor('the resource update', () => updates.length >= 1);
      expect(updates).toEqual([uri]);

      await owner.unsubscribeResource({ uri });
      await ok(worker.client, 'update_task_status', { taskId: task.id, status: 'COMPLETE' });
      // One more change to a resource still subscribed proves the stream is alive and in order.
      const other = (await ok<TaskResult>(owner, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Second' })).task;
      const otherUri = `agentstack://tasks/${encodeURIComponent(other.id)}`;
      await owner.subscribeResource({ uri: otherUri });
      await ok(owner, 'publish_task', { taskId: other.id });
      await waitFor('the second update', () => updates.length >= 2);
      expect(updates).toEqual([uri, otherUri]);
    });

    it("cannot read or subscribe to what the caller may not see; another caller's session is not found", async () => {
      const ownerDid = did('user', 'secretive');
      const owner = await connect(ownerDid);
      const { task } = await ok<TaskResult>(owner, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Secret' });
      const stranger = await connect(did('user', 'nosy'));
      const uri = `agentstack://tasks/${encodeURIComponent(task.id)}`;
      await expect(stranger.readResource({ uri })).rejects.toMatchObject({ code: -32002 });
      await expect(stranger.subscribeResource({ uri })).rejects.toMatchObject({ code: -32002 });
      await expect(stranger.readResource({ uri: 'https://example.com/' })).rejects.toMatchObject({ code: -32602 });

      // The owner's session id with the stranger's credentials: 404, as for a session that does not exist.
      const init = await rawPost(server.mcpUrl, ownerDid, null, initializeMessage());
      const sessionId = init.headers.get('mcp-session-id')!;
      expect(sessionId).toMatch(/^[\w-]{32}$/);
      const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
      expect((await rawPost(server.mcpUrl, ownerDid, sessionId, list)).status).toBe(200);
      expect((await rawPost(server.mcpUrl, did('user', 'thief'), sessionId, list)).status).toBe(404);
      expect((await rawPost(server.mcpUrl, ownerDid, null, list)).status).toBe(400);
      // DELETE ends it.
      const deleted = await fetch(server.mcpUrl, { method: 'DELETE', headers: { 'x-agentstack-did': ownerDid, 'mcp-session-id': sessionId } });
      expect(deleted.status).toBe(200);
      expect((await rawPost(server.mcpUrl, ownerDid, sessionId, list)).status).toBe(404);
    });

    it('gives a model the task, its history and the allowed next statuses (work_on_task)', async () => {
      const ownerDid = did('user', 'prompter');
      const owner = await connect(ownerDid);
      const worker = await agent('prompted');
      const { task } = await ok<TaskResult>(owner, 'create_task', { ownerDid, sourceApp: 'mcp-test', title: 'Write the tests', assigneeDid: worker.did });
      await ok(worker.client, 'update_task_status', { taskId: task.id, status: 'RUNNING' });
      const { prompts } = await worker.client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toEqual(['work_on_task']);
      const prompt = await worker.client.getPrompt({ name: 'work_on_task', arguments: { taskId: task.id } });
      const text = (prompt.messages[0]!.content as { text: string }).text;
      expect(text).toContain('Write the tests');
      expect(text).toContain('it may move to: BLOCKED, COMPLETE, FAILED, CANCELLED');
      expect(text).toMatch(/TASK_CREATED[\s\S]*TASK_UPDATED → RUNNING/);
      await expect(worker.client.getPrompt({ name: 'work_on_task', arguments: { taskId: 'nope' } })).rejects.toMatchObject({ code: -32602 });
    });

    it('answers 401 with WWW-Authenticate to a request without credentials, and serves the metadata it names', async () => {
      const response = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(initializeMessage()),
      });
      expect(response.status).toBe(401);
      const challenge = response.headers.get('www-authenticate')!;
      expect(challenge).toBe(`Bearer resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`);
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { data: { code: 'UNAUTHENTICATED' } }, id: null });
      const metadata = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`);
      expect(await metadata.json()).toMatchObject({ resource: `${server.origin}/mcp`, bearer_methods_supported: ['header'] });
      // The SDK's client reports it as an authorization failure.
      await expect(mcpClient(server.mcpUrl, {})).rejects.toThrow();
      // A page from another origin is refused even with a caller.
      const foreign = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', origin: 'http://evil.example', 'x-agentstack-did': did('user', 'victim') },
        body: JSON.stringify(initializeMessage()),
      });
      expect(foreign.status).toBe(403);
      // …unless AGENTSTACK_MCP_ALLOWED_ORIGINS names it.
      const allowed = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', origin: 'http://inspector.test', 'x-agentstack-did': did('user', 'inspector') },
        body: JSON.stringify(initializeMessage()),
      });
      expect(allowed.status).toBe(200);
    });

    it('answers JSON-RPC errors to a body that is not JSON, too large, or a method it does not serve', async () => {
      const caller = did('user', 'malformed');
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-agentstack-did': caller };
      const bad = await fetch(server.mcpUrl, { method: 'POST', headers, body: '{"jsonrpc":' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
      const large = await fetch(server.mcpUrl, { method: 'POST', headers, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) });
      expect(large.status).toBe(413);
      const put = await fetch(server.mcpUrl, { method: 'PUT', headers, body: '{}' });
      expect(put.status).toBe(405);
      // One request may not become thousands of operations.
      const flood = Array.from({ length: 17 }, (_v, i) => ({ jsonrpc: '2.0', id: i, method: 'tools/list' }));
      const batch = await fetch(server.mcpUrl, { method: 'POST', headers, body: JSON.stringify(flood) });
      expect(batch.status).toBe(400);
      expect(await batch.json()).toMatchObject({ error: { code: -32600 } });
    });
  });
}

function sessionOf(client: Client): string {
  return (client.transport as StreamableHTTPClientTransport).sessionId!;
}

function initializeMessage() {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
}

async function rawPost(url: string, did: string, sessionId: string | null, message: unknown): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-agentstack-did': did,
      'mcp-protocol-version': '2025-06-18',
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: JSON.stringify(message),
  });
  await response.arrayBuffer();
  return response;
}
