import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTaskDocument, RegisterAgentDocument } from '../../src/client/generated/graphql.js';
import { AgentStack } from '../../src/core/index.js';
import { MemoryApiKeys } from '../../src/core/api-keys.js';
import { ServiceUnavailableError } from '../../src/core/errors.js';
import { loadCompiler } from '../../src/graphql/known-documents.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { IdentityResolver } from '../../src/server/identity.js';
import { as, bearer, data } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/*
 * POST /graphql's direct lane (src/server/graphql-direct.ts) answers as Apollo Server would: each
 * request here goes to two servers over one store, one with the lane and one without, and their
 * answers must be the same (status, content type, retry-after, the body as sent; only the request
 * id and the stack traces, which name different call sites, are left out). The lane's counter in
 * /metrics shows which requests it took, so the comparison is not between two Apollo answers.
 */

const OWNER = 'did:coinpay:user:direct-owner';
const STRANGER = 'did:coinpay:user:direct-stranger';
const AGENT = 'did:coinpay:agent:direct-agent';
const SECRET = 'direct-lane-test-secret-of-at-least-32-bytes';

// Resolvers that fail as an outage and as a bug do, on the production pair.
const failing = {
  Query: {
    tasks: () => Promise.reject(new ServiceUnavailableError('the database is restarting', 'none')),
    agents: () => Promise.reject(new Error('connection to 10.0.0.7 refused (secret detail)')),
  },
};

interface Pair {
  direct: TestServer;
  apollo: TestServer;
}
let development: Pair;
let production: Pair;
let taskId: string;
let ownerToken: Record<string, string>;

beforeAll(async () => {
  // Loaded on first use; here before the first request, so every second run is a compiled one.
  await loadCompiler();
  const agentStack = new AgentStack({ store: new MemoryStore() });
  development = {
    direct: await startTestServer({ agentStack }),
    apollo: await startTestServer({ agentStack, directLane: false }),
  };
  const identity = () => new IdentityResolver({ jwtSecret: SECRET, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, new MemoryApiKeys(), { production: true });
  production = {
    direct: await startTestServer({ agentStack, nodeEnv: 'production', identity: identity(), extraResolvers: failing }),
    apollo: await startTestServer({ agentStack, nodeEnv: 'production', identity: identity(), extraResolvers: failing, directLane: false }),
  };
  ownerToken = await bearer(OWNER, SECRET);
  await data(development.direct.url, RegisterAgentDocument, { input: { did: AGENT, name: 'Direct', sourceApp: 'ugig' } }, as(AGENT));
  const { createTask } = await data(development.direct.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: 'T' } }, as(OWNER));
  taskId = createTask.id;
});
afterAll(async () => {
  for (const pair of [development, production]) {
    await pair?.direct.close();
    await pair?.apollo.close();
  }
});

interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: string;
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), body: comparable(text) };
}

/** The body as sent, without what names the request or the call site (same key order, else the strings differ). */
function comparable(text: string): string {
  const parsed = JSON.parse(text) as { errors?: { extensions?: Record<string, unknown> }[] };
  for (const error of parsed.errors ?? []) {
    delete error.extensions?.requestId;
    delete error.extensions?.stacktrace;
  }
  // A router's trace (ftv1) holds the times of its request.
  delete (parsed as { extensions?: Record<string, unknown> }).extensions?.ftv1;
  return JSON.stringify(parsed) + (text.endsWith('\n') ? '\n' : '');
}

