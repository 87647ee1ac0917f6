/**
 * The CLI's credentials against a server that checks them (a JWT secret and an app key; the bare
 * x-agentstack-did header is then ignored): AGENTSTACK_TOKEN carries the identity over HTTP and
 * graphql-ws, a bad token is UNAUTHENTICATED (exit 4), an app key acts for --as, outside its DIDs
 * FORBIDDEN (exit 5).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { MemoryApiKeys } from '../../src/core/api-keys.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { createAgentStackServer, type AgentStackServer } from '../../src/server/app.js';
import { hashApiKey, IdentityResolver } from '../../src/server/identity.js';
import { attachSubscriptions } from '../../src/server/ws.js';
import { bearer } from '../server/helpers/client.js';
import { LiveCli, runCli, type CliResult } from './helpers.js';

const SECRET = 'a-cli-test-secret-that-is-at-least-32-bytes';
const ALICE = 'did:coinpay:user:alice-auth';
const AGENT = 'did:coinpay:agent:robot-auth';
const API_KEY = 'agsk_0123456789abcdef_' + 'c'.repeat(43);

const token = async (did: string, secret = SECRET) => (await bearer(did, secret)).authorization!.replace(/^Bearer /, '');

function expectError(result: CliResult, exit: number, pattern: RegExp) {
  expect(result.code, JSON.stringify(result)).toBe(exit);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('agentstack CLI credentials: JWT (AGENTSTACK_TOKEN) and app key (AGENTSTACK_API_KEY + --as)', () => {
  let agentStack: AgentStack;
  let server: AgentStackServer;
  let url: string;
  const live: LiveCli[] = [];

  beforeAll(async () => {
    const store = new MemoryStore();
    agentStack = new AgentStack({ store });
    const apiKeys = new MemoryApiKeys();
    await apiKeys.insertApiKey({
      id: '0123456789abcdef',
      keyHash: hashApiKey(API_KEY),
      sourceApp: 'ugig',
      mayActFor: ['did:coinpay:user:'],
      createdAt: new Date().toISOString(),
      revokedAt: null,
    });
    const identity = new IdentityResolver({ jwtSecret: SECRET, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, apiKeys, { production: false });
    server = await createAgentStackServer({
      agentStack,
      identity,
      config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
      logger: { info: () => {}, error: () => {} },
      onHttpServer: async (httpServer, seam) => {
        const subscriptions = await attachSubscriptions(httpServer, {
          ...seam,
          database: { kind: 'embedded', store, connectionString: '' },
          logger: { error: () => {} },
        });
        return { dispose: () => subscriptions.close(), health: () => subscriptions.health() };
      },
    });
    url = (await server.listen()).url;
    await agentStack.registerAgent({ did: AGENT, name: 'Robot', sourceApp: 'auth' }, { actorDid: AGENT });
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((cli) => cli.kill()));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a JWT in AGENTSTACK_TOKEN is the caller, over HTTP and for tasks watch (graphql-ws)', async () => {
    const env = { AGENTSTACK_API_URL: url, AGENTSTACK_TOKEN: await token(ALICE) };
    const watch = new LiveCli(['tasks', 'watch', '--json'], env);
    live.push(watch);
    const created = await runCli(['tasks', 'create', '--owner', ALICE, '--source-app', 'auth', '--title', 'By token', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    const task = JSON.parse(created.stdout) as { id: string; ownerDid: string };
    expect(task.ownerDid).toBe(ALICE);
    // The watch starts "from now": the create may fall before or after that. Once it says it is
    // watching, a change must come, live over the token-authenticated WebSocket.
    await watch.note('the watch to start', (line) => line.includes('watching task changes'));
    await agentStack.updateTaskStatus(task.id, 'cancelled', {}, { actorDid: ALICE });
    const line = await watch.line('the cancellation', (text) => text.includes('"CANCELLED"'));
    expect(JSON.parse(line)).toMatchObject({ type: 'TASK_UPDATED', actorDid: ALICE, task: { id: task.id, status: 'CANCELLED' } });
    expect((await watch.stop('SIGINT')).code).toBe(0);

    const [listed, bareHeader] = await Promise.all([
      runCli(['tasks', 'list', '--json'], env),
      // Identity is configured: the bare header is ignored, the caller is anonymous.
      runCli(['tasks', 'create', '--owner', ALICE, '--source-app', 'auth', '--title', 'x', '--as', ALICE], { AGENTSTACK_API_URL: url }),
    ]);
    expect(JSON.parse(listed.stdout).edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(task.id);
    expectError(bareHeader, 4, /^agentstack: UNAUTHENTICATED: /);
  });

  it('a bad token is UNAUTHENTICATED (exit 4), for a command and for tasks watch; --token wins over the environment', async () => {
    const forged = await token(ALICE, 'another-secret-that-is-at-least-32-bytes!');
    const [list, watch, flag] = await Promise.all([
      runCli(['tasks', 'list'], { AGENTSTACK_API_URL: url, AGENTSTACK_TOKEN: forged }),
      runCli(['tasks', 'watch'], { AGENTSTACK_API_URL: url, AGENTSTACK_TOKEN: forged }),
      runCli(['tasks', 'list', '--token', 'not-a-jwt'], { AGENTSTACK_API_URL: url, AGENTSTACK_TOKEN: await token(ALICE) }),
    ]);
    expectError(list, 4, /^agentstack: UNAUTHENTICATED: The bearer token was refused/);
    expectError(watch, 4, /^agentstack: UNAUTHENTICATED: /);
    expectError(flag, 4, /^agentstack: UNAUTHENTICATED: The bearer token is not a JWT/);
  });

  it('an app key acts for --as (FORBIDDEN outside its DIDs, a usage error without --as)', async () => {
    const env = { AGENTSTACK_API_URL: url, AGENTSTACK_API_KEY: API_KEY };
    const [created, outside, noDid, wrongKey] = await Promise.all([
      runCli(['tasks', 'create', '--owner', ALICE, '--source-app', 'auth', '--title', 'By key', '--json'], { ...env, AGENTSTACK_AS: ALICE }),
      runCli(['tasks', 'list', '--as', AGENT], env),
      runCli(['tasks', 'list'], env),
      runCli(['tasks', 'list', '--as', ALICE, '--api-key', API_KEY.slice(0, -1) + 'x'], env),
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ ownerDid: ALICE, title: 'By key' });
    const [event] = (await agentStack.listEvents({ taskId: JSON.parse(created.stdout).id }, {}, { actorDid: ALICE })).items;
    expect(event).toMatchObject({ actorDid: ALICE, actorApp: 'ugig' });
    expectError(outside, 5, /^agentstack: FORBIDDEN: The ugig app key may not act for/);
    expectError(noDid, 2, /an app key acts for a DID: pass --as/);
    expectError(wrongKey, 4, /^agentstack: UNAUTHENTICATED: /);
  });
});
