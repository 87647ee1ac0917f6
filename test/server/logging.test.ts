import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { createAgentStackServer, type AgentStackServer } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logging.js';
import { attachSubscriptions } from '../../src/server/ws.js';
import { waitFor } from '../helpers/wait.js';
import { Collector, connect } from '../subscriptions/helpers/ws-client.js';
import { as } from './helpers/client.js';

// The logs as an operator reads them: every line the server writes, captured as JSON through a
// pino destination in this process, at level trace (so nothing a lower level would print hides).
const ROOT = resolve(import.meta.dirname, '../..');
const OWNER = 'did:coinpay:user:logs';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Line = Record<string, any>;
const lines: Line[] = [];
const raw: string[] = [];
let server: AgentStackServer;
let url: string;
/** Whether this process had promise hooks on before the server served anything (then nothing is learned below). */
let hooksBefore: boolean | null = null;
let origin: string;
const clients: Client[] = [];

beforeAll(async () => {
  hooksBefore = promiseHooksOn();
  const logger = createLogger({
    level: 'trace',
    production: true,
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Line);
      },
    },
  });
  const store = new MemoryStore();
  const agentStack = new AgentStack({ store });
  server = await createAgentStackServer({
    agentStack,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
    logger,
    // A resolver that fails the way a bug does (not a domain error): masked, and logged.
    extraResolvers: { Query: { agents: () => Promise.reject(new Error('agents exploded (internal detail)')) } },
    onHttpServer: async (httpServer, seam) => {
      const subscriptions = await attachSubscriptions(httpServer, { ...seam, database: { kind: 'embedded', store, connectionString: '' } });
      return { dispose: () => subscriptions.close(), health: () => subscriptions.health() };
    },
  });
  url = (await server.listen()).url;
  origin = url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await server?.close();
});

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as Line };
}

/** The line that ends request `requestId` (written when its response finishes: waited for). */
async function completion(requestId: string): Promise<Line> {
  return waitFor(`the log line of request ${requestId}`, () => lines.find((line) => line.requestId === requestId && line.req && line.res));
}