async function directCount(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  return Number(/^agentstack_graphql_http_lane_total\{lane="direct"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Sends the request both ways; returns the lane's answer and whether the lane took it. The lane
 * gets it twice: graphql-js runs an operation the first time, its compiled form (graphql-jit,
 * known-documents.ts) from the second; both answers must be Apollo's.
 */
async function both(pair: Pair, body: unknown, headers: Record<string, string>): Promise<{ answer: Answer; direct: boolean }> {
  const before = await directCount(pair.direct);
  const viaLane = await post(pair.direct.url, body, headers);
  const compiled = await post(pair.direct.url, body, headers);
  const taken = (await directCount(pair.direct)) - before;
  const viaApollo = await post(pair.apollo.url, body, headers);
  expect(viaLane, JSON.stringify(body)).toEqual(viaApollo);
  expect(compiled, `${JSON.stringify(body)}, compiled`).toEqual(viaApollo);
  expect([0, 2]).toContain(taken);
  return { answer: viaLane, direct: taken === 2 };
}

const TASK = 'query Task($id: ID!) { task(id: $id) { id title status assignee { did name } owner { ... on User { did } } } }';

describe('the direct lane answers as Apollo Server does', () => {
  it('a query: data, no errors, 200, application/json', async () => {
    const { answer, direct } = await both(development, { query: TASK, variables: { id: taskId } }, as(OWNER));
    expect(direct).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toMatchObject({ data: { task: { id: taskId, title: 'T' } } });
  });

  it.each([
    ['a task another caller may not read', () => ({ query: TASK, variables: { id: taskId } }), STRANGER],
    ['an unknown task', () => ({ query: TASK, variables: { id: 'no-such-task' } }), OWNER],
    ['a variable of the wrong type (400, BAD_USER_INPUT)', () => ({ query: TASK, variables: { id: { not: 'an id' } } }), OWNER],
    ['a required variable missing (400)', () => ({ query: TASK }), OWNER],
    [
      'an input object variable with a wrong type and an unknown field (400, every error)',
      () => ({
        query: 'mutation C($input: CreateTaskInput!) { createTask(input: $input) { id status } }',
        variables: { input: { ownerDid: OWNER, sourceApp: 'x', title: 5, nope: true } },
      }),
      OWNER,
    ],
    ['an enum variable with a value it does not have (400)', () => ({ query: `mutation U($s: TaskStatus!) { updateTaskStatus(taskId: "${taskId}", status: $s) { id } }`, variables: { s: 'SLEEPING' } }), OWNER],
    ['variables null and operationName null', () => ({ query: `{ task(id: "${taskId}") { id } }`, variables: null, operationName: null }), OWNER],
    ['one of two operations, by name', () => ({ query: `query A { __typename } query B { task(id: "${taskId}") { title } }`, operationName: 'B' }), OWNER],
    ['fragments and aliases', () => ({ query: `{ a: task(id: "${taskId}") { ...F } b: task(id: "${taskId}") { ...F } } fragment F on Task { id status }` }), OWNER],
    ['empty extensions', () => ({ query: '{ __typename }', extensions: {} }), OWNER],
    ['a mutation the core refuses (BAD_USER_INPUT)', () => ({ query: 'mutation { registerAgent(input: {did: "did:coinpay:user:x", name: "x", sourceApp: "y"}) { did } }' }), OWNER],
    ['a transition the lifecycle refuses', () => ({ query: `mutation { updateTaskStatus(taskId: "${taskId}", status: COMPLETE) { id } }` }), OWNER],
    ['a mutation by a caller who may not', () => ({ query: `mutation { updateTaskStatus(taskId: "${taskId}", status: CANCELLED) { id } }` }), STRANGER],
  ])('%s', async (_name, body, caller) => {
    const { direct } = await both(development, body(), as(caller));
    expect(direct).toBe(true);
  });

  it('a large answer with characters beyond ASCII: the same body, its Content-Length in bytes', async () => {
    const title = 'Tâche ✓ — große Übergabe';
    const created = await post(development.direct.url, { query: 'mutation C($input: CreateTaskInput!) { createTask(input: $input) { id } }', variables: { input: { ownerDid: OWNER, sourceApp: 'x', title } } }, as(OWNER));
    const id = (JSON.parse(created.body) as { data: { createTask: { id: string } } }).data.createTask.id;
    const body = { query: 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id title } } }', variables: { r: Array.from({ length: 400 }, () => ({ __typename: 'Task', id })) } };
    const { answer, direct } = await both(development, body, as(OWNER));
    expect(direct).toBe(true);
    expect(answer.body.length).toBeGreaterThan(16_384); // the lane's large-answer path (responseBody)
    expect((JSON.parse(answer.body) as { data: { _entities: unknown[] } }).data._entities[399]).toEqual({ id, title });
    const response = await fetch(development.direct.url, { method: 'POST', headers: { 'content-type': 'application/json', ...as(OWNER) }, body: JSON.stringify(body) });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.at(-1)).toBe(0x0a);
  });

  it.each([
    ['application/json', 'application/json; charset=utf-8'],
    ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
    ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json; charset=utf-8'],
    ['*/*', 'application/json; charset=utf-8'],
  ])('Accept: %s', async (accept, type) => {
    const { answer, direct } = await both(development, { query: '{ __typename }' }, { ...as(OWNER), accept });
    expect(direct).toBe(true);
    expect(answer.contentType).toBe(type);
  });

  it('production: an outage is 503 with retry-after, a bug a masked INTERNAL_SERVER_ERROR, both through the lane', async () => {
    const outage = await both(production, { query: '{ tasks { edges { node { id } } } }' }, ownerToken);
    expect(outage).toMatchObject({ direct: true, answer: { status: 503, retryAfter: '1' } });
    const bug = await both(production, { query: '{ agents { edges { node { did } } } }' }, ownerToken);
    expect(bug.direct).toBe(true);
    expect(bug.answer.body).not.toContain('secret detail');
    expect(JSON.parse(bug.answer.body)).toMatchObject({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
});

describe('what the lane leaves to Apollo Server, answered the same', () => {
  it.each([
    ['a syntax error', { query: '{ task(id: ' }, {}],
    ['a validation error', { query: '{ tsk { id } }' }, {}],
    ['introspection', { query: '{ __schema { queryType { name } } }' }, {}],
    ['a persisted query', { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }, {}],
    ['a query with a persisted query extension', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } }, {}],
    ['an unknown operation name', { query: 'query A { __typename }', operationName: 'Z' }, {}],
    ['a subscription over HTTP', { query: 'subscription { agentStackEvents { cursor } }' }, {}],
    ['variables as a string', { query: '{ __typename }', variables: '{}' }, {}],
    ['a batch', [{ query: '{ __typename }' }], {}],
    ['an Accept that wants HTML', { query: '{ __typename }' }, { accept: 'text/html' }],
    ['a trace asked for by a router', { query: '{ __typename }' }, { 'apollo-federation-include-trace': 'ftv1' }],
    [
      'a cost above the limit (its variables)',
      {
        query: 'query Pages($n: Int, $m: Int) { tasks(first: $n) { edges { node { assignee { tasks(first: $m) { edges { node { id title } } } } } } } }',
        variables: { n: 500, m: 500 },
      },
      {},
    ],
  ])('%s', async (_name, body, headers) => {
    const { direct } = await both(development, body, { ...as(OWNER), ...headers });
    expect(direct).toBe(false);
  });

  it('identity failures (production): a bad token, a malformed Authorization', async () => {
    for (const headers of [{ authorization: 'Bearer not-a-token' }, { authorization: 'Basic b3duZXI6cHc=' }]) {
      const { answer, direct } = await both(production, { query: '{ __typename }' }, headers);
      expect(direct).toBe(false);
      expect(answer.status).toBe(401);
    }
  });
});
