import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentsDocument,
  AssignTaskDocument,
  ClaimTaskDocument,
  CreateTaskDocument,
  DelegateDocument,
  EventsDocument,
  PublishTaskDocument,
  RegisterAgentDocument,
  TasksDocument,
  UpdateTaskStatusDocument,
} from '../../src/client/generated/graphql.js';
import { data, errorCodes, execute } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const OWNER = 'did:coinpay:user:bob';
const AGENT = 'did:coinpay:agent:errand';

let server: TestServer;
let production: TestServer;
let taskId: string;

beforeAll(async () => {
  server = await startTestServer();
  production = await startTestServer({
    nodeEnv: 'production',
    // A resolver that fails the way a bug or an outage does: not a domain error.
    extraResolvers: { Query: { tasks: () => Promise.reject(new Error('connection to 10.0.0.7 refused (secret detail)')) } },
  });
  await data(server.url, RegisterAgentDocument, { input: { did: AGENT, name: 'Errand', sourceApp: 'ugig' } });
  const { createTask } = await data(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: 'T' } });
  taskId = createTask.id;
});
afterAll(async () => {
  await server?.close();
  await production?.close();
});

describe('error codes', () => {
  it('BAD_USER_INPUT for invalid DIDs and malformed input, from the core', async () => {
    const badDid = await execute(server.url, RegisterAgentDocument, { input: { did: 'did:coinpay:user:not-an-agent', name: 'x', sourceApp: 'y' } });
    expect(errorCodes(badDid)).toEqual(['BAD_USER_INPUT']);
    expect(badDid.errors![0]!.message).toMatch(/agent did/);
    const badOwner = await execute(server.url, CreateTaskDocument, { input: { ownerDid: 'alice', sourceApp: 'a', title: 't' } });
    expect(errorCodes(badOwner)).toEqual(['BAD_USER_INPUT']);
    const badMetadata = await execute(server.url, CreateTaskDocument, {
      input: { ownerDid: OWNER, sourceApp: 'a', title: 't', metadata: [1, 2] },
    });
    expect(errorCodes(badMetadata)).toEqual(['BAD_USER_INPUT']);
    const emptyTitle = await execute(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'a', title: ' ' } });
    expect(errorCodes(emptyTitle)).toEqual(['BAD_USER_INPUT']);
    const badFilter = await execute(server.url, TasksDocument, { filter: { ownerDid: 'nope' } });
    expect(errorCodes(badFilter)).toEqual(['BAD_USER_INPUT']);
    const badScope = await execute(server.url, DelegateDocument, { input: { ownerDid: OWNER, agentDid: AGENT, scopes: ['no spaces'] } });
    expect(errorCodes(badScope)).toEqual(['BAD_USER_INPUT']);
  });

  it('BAD_USER_INPUT for malformed variables (Apollo coercion), with HTTP 400', async () => {
    const badDate = await execute(server.url, DelegateDocument, {
      input: { ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:*'], expiresAt: 'next tuesday' },
    });
    expect(badDate.status).toBe(400);
    expect(errorCodes(badDate)).toEqual(['BAD_USER_INPUT']);
    const badEnum = await execute(server.url, UpdateTaskStatusDocument, { taskId, status: 'pending' as never });
    expect(errorCodes(badEnum)).toEqual(['BAD_USER_INPUT']);
  });

  it('BAD_USER_INPUT for malformed or foreign cursors', async () => {
    expect(errorCodes(await execute(server.url, TasksDocument, { after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, AgentsDocument, { after: '!!!' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, EventsDocument, { after: '-1' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, EventsDocument, { after: 'abc' }))).toEqual(['BAD_USER_INPUT']);
    const { tasks } = await data(server.url, TasksDocument, {});
    const taskCursor = tasks.edges[0]!.cursor;
    expect(errorCodes(await execute(server.url, AgentsDocument, { after: taskCursor }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(server.url, TasksDocument, { first: -1 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('NOT_FOUND when a mutation names an unknown task, agent or grant', async () => {
    const cases = [
      await execute(server.url, AssignTaskDocument, { taskId: 'task_missing', agentDid: AGENT }),
      await execute(server.url, AssignTaskDocument, { taskId, agentDid: 'did:coinpay:agent:ghost' }),
      await execute(server.url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'CANCELLED' }),
      await execute(server.url, PublishTaskDocument, { taskId: 'task_missing' }),
      await execute(server.url, ClaimTaskDocument, { taskId: 'task_missing', agentDid: AGENT }),
      await execute(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'a', title: 't', assigneeDid: 'did:coinpay:agent:ghost' } }),
      await execute(server.url, DelegateDocument, { input: { ownerDid: OWNER, agentDid: 'did:coinpay:agent:ghost', scopes: ['*'] } }),
      await execute(server.url, 'mutation { revokeDelegation(id: "grant_missing") { id } }'),
    ];
    expect(cases.map(errorCodes)).toEqual(cases.map(() => ['NOT_FOUND']));
  });

  it('CONFLICT for an illegal transition, a stale version and a reused idempotency key', async () => {
    const skip = await execute(server.url, UpdateTaskStatusDocument, { taskId, status: 'COMPLETE' });
    expect(errorCodes(skip)).toEqual(['CONFLICT']);
    expect(skip.errors![0]!.message).toBe('Invalid task status transition: pending -> complete');
    const stale = await execute(server.url, AssignTaskDocument, { taskId, agentDid: AGENT, expectedVersion: 7 });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    await data(server.url, UpdateTaskStatusDocument, { taskId, status: 'CANCELLED' });
    const terminal = await execute(server.url, AssignTaskDocument, { taskId, agentDid: AGENT });
    expect(errorCodes(terminal)).toEqual(['CONFLICT']);
    const input = { ownerDid: OWNER, sourceApp: 'a', title: 'one', idempotencyKey: 'k-1' };
    await data(server.url, CreateTaskDocument, { input });
    const reused = await execute(server.url, CreateTaskDocument, { input: { ...input, title: 'two' } });
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
    expect(errorCodes(await execute(server.url, '{ nope }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(errorCodes(await execute(server.url, '{ tasks {'))).toEqual(['GRAPHQL_PARSE_FAILED']);
  });
});

describe('in production', () => {
  it('masks unexpected errors as INTERNAL_SERVER_ERROR and logs them', async () => {
    const result = await execute(production.url, TasksDocument, {});
    expect(result.errors).toEqual([
      { message: 'Internal server error', locations: [expect.any(Object)], path: ['tasks'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(production.loggedErrors.some((error) => String(error).includes('secret detail'))).toBe(true);
  });

  it('sends no stack traces, for domain and GraphQL errors alike', async () => {
    const conflict = await execute(production.url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'RUNNING' });
    expect(conflict.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    const invalid = await execute(production.url, '{ nope }');
    expect(invalid.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const unauthenticated = await execute(production.url, TasksDocument, {}, { 'x-agentstack-did': 'x' });
    expect(unauthenticated.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('includes stack traces in development, where they help', async () => {
    const dev = await execute(server.url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'RUNNING' });
    expect(dev.errors![0]!.extensions?.stacktrace).toBeDefined();
  });
});
