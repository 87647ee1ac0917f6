import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentsDocument,
  AssignTaskDocument,
  ClaimTaskDocument,
  CreateTaskDocument,
  DelegateDocument,
  AgentStackEventsDocument,
  PublishTaskDocument,
  RegisterAgentDocument,
  TasksDocument,
  UpdateTaskStatusDocument,
} from '../../src/client/generated/graphql.js';
import { MemoryApiKeys } from '../../src/core/api-keys.js';
import { IdentityResolver } from '../../src/server/identity.js';
import { as, bearer, data, errorCodes, execute } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// Each request is made by the caller a real client would be: the owner of the task or grant it
// names (its point is the error code, which is the same for any caller allowed to try).
const OWNER = 'did:coinpay:user:bob';
const AGENT = 'did:coinpay:agent:errand';
const AS_OWNER = as(OWNER);
/** The production server verifies HS256 tokens signed with this (as AGENTSTACK_JWT_SECRET would configure it). */
const PRODUCTION_SECRET = 'errors-test-secret-of-at-least-32-bytes';
let asOwnerInProduction: Record<string, string>;

let server: TestServer;
let production: TestServer;
let taskId: string;

beforeAll(async () => {
  server = await startTestServer();
  production = await startTestServer({
    nodeEnv: 'production',
    identity: new IdentityResolver(
      { jwtSecret: PRODUCTION_SECRET, jwksUrl: null, jwtIssuer: null, jwtAudience: null },
      new MemoryApiKeys(),
      { production: true },
    ),
    // A resolver that fails the way a bug or an outage does: not a domain error.
    extraResolvers: { Query: { tasks: () => Promise.reject(new Error('connection to 10.0.0.7 refused (secret detail)')) } },
  });
  asOwnerInProduction = await bearer(OWNER, PRODUCTION_SECRET);
  await data(server.url, RegisterAgentDocument, { input: { did: AGENT, name: 'Errand', sourceApp: 'ugig' } }, as(AGENT));
  const { createTask } = await data(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: 'T' } }, AS_OWNER);
  taskId = createTask.id;
});
afterAll(async () => {
  await server?.close();
  await production?.close();
});

