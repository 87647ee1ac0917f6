import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentsDocument,
  CreateTaskDocument,
  RegisterAgentDocument,
  TasksDocument,
  type TasksQuery,
} from '../../src/client/generated/graphql.js';
import { as, data } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const TASKS = 120;
const AGENTS = 12;
const OWNER = 'did:coinpay:user:pager';
// Every request as the owner of the tasks: it sees all of them, so every page is full.
const AS_OWNER = as(OWNER);

let server: TestServer;
const created: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (let i = 0; i < TASKS; i++) {
    const { createTask } = await data(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: `Task ${i}` } }, AS_OWNER);
    created.push(createTask.id);
  }
  for (let i = 0; i < AGENTS; i++) {
    const did = `did:coinpay:agent:p${String(i).padStart(2, '0')}`;
    await data(server.url, RegisterAgentDocument, { input: { did, name: `P${i}`, sourceApp: 'app' } }, as(did));
  }
});
afterAll(async () => {
  await server?.close();
});

describe('Relay pagination', () => {
  it('defaults to 50 per page', async () => {
    const { tasks } = await data(server.url, TasksDocument, {}, AS_OWNER);
    expect(tasks.edges).toHaveLength(50);
    expect(tasks.pageInfo.hasNextPage).toBe(true);
  });

  it('accepts first=100 and continues after the end cursor', async () => {
    const page1 = await data(server.url, TasksDocument, { first: 100 }, AS_OWNER);
    expect(page1.tasks.edges).toHaveLength(100);
    expect(page1.tasks.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page1.tasks.edges[0]!.cursor,
      endCursor: page1.tasks.edges[99]!.cursor,
    });
    const page2 = await data(server.url, TasksDocument, { first: 100, after: page1.tasks.pageInfo.endCursor }, AS_OWNER);
    expect(page2.tasks.edges).toHaveLength(TASKS - 100);
    expect(page2.tasks.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.tasks.edges, ...page2.tasks.edges].map((edge) => edge.node.id);
    expect(ids).toHaveLength(TASKS);
    expect(new Set(ids)).toEqual(new Set(created)); // every task, once
  });

  it('walks every task in small pages, each exactly once (bounded loop)', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const result: TasksQuery = await data(server.url, TasksDocument, { first: 7, after }, AS_OWNER);
      seen.push(...result.tasks.edges.map((edge) => edge.node.id));
      if (!result.tasks.pageInfo.hasNextPage) break;
      after = result.tasks.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(TASKS);
    expect(new Set(seen)).toEqual(new Set(created));
  });

  it('walks every task backwards with last/before, each exactly once, in the same order (bounded loop)', async () => {
    const forward: string[] = [];
    for (let pages = 0, after: string | null = null; pages < 100; pages++) {
      const result: TasksQuery = await data(server.url, TasksDocument, { first: 50, after }, AS_OWNER);
      forward.push(...result.tasks.edges.map((edge) => edge.node.id));
      if (!result.tasks.pageInfo.hasNextPage) break;
      after = result.tasks.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const result: TasksQuery = await data(server.url, TasksDocument, { last: 7, before }, AS_OWNER);
      backward.unshift(...result.tasks.edges.map((edge) => edge.node.id));
      expect(result.tasks.pageInfo.hasNextPage).toBe(before !== null);
      if (!result.tasks.pageInfo.hasPreviousPage) break;
      before = result.tasks.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
    expect(backward).toHaveLength(TASKS);
  });

  it('pages agents by DID', async () => {
    const page1 = await data(server.url, AgentsDocument, { first: 5 }, AS_OWNER);
    expect(page1.agents.edges.map((edge) => edge.node.did)).toEqual(['p00', 'p01', 'p02', 'p03', 'p04'].map((id) => `did:coinpay:agent:${id}`));
    const page3 = await data(server.url, AgentsDocument, {
      first: 5,
      after: (await data(server.url, AgentsDocument, { first: 5, after: page1.agents.pageInfo.endCursor }, AS_OWNER)).agents.pageInfo.endCursor,
    }, AS_OWNER);
    expect(page3.agents.edges).toHaveLength(2);
    expect(page3.agents.pageInfo.hasNextPage).toBe(false);
    const last = await data(server.url, AgentsDocument, { last: 3 }, AS_OWNER);
    expect(last.agents.edges.map((edge) => edge.node.did)).toEqual(['p09', 'p10', 'p11'].map((id) => `did:coinpay:agent:${id}`));
    expect(last.agents.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await data(server.url, AgentsDocument, { last: 5, before: page1.agents.edges[0]!.cursor }, AS_OWNER);
    expect(before.agents.edges).toEqual([]);
    expect(before.agents.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true, startCursor: null, endCursor: null });
  });

  it('answers an empty page for first=0', async () => {
    const { tasks } = await data(server.url, TasksDocument, { first: 0 }, AS_OWNER);
    expect(tasks.edges).toEqual([]);
    expect(tasks.pageInfo.endCursor).toBeNull();
  });
});