describe('request ids', () => {
  it('echoes a valid x-request-id and carries it into the errors and every log line of the request', async () => {
    const requestId = 'trace-7f3a.B_9';
    const query = 'mutation Doomed { updateTaskStatus(taskId: "task_missing", status: RUNNING) { id } }';
    const response = await post(JSON.stringify({ query }), { ...as(OWNER), 'x-request-id': requestId });
    expect(response.requestId).toBe(requestId);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', requestId });

    const line = await completion(requestId);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request completed',
      service: 'agentstack',
      requestId,
      operationName: 'Doomed',
      outcome: 'NOT_FOUND',
      req: { id: requestId, method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('replaces an x-request-id that is too long or not a plain token with a fresh UUID', async () => {
    for (const given of ['x'.repeat(129), 'has space', 'semi;colon', 'ünïcode', '']) {
      const response = await post(JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': given });
      expect(response.requestId, given).toMatch(UUID);
      expect((await completion(response.requestId!)).outcome).toBe('OK');
    }
    // Exactly 128 of the allowed characters is kept.
    const longest = 'a'.repeat(126) + '.-';
    expect((await post(JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': longest })).requestId).toBe(longest);
  });

  it('generates one when there is none, also for paths outside GraphQL', async () => {
    const health = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(10_000) });
    expect(health.headers.get('x-request-id')).toMatch(UUID);
    // Probes are logged at debug (a load balancer polls them); there is no GraphQL outcome.
    const line = await completion(health.headers.get('x-request-id')!);
    expect(line).toMatchObject({ level: 'debug', res: { statusCode: 200 } });
    expect(line).not.toHaveProperty('outcome');

    const missing = await fetch(`${origin}/nowhere`, { signal: AbortSignal.timeout(10_000) });
    const body = (await missing.json()) as Line;
    expect(body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', requestId: missing.headers.get('x-request-id') });
  });
});

describe('what one GraphQL request logs', () => {
  it('the operation name and OK for a success', async () => {
    const response = await post(JSON.stringify({ query: 'query Reading { tasks(filter: { ownerDid: "did:coinpay:user:logs" }) { edges { node { id } } } }' }), as(OWNER));
    expect(response.body.errors).toBeUndefined();
    expect(await completion(response.requestId!)).toMatchObject({ operationName: 'Reading', outcome: 'OK', res: { statusCode: 200 } });
  });

  it('the operation the client chose among several, and anonymous operations as null', async () => {
    const query = 'query A { __typename } query B { __typename }';
    const chosen = await post(JSON.stringify({ query, operationName: 'B' }));
    expect(await completion(chosen.requestId!)).toMatchObject({ operationName: 'B', outcome: 'OK' });
    const anonymous = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(await completion(anonymous.requestId!)).toMatchObject({ operationName: null, outcome: 'OK' });
  });

  it("GraphQL's own codes: a document that does not parse or validate", async () => {
    const unparsable = await post(JSON.stringify({ query: '{ tasks(' }));
    expect(unparsable.body.errors[0].extensions.requestId).toBe(unparsable.requestId);
    expect(await completion(unparsable.requestId!)).toMatchObject({ outcome: 'GRAPHQL_PARSE_FAILED', res: { statusCode: 400 } });
    const invalid = await post(JSON.stringify({ query: 'query Wrong { nope }' }));
    expect(await completion(invalid.requestId!)).toMatchObject({ operationName: 'Wrong', outcome: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it("an unexpected error: masked for the client, logged with the request's id and the error", async () => {
    const response = await post(JSON.stringify({ query: 'query Agents { agents { edges { node { did } } } }' }), as(OWNER));
    expect(response.body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: response.requestId } });
    const logged = await waitFor('the logged error', () => lines.find((line) => line.requestId === response.requestId && line.level === 'error'));
    expect(logged).toMatchObject({ msg: 'Unexpected error while executing a GraphQL operation', err: { type: 'Error', message: 'agents exploded (internal detail)' } });
    expect(logged.err.stack).toContain('agents exploded');
    expect(await completion(response.requestId!)).toMatchObject({ operationName: 'Agents', outcome: 'INTERNAL_SERVER_ERROR' });

    // The same through Apollo Server's pipeline (request extensions are Apollo's to read, graphql-direct.ts):
    // its plugin finds the request from the context Apollo copied, logs the error once, names the request.
    const viaApollo = await post(JSON.stringify({ query: 'query Agents { agents { edges { node { did } } } }', extensions: { note: 1 } }), as(OWNER));
    expect(viaApollo.body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: viaApollo.requestId } });
    expect(await completion(viaApollo.requestId!)).toMatchObject({ operationName: 'Agents', outcome: 'INTERNAL_SERVER_ERROR' });
    const errorLines = lines.filter((line) => line.level === 'error' && line.requestId === viaApollo.requestId);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatchObject({ msg: 'Unexpected error while executing a GraphQL operation', err: { message: 'agents exploded (internal detail)' } });
  });

  it('a failed identity (before GraphQL runs): its code, and no credential in any line', async () => {
    const secrets = {
      authorization: 'Bearer sekret-token-value-123',
      'x-api-key': 'agsk_sekret_api_key_value',
      cookie: 'session=sekret-cookie-value',
    };
    const response = await post(JSON.stringify({ query: 'query Mine { __typename }', operationName: 'Mine' }), secrets);
    expect(response.status).toBe(401);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: response.requestId });
    const line = await completion(response.requestId!);
    expect(line).toMatchObject({ operationName: 'Mine', outcome: 'UNAUTHENTICATED', res: { statusCode: 401 } });
    expect(line.req.headers).toMatchObject({ authorization: '[Redacted]', 'x-api-key': '[Redacted]', cookie: '[Redacted]' });
    expect(raw.join('\n')).not.toMatch(/sekret/);
  });

  it('a malformed or undecodable body: a short message, never the body', async () => {
    const malformed = await post('{"query": "{ __typename }", "variables": {"password": "hunter2-body-secret"', as(OWNER));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST', requestId: malformed.requestId } }]);
    expect(await completion(malformed.requestId!)).toMatchObject({ outcome: 'BAD_REQUEST', res: { statusCode: 400 } });

    // A body that claims gzip and is not: the client's fault too (400), not an unexpected 500.
    const garbage = await post('hunter2-gzip-secret', { 'content-encoding': 'gzip' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: garbage.requestId });

    // GET: the query string holds the document and the variables; the logged url does not.
    const get = await fetch(`${url}?query=${encodeURIComponent('query Q($v: String!) { __type(name: $v) { name } }')}&variables=${encodeURIComponent('{"v":"hunter2-get-secret"}')}`, {
      headers: { 'apollo-require-preflight': '1' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(get.status).toBe(200);
    expect(await completion(get.headers.get('x-request-id')!)).toMatchObject({ operationName: 'Q', outcome: 'OK', req: { url: '/graphql' } });

    expect(raw.join('\n')).not.toContain('hunter2');
    expect(lines.some((line) => line.level === 'error' && (line.requestId === malformed.requestId || line.requestId === garbage.requestId))).toBe(false);
  });
});

describe('graphql-ws', () => {
  it('each operation has a request id of its own, in its errors and its log line', async () => {
    const client = connect(url.replace(/^http/, 'ws'), { 'x-agentstack-did': OWNER });
    clients.push(client);
    const failing = new Collector(client, 'mutation WsDoomed { updateTaskStatus(taskId: "task_missing", status: RUNNING) { id } }');
    await failing.waitForEnd();
    const error = failing.results[0]!.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', requestId: expect.stringMatching(UUID) });
    const requestId = error.extensions!.requestId as string;
    const line = await waitFor('the operation line', () => lines.find((candidate) => candidate.requestId === requestId && candidate.msg === 'operation completed'));
    expect(line).toMatchObject({ operationName: 'WsDoomed', operationType: 'mutation', outcome: 'NOT_FOUND', connectionId: expect.any(String) });

    // A subscription that fails as it starts (a cursor past the log): its own id, its line.
    const far = new Collector(client, 'subscription Far { agentStackEvents(after: "99999") { cursor } }');
    await far.waitForEnd();
    const farError = far.results[0]!.errors![0]!;
    expect(farError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId: expect.stringMatching(UUID) });
    expect(farError.extensions!.requestId).not.toBe(requestId);
    expect(
      await waitFor('the subscription line', () => lines.find((candidate) => candidate.requestId === farError.extensions!.requestId && candidate.msg === 'subscription ended')),
    ).toMatchObject({ operationName: 'Far', operationType: 'subscription', outcome: 'BAD_USER_INPUT' });

    // Refused before it runs (it does not validate): an `error` message, with its id too.
    const invalid = new Collector(client, 'subscription Invalid { nope }');
    await invalid.waitForEnd();
    const refusal = (invalid.error as { message: string; extensions: Line }[])[0]!;
    expect(refusal.extensions).toMatchObject({ requestId: expect.stringMatching(UUID) });
    expect(
      await waitFor('the refused line', () => lines.find((candidate) => candidate.requestId === refusal.extensions.requestId && candidate.msg === 'subscription ended')),
    ).toMatchObject({ operationName: 'Invalid', outcome: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('the logger', () => {
  it('LOG_LEVEL: below the level nothing is written; silent writes nothing at all', () => {
    const written: string[] = [];
    const destination = { write: (line: string) => void written.push(line) };
    const warnOnly = createLogger({ level: 'warn', production: true, destination });
    warnOnly.info('not this');
    warnOnly.warn('this');
    const silent = createLogger({ level: 'silent', production: true, destination });
    silent.fatal('nor this');
    expect(written.map((line) => (JSON.parse(line) as Line).msg)).toEqual(['this']);
  });

  it("never writes an error's request body (body-parser's errors carry the raw body)", () => {
    const written: string[] = [];
    const logger = createLogger({ production: true, destination: { write: (line: string) => void written.push(line) } });
    const failure = Object.assign(new Error('Unexpected token'), { body: '{"password":"hunter2-in-error"', rawBody: 'hunter2-raw', status: 400 });
    logger.error({ err: failure }, 'failed');
    logger.error({ err: { type: 'Error', message: 'serialized already', body: 'hunter2-serialized' } }, 'failed again');
    expect(written.join('\n')).not.toContain('hunter2');
    expect(JSON.parse(written[0]!)).toMatchObject({ err: { type: 'Error', message: 'Unexpected token', status: 400 } });
  });

  it('writes JSON lines in production and readable lines in development, on stdout', () => {
    const script = "import('./src/server/logging.ts').then((m) => m.createLogger({ production: process.env.NODE_ENV === 'production' }).info({ answer: 42 }, 'hello'))";
    const run = (NODE_ENV: string) => spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, NODE_ENV }, encoding: 'utf8', timeout: 20_000 });
    const production = run('production');
    expect(production.status, production.stderr).toBe(0);
    expect(JSON.parse(production.stdout.trim())).toMatchObject({ level: 'info', msg: 'hello', answer: 42, service: 'agentstack', pid: expect.any(Number) });
    const development = run('development');
    expect(development.status, development.stderr).toBe(0);
    expect(development.stdout).toMatch(/INFO.*: hello/);
    expect(development.stdout).toContain('answer: 42');
    expect(() => JSON.parse(development.stdout.trim())).toThrow();
  });

  // Last: every kind of request above has been served (the direct lane, Apollo Server's pipeline,
  // identity failures, malformed bodies, graphql-ws operations and their errors).
  it('served all of that without an async context: no promise hook runs for every promise of the process', (context) => {
    if (hooksBefore === null || hooksBefore) context.skip();
    expect(promiseHooksOn()).toBe(false);
  });
});

/**
 * Whether V8 runs promise hooks (an AsyncLocalStorage entered, an async_hooks hook enabled: on
 * Node 20 each then costs every promise of the process; request-context.ts), or null where Node
 * no longer exposes it.
 */
function promiseHooksOn(): boolean | null {
  const legacy = process as unknown as { binding?: (name: string) => { getPromiseHooks?: () => unknown[] } };
  const settings = process as unknown as { noDeprecation?: boolean };
  const quiet = settings.noDeprecation;
  settings.noDeprecation = true; // process.binding warns once (DEP0111)
  try {
    const hooks = legacy.binding?.('async_wrap').getPromiseHooks?.();
    return hooks ? hooks.some((hook) => hook !== undefined) : null;
  } catch {
    return null;
  } finally {
    settings.noDeprecation = quiet;
  }
}
