/**
 * MCP at /mcp as an attacker meets it (production, JWT identity, the embedded database, every
 * statement counted): bad arguments to every tool are BAD_USER_INPUT results that change nothing,
 * guessed and stolen session ids get 404 after one statement, callers without credentials run no
 * SQL, and /health answers throughout.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsOn } from '../helpers/targets.js';
import { healthDuring, median, snapshotOf, startHostileServer, type HostileServer } from './harness.js';

const OWNER = 'did:coinpay:user:mcp-hostile-owner';
let deep: unknown = { leaf: true };
for (let i = 0; i < 40; i++) deep = { deep };

/** [tool, arguments]: each must be a BAD_USER_INPUT result. */
const PROBES: [string, Record<string, unknown>][] = [
  ['create_task', { ownerDid: 'did:coinpay:user:a\u0000b', sourceApp: 'h', title: 't' }],
  ['create_task', { ownerDid: OWNER, sourceApp: 'h', title: 'broken \ud800 title' }],
  ['create_task', { ownerDid: OWNER, sourceApp: 'h', title: 't', metadata: deep }],
  ['create_task', { ownerDid: OWNER, sourceApp: 'h', title: 't', metadata: { ['k\ud800']: 1 } }],
  ['create_task', { ownerDid: `did:coinpay:user:${'a'.repeat(200_000)}`, sourceApp: 'h', title: 't' }],
  ['create_task', { ownerDid: OWNER, sourceApp: 'h', title: 'x'.repeat(201) }],
  ['create_task', { ownerDid: OWNER, sourceApp: 'h', title: 't', metadata: [1, 2] }],
  ['get_task', { taskId: 'task_\u0000' }],
  ['get_task', { taskId: 'x'.repeat(300) }],
  ['get_task', { taskId: { $ne: null } }],
  ['list_open_tasks', { after: '\u0000' }],
  ['list_open_tasks', { first: -1 }],
  ['list_my_tasks', { did: 'did:coinpay:user:\ud800' }],
  ['update_task_status', { taskId: 'task_x', status: 'RUNNING', expectedVersion: 1.5 }],
  ['update_task_status', { taskId: 'task_x', status: 'RUNNING', patch: { metadata: deep } }],
  ['delegate', { ownerDid: OWNER, agentDid: 'did:coinpay:agent:x', scopes: Array.from({ length: 65 }, (_v, i) => `s:${i}`) }],
  ['delegate', { ownerDid: OWNER, agentDid: 'did:coinpay:agent:x', scopes: ['tasks:create'], expiresAt: 'tomorrow' }],
  ['register_agent', { did: 'did:coinpay:agent:x', name: 'n', sourceApp: 'a', inboxUrl: 'javascript:alert(1)' }],
  ['check_delegation', { ownerDid: OWNER, agentDid: 'did:coinpay:agent:x', scope: 'x'.repeat(5_000) }],
];

describe.runIf(runsOn('embedded'))('hostile input to MCP (/mcp, production)', () => {
  let server: HostileServer;
  let client: Client;
  let mcpUrl: string;

  beforeAll(async () => {
    server = await startHostileServer();
    mcpUrl = `${server.origin}/mcp`;
    client = new Client({ name: 'hostile', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: await server.as(OWNER) } }));
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('answers every bad argument with a BAD_USER_INPUT result and changes nothing, /health answering throughout', async () => {
    const before = await snapshotOf(server);
    const { result, healthMs, stalledMs } = await healthDuring(server, async () => {
      const codes: string[] = [];
      for (const [name, args] of PROBES) {
        const answer = (await client.callTool({ name, arguments: args }, CallToolResultSchema)) as CallToolResult;
        codes.push(answer.isError ? (answer.structuredContent as { error: { code: string } }).error.code : `succeeded: ${name}`);
      }
      return codes;
    });
    expect(result).toEqual(PROBES.map(() => 'BAD_USER_INPUT'));
    // Every error of a long list would be megabytes: the answer says the first ones only.
    const flood = (await client.callTool({ name: 'delegate', arguments: { ownerDid: OWNER, agentDid: OWNER, scopes: Array.from({ length: 50_000 }, () => 7) } }, CallToolResultSchema)) as CallToolResult;
    expect((flood.structuredContent as { error: { code: string; message: string } }).error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(flood).length).toBeLessThan(5_000);
    expect(await snapshotOf(server)).toEqual(before);
    expect(median(healthMs)).toBeLessThan(stalledMs);
    expect(server.loggedErrors).toEqual([]);
  });

  it('refuses callers without a valid credential before any SQL', async () => {
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    server.resetStatements();
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer forged' }, { 'x-agentstack-did': OWNER }, { authorization: 'Basic b3duZXI6cHc=' }];
    for (const extra of attempts) {
      const response = await fetch(mcpUrl, { method: 'POST', headers: { ...headers, ...extra }, body: initialize });
      expect(response.status, JSON.stringify(extra)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="/);
    }
    expect(server.statements).toEqual([]);
  });

  it('answers guessed, malformed and stolen session ids 404 or 400 after at most one statement each', async () => {
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };
    const owner = await server.as(OWNER);
    const thief = await server.as('did:coinpay:user:mcp-thief');
    const stolen = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const attempts: [Record<string, string>, number][] = [
      [{ ...owner, 'mcp-session-id': 'guess' }, 404],
      [{ ...owner, 'mcp-session-id': "x'/**/OR/**/'1'='1" }, 404],
      [{ ...owner, 'mcp-session-id': "x' OR '1'='1" }, 400],
      [{ ...owner, 'mcp-session-id': 'x'.repeat(129) }, 400],
      [{ ...owner, 'mcp-session-id': '' }, 400],
      [{ ...thief, 'mcp-session-id': stolen }, 404],
    ];
    for (const [extra, status] of attempts) {
      server.resetStatements();
      const response = await fetch(mcpUrl, { method: 'POST', headers: { ...headers, ...extra }, body: list });
      expect(response.status, extra['mcp-session-id']).toBe(status);
      expect(server.statements.length).toBeLessThanOrEqual(1);
    }
    // The owner's session still works.
    expect((await client.listTools()).tools.length).toBe(12);
  });
});