describe('error codes', () => {
  it('BAD_USER_INPUT for invalid DIDs and malformed input, from the core', async () => {
    const badDid = await execute(server.url, RegisterAgentDocument, { input: { did: 'did:coinpay:user:not-an-agent', name: 'x', sourceApp: 'y' } }, AS_OWNER);
    expect(errorCodes(badDid)).toEqual(['BAD_USER_INPUT']);
    expect(badDid.errors![0]!.message).toMatch(/agent did/);
    const badOwner = await execute(server.url, CreateTaskDocument, { input: { ownerDid: 'alice', sourceApp: 'a', title: 't' } }, AS_OWNER);
    expect(errorCodes(badOwner)).toEqual(['BAD_USER_INPUT']);
    const badMetadata = await execute(server.url, CreateTaskDocument, {
      input: { ownerDid: OWNER, sourceApp: 'a', title: 't', metadata: [1, 2] },
    }, AS_OWNER);
    expect(errorCodes(badMetadata)).toEqual(['BAD_USER_INPUT']);
    const emptyTitle = await execute(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'a', title: ' ' } }, AS_OWNER);
    expect(errorCodes(emptyTitle)).toEqual(['BAD_USER_INPUT']);
    const badFilter = await execute(server.url, TasksDocument, { filter: { ownerDid: 'nope' } }, AS_OWNER);
    expect(errorCodes(badFilter)).toEqual(['BAD_USER_INPUT']);
    const badScope = await execute(server.url, DelegateDocument, { input: { ownerDid: OWNER, agentDid: AGENT, scopes: ['no spaces'] } }, AS_OWNER);
    expect(errorCodes(badScope)).toEqual(['BAD_USER_INPUT']);
  });

  it('BAD_USER_INPUT for malformed variables (Apollo coercion), with HTTP 400', async () => {
    const badDate = await execute(server.url, DelegateDocument, {
      input: { ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:*'], expiresAt: 'next tuesday' },
    }, AS_OWNER);
    expect(badDate.status).toBe(400);
    expect(errorCodes(badDate)).toEqual(['BAD_USER_INPUT']);
    const badEnum = await execute(server.url, UpdateTaskStatusDocument, { taskId, status: 'pending' as never }, AS_OWNER);
    expect(errorCodes(badEnum)).toEqual(['BAD_USER_INPUT']);
  });

  it('BAD_USER_INPUT for malformed or foreign cursors', async () => {
    expect(errorCodes(await execute(server.url, TasksDocument, { after: 'not-a-cursor' }, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, AgentsDocument, { after: '!!!' }, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, AgentStackEventsDocument, { after: '-1' }, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, AgentStackEventsDocument, { after: 'abc' }, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
    const { tasks } = await data(server.url, TasksDocument, {}, AS_OWNER);
    const taskCursor = tasks.edges[0]!.cursor;
    expect(errorCodes(await execute(server.url, AgentsDocument, { after: taskCursor }, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, TasksDocument, { first: -1 }, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
  });

  it('NOT_FOUND when a mutation names an unknown task, agent or grant', async () => {
    const cases = [
      await execute(server.url, AssignTaskDocument, { taskId: 'task_missing', agentDid: AGENT }, AS_OWNER),
      await execute(server.url, AssignTaskDocument, { taskId, agentDid: 'did:coinpay:agent:ghost' }, AS_OWNER),
      await execute(server.url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'CANCELLED' }, AS_OWNER),
      await execute(server.url, PublishTaskDocument, { taskId: 'task_missing' }, AS_OWNER),
      await execute(server.url, ClaimTaskDocument, { taskId: 'task_missing', agentDid: AGENT }, AS_OWNER),
      await execute(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'a', title: 't', assigneeDid: 'did:coinpay:agent:ghost' } }, AS_OWNER),
      await execute(server.url, DelegateDocument, { input: { ownerDid: OWNER, agentDid: 'did:coinpay:agent:ghost', scopes: ['*'] } }, AS_OWNER),
      await execute(server.url, 'mutation { revokeDelegation(id: "grant_missing") { id } }', {}, AS_OWNER),
    ];
    expect(cases.map(errorCodes)).toEqual(cases.map(() => ['NOT_FOUND']));
  });

  it('CONFLICT for an illegal transition, a stale version and a reused idempotency key', async () => {
    const skip = await execute(server.url, UpdateTaskStatusDocument, { taskId, status: 'COMPLETE' }, AS_OWNER);
    expect(errorCodes(skip)).toEqual(['CONFLICT']);
    expect(skip.errors![0]!.message).toBe('Invalid task status transition: pending -> complete');
    const stale = await execute(server.url, AssignTaskDocument, { taskId, agentDid: AGENT, expectedVersion: 7 }, AS_OWNER);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    await data(server.url, UpdateTaskStatusDocument, { taskId, status: 'CANCELLED' }, AS_OWNER);
    const terminal = await execute(server.url, AssignTaskDocument, { taskId, agentDid: AGENT }, AS_OWNER);
    expect(errorCodes(terminal)).toEqual(['CONFLICT']);
    const input = { ownerDid: OWNER, sourceApp: 'a', title: 'one', idempotencyKey: 'k-1' };
    await data(server.url, CreateTaskDocument, { input }, AS_OWNER);
    const reused = await execute(server.url, CreateTaskDocument, { input: { ...input, title: 'two' } }, AS_OWNER);
    expect(errorCodes(reused)).toEqual(['CONFLICT']);
  });

  it('UNAUTHENTICATED (HTTP 401) for an x-agentstack-did header that is not a DID', async () => {
    const result = await execute(server.url, TasksDocument, {}, { 'x-agentstack-did': 'alice' });
    expect(result.status).toBe(401);
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    // No header at all is an anonymous caller, not an error.
    expect((await execute(server.url, TasksDocument, {})).status).toBe(200);
  });

  it("keeps GraphQL's own codes for parse and validation errors", async () => {
    expect(errorCodes(await execute(server.url, '{ nope }', {}, AS_OWNER))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(errorCodes(await execute(server.url, '{ tasks {', {}, AS_OWNER))).toEqual(['GRAPHQL_PARSE_FAILED']);
  });
});

describe('in production', () => {
  it('masks unexpected errors as INTERNAL_SERVER_ERROR and logs them', async () => {
    const result = await execute(production.url, TasksDocument, {}, asOwnerInProduction);
    expect(result.errors).toEqual([
      { message: 'Internal server error', locations: [expect.any(Object)], path: ['tasks'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) } },
    ]);
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(production.loggedErrors.some((error) => String(error).includes('secret detail'))).toBe(true);
  });

  it('sends no stack traces, for domain and GraphQL errors alike', async () => {
    const conflict = await execute(production.url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'RUNNING' }, asOwnerInProduction);
    // Every error names its request (extensions.requestId: logging.test.ts), nothing more.
    expect(conflict.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', requestId: expect.any(String) });
    const invalid = await execute(production.url, '{ nope }', {}, asOwnerInProduction);
    expect(invalid.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: expect.any(String) });
    // A bad credential (production ignores a bare x-agentstack-did; a token that is not one is refused).
    const unauthenticated = await execute(production.url, TasksDocument, {}, { authorization: 'Bearer x' });
    expect(unauthenticated.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
  });

  it('includes stack traces in development, where they help', async () => {
    const dev = await execute(server.url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'RUNNING' }, AS_OWNER);
    expect(dev.errors![0]!.extensions?.stacktrace).toBeDefined();
  });
});
