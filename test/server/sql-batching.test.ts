import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TasksDocument } from '../../src/client/generated/graphql.js';
import { data } from './helpers/client.js';
import { openCountedDatabase, type CountedDatabase } from './helpers/counted-database.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// Per-request DataLoaders on the real SQL store: N entity keys of one type cost one query.
const N = 40;
const OWNER = 'did:coinpay:user:batcher';
const AGENTS = ['did:coinpay:agent:b1', 'did:coinpay:agent:b2', 'did:coinpay:agent:b3'];

let db: CountedDatabase;
let server: TestServer;
const taskIds: string[] = [];
let grantId: string;

beforeAll(async () => {
  db = await openCountedDatabase('batching');
  server = await startTestServer({ agentStack: db.agentStack, database: db.database });
  for (const did of AGENTS) await db.agentStack.registerAgent({ did, name: did.slice(-2), sourceApp: 'app' });
  for (let i = 0; i < N; i++) {
    const task = await db.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'app', title: `B${i}`, assigneeDid: AGENTS[i % AGENTS.length]! });
    taskIds.push(task.id);
  }
  grantId = (await db.agentStack.delegate(OWNER, AGENTS[0]!, ['tasks:*'])).id;
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Task { id title } ... on Agent { did name } ... on DelegationGrant { id scopes } } }`;

describe('batched entity resolution on the SQL store', () => {
  it(`resolves ${N} Task representations with one SQL query`, async () => {
    db.reset();
    const result = await data<{ _entities: { id: string }[] }, object>(server.url, ENTITIES, {
      reps: taskIds.map((id) => ({ __typename: 'Task', id })),
    });
    expect(result._entities.map((task) => task.id)).toEqual(taskIds);
    expect(db.queries).toHaveLength(1);
  });

  it('resolves mixed representations with one SQL query per type, unknown ids as null', async () => {
    db.reset();
    const reps = [
      ...taskIds.slice(0, 5).map((id) => ({ __typename: 'Task', id })),
      ...AGENTS.map((did) => ({ __typename: 'Agent', did })),
      { __typename: 'DelegationGrant', id: grantId },
      { __typename: 'Task', id: 'task_missing' },
      { __typename: 'Agent', did: 'did:coinpay:agent:missing' },
    ];
    const result = await data<{ _entities: unknown[] }, object>(server.url, ENTITIES, { reps });
    expect(result._entities).toHaveLength(reps.length);
    expect(result._entities.slice(-2)).toEqual([null, null]);
    expect(db.queries).toHaveLength(3); // tasks, agents, grants
  });

  it('loads the assignees of a page of tasks with one SQL query, not one per task', async () => {
    db.reset();
    const { tasks } = await data(server.url, TasksDocument, { first: N, filter: { ownerDid: OWNER } });
    expect(tasks.edges).toHaveLength(N);
    expect(new Set(tasks.edges.map((edge) => edge.node.assignee?.did))).toEqual(new Set(AGENTS));
    // One page read (the store may count rows in the same statement) plus one agents batch.
    expect(db.queries.length).toBeLessThanOrEqual(2);
  });

  it("reads every agent's tasks (Agent.tasks) with one SQL query, however many agents", async () => {
    db.reset();
    const reps = AGENTS.map((did) => ({ __typename: 'Agent', did }));
    const result = await data<{ _entities: { did: string; tasks: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean } } }[] }, object>(
      server.url,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Agent { did tasks(first: 5) { edges { node { title assigneeDid } } pageInfo { hasNextPage } } } } }`,
      { reps },
    );
    expect(result._entities.map((agent) => agent.did)).toEqual(AGENTS);
    AGENTS.forEach((did, i) => {
      const expected = Array.from({ length: N }, (_, n) => n).filter((n) => n % AGENTS.length === i).slice(0, 5);
      expect(result._entities[i]!.tasks.edges.map((edge) => edge.node.title)).toEqual(expected.map((n) => `B${n}`));
      expect(result._entities[i]!.tasks.pageInfo.hasNextPage).toBe(true);
    });
    expect(db.queries).toHaveLength(2); // the agents, then one windowed read of all their tasks
  });

  it("reads several users' tasks (User.tasks) with one SQL query", async () => {
    db.reset();
    const reps = [OWNER, 'did:coinpay:user:nobody'].map((did) => ({ __typename: 'User', did }));
    const result = await data<{ _entities: { tasks: { edges: unknown[] } }[] }, object>(
      server.url,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on User { did tasks(first: 100) { edges { node { id } } } } } }`,
      { reps },
    );
    expect(result._entities.map((user) => user.tasks.edges.length)).toEqual([N, 0]);
    expect(db.queries).toHaveLength(1);
  });
});
