import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TasksDocument } from '../../src/client/generated/graphql.js';
import { as, data } from './helpers/client.js';
import { databaseTargets, withClient, type OpenedDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// Per-request DataLoaders on the real SQL store: N entity keys of one type cost one query.
const N = 40;
const OWNER = 'did:coinpay:user:batcher';
const OTHER_OWNER = 'did:coinpay:user:batcher-2';
const AGENTS = ['did:coinpay:agent:b1', 'did:coinpay:agent:b2', 'did:coinpay:agent:b3'];
// Requests are made as the owner of what they read (the policy then reads nothing more: the
// counts below are the reads themselves), or, where a list spans owners, as whoever sees it all.
const AS_OWNER = as(OWNER);
const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Task { id title } ... on Agent { did name } ... on DelegationGrant { id scopes } } }`;

for (const target of databaseTargets('embedded', 'postgres')) {
  describe.runIf(target.enabled)(`SQL statements per request (${target.name})`, () => {
    let db: OpenedDatabase;
    let server: TestServer;
    const queries: string[] = [];
    /** The values of each statement in `queries` sent with its parameters apart (a prepared read), else none. */
    const parameters: (readonly unknown[])[] = [];
    const reset = () => void ((queries.length = 0), (parameters.length = 0));
    const taskIds: string[] = [];
    let grantId: string;

    beforeAll(async () => {
      db = await target.open({ label: 'batching', onQuery: (sql, params = []) => void (queries.push(sql), parameters.push(params)) });
      server = await startTestServer({ agentStack: db.agentStack, database: db.sql });
      const { agentStack } = db;
      for (const did of AGENTS) await agentStack.registerAgent({ did, name: did.slice(-2), sourceApp: 'app' }, { actorDid: did });
      for (let i = 0; i < N; i++) {
        const input = { ownerDid: OWNER, sourceApp: 'app', title: `B${i}`, assigneeDid: AGENTS[i % AGENTS.length]! };
        taskIds.push((await agentStack.createTask(input, { actorDid: OWNER })).id);
      }
      grantId = (await agentStack.delegate({ ownerDid: OWNER, agentDid: AGENTS[0]!, scopes: ['tasks:*'] }, { actorDid: OWNER })).id;
      await agentStack.delegate({ ownerDid: OWNER, agentDid: AGENTS[1]!, scopes: ['tasks:read'] }, { actorDid: OWNER });
      await agentStack.delegate({ ownerDid: OTHER_OWNER, agentDid: AGENTS[0]!, scopes: ['*'] }, { actorDid: OTHER_OWNER });
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    describe('batched entity resolution on the SQL store', () => {
      it(`resolves ${N} Task representations with one SQL query`, async () => {
        reset();
        const result = await data<{ _entities: { id: string }[] }, object>(server.url, ENTITIES, {
          reps: taskIds.map((id) => ({ __typename: 'Task', id })),
        }, AS_OWNER);
        expect(result._entities.map((task) => task.id)).toEqual(taskIds);
        expect(queries).toHaveLength(1);
      });

      it('resolves mixed representations with one SQL query per type, unknown ids as null', async () => {
        reset();
        const reps = [
          ...taskIds.slice(0, 5).map((id) => ({ __typename: 'Task', id })),
          ...AGENTS.map((did) => ({ __typename: 'Agent', did })),
          { __typename: 'DelegationGrant', id: grantId },
          { __typename: 'Task', id: 'task_missing' },
          { __typename: 'Agent', did: 'did:coinpay:agent:missing' },
        ];
        const result = await data<{ _entities: unknown[] }, object>(server.url, ENTITIES, { reps }, AS_OWNER);
        expect(result._entities).toHaveLength(reps.length);
        expect(result._entities.slice(-2)).toEqual([null, null]);
        expect(queries).toHaveLength(3); // tasks, agents, grants
      });

      it('loads the assignees of a page of tasks with one SQL query, not one per task', async () => {
        reset();
        const { tasks } = await data(server.url, TasksDocument, { first: N, filter: { ownerDid: OWNER } }, AS_OWNER);
        expect(tasks.edges).toHaveLength(N);
        expect(new Set(tasks.edges.map((edge) => edge.node.assignee?.did))).toEqual(new Set(AGENTS));
        // One page read (the store may count rows in the same statement) plus one agents batch.
        expect(queries.length).toBeLessThanOrEqual(2);
      });

      it("reads every agent's tasks (Agent.tasks) with one SQL query, however many agents", async () => {
        reset();
        const reps = AGENTS.map((did) => ({ __typename: 'Agent', did }));
        const result = await data<{ _entities: { did: string; tasks: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean } } }[] }, object>(
          server.url,
          `query ($reps: [_Any!]!) { _entities(representations: $reps) {
            ... on Agent { did tasks(first: 5) { edges { node { title assigneeDid } } pageInfo { hasNextPage } } } } }`,
          { reps },
          AS_OWNER,
        );
        expect(result._entities.map((agent) => agent.did)).toEqual(AGENTS);
        AGENTS.forEach((did, i) => {
          const expected = Array.from({ length: N }, (_, n) => n).filter((n) => n % AGENTS.length === i).slice(0, 5);
          expect(result._entities[i]!.tasks.edges.map((edge) => edge.node.title)).toEqual(expected.map((n) => `B${n}`));
          expect(result._entities[i]!.tasks.pageInfo.hasNextPage).toBe(true);
        });
        expect(queries).toHaveLength(2); // the agents, then one windowed read of all their tasks
      });

      it("reads several users' tasks (User.tasks) with one SQL query", async () => {
        reset();
        const reps = [OWNER, 'did:coinpay:user:nobody'].map((did) => ({ __typename: 'User', did }));
        const result = await data<{ _entities: { tasks: { edges: unknown[] } }[] }, object>(
          server.url,
          `query ($reps: [_Any!]!) { _entities(representations: $reps) {
            ... on User { did tasks(first: 100) { edges { node { id } } } } } }`,
          { reps },
          AS_OWNER,
        );
        expect(result._entities.map((user) => user.tasks.edges.length)).toEqual([N, 0]);
        expect(queries).toHaveLength(1);
      });
    });

    describe('relation lists and pages', () => {
      it("reads every agent's and user's grants (Agent.delegations, User.delegations) with one SQL query each", async () => {
        // A grant is its owner's, its agent's and its grantor's to see: each owner sees its own
        // grants among the agents' (the read is the same, all their grants at once).
        const agentGrants = async (caller: string) => {
          reset();
          const agents = await data<{ _entities: { did: string; delegations: { edges: { node: { ownerDid: string; scopes: string[] } }[] } }[] }, object>(
            server.url,
            `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Agent { did delegations { edges { node { ownerDid scopes } } } } } }`,
            { reps: AGENTS.map((did) => ({ __typename: 'Agent', did })) },
            as(caller),
          );
          return agents._entities.map((agent) => agent.delegations.edges.map(({ node: grant }) => [grant.ownerDid, grant.scopes]));
        };
        expect(await agentGrants(OWNER)).toEqual([[[OWNER, ['tasks:*']]], [[OWNER, ['tasks:read']]], []]);
        expect(queries).toHaveLength(2); // the agents, then one read of all their grants
        expect(await agentGrants(OTHER_OWNER)).toEqual([[[OTHER_OWNER, ['*']]], [], []]);
        expect(queries).toHaveLength(2);

        reset();
        const users = await data<{ _entities: { delegations: { edges: { node: { agentDid: string } }[] } }[] }, object>(
          server.url,
          `query ($reps: [_Any!]!) { _entities(representations: $reps) {
            ... on User { delegations(filter: { scope: "tasks:create" }) { edges { node { agentDid } } } } } }`,
          { reps: [OWNER, OTHER_OWNER, 'did:coinpay:user:nobody'].map((did) => ({ __typename: 'User', did })) },
          // The agent both users delegated to sees both grants.
          as(AGENTS[0]!),
        );
        expect(users._entities.map((user) => user.delegations.edges.map((edge) => edge.node.agentDid))).toEqual([[AGENTS[0]], [AGENTS[0]], []]);
        expect(queries).toHaveLength(1);
      });

      it('pages the event history with one read of first + 1 events', async () => {
        reset();
        const page = await data<{ agentStackEvents: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }, object>(
          server.url,
          `{ agentStackEvents(first: 5) { edges { cursor } pageInfo { hasNextPage endCursor } } }`,
          {},
          AS_OWNER,
        );
        expect(page.agentStackEvents.edges).toHaveLength(5);
        expect(page.agentStackEvents.pageInfo).toMatchObject({ hasNextPage: true, endCursor: page.agentStackEvents.edges[4]!.cursor });
        expect(queries).toHaveLength(1);
        // The limit inlined (the embedded database), or the statement's last parameter (a prepared read).
        const limit = /LIMIT (\d+|\$(\d+))\b/.exec(queries[0]!);
        expect(limit?.[2] ? parameters[0]![Number(limit[2]) - 1] : Number(limit?.[1])).toBe(6);
      });

      it("a parent's page is an indexed read of first + 1 rows per parent, however many tasks it has (the plan)", async () => {
        // The statement listTaskPages sends for two owners and a page of 10, asked for its plan.
        reset();
        const keys = [OWNER, OTHER_OWNER];
        await db.agentStack.listTasksFor('ownerDid', keys, {}, { first: 10 }, { actorDid: OWNER });
        expect(queries).toHaveLength(1);
        const plan = await withClient(db.sql!.connectionString, async (client) => {
          await client.query(`SET search_path TO ${db.schema ? client.escapeIdentifier(db.schema) : 'public'}`);
          // Small tables make a sequential scan the cheapest plan; what matters is that an index can serve it.
          await client.query('SET enable_seqscan = off');
          const explained = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${queries[0]!}`, [...parameters[0]!]);
          return (explained.rows[0] as { 'QUERY PLAN': unknown })['QUERY PLAN'];
        });
        const nodes = flatten(plan);
        // One LIMIT first + 1 per parent, over an index in page order: no ranking of every row.
        const limit = nodes.find((node) => node['Node Type'] === 'Limit');
        expect(limit?.['Actual Loops']).toBe(keys.length);
        expect(Number(limit?.['Actual Rows'])).toBeLessThanOrEqual(11);
        const scan = nodes.find((node) => node['Relation Name'] === 'tasks');
        expect(scan?.['Node Type']).toBe('Index Scan');
        expect(nodes.some((node) => node['Node Type'] === 'WindowAgg' || node['Node Type'] === 'Sort')).toBe(false);
      });
    });
  });
}

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function flatten(plan: unknown): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  const visit = (node: Record<string, unknown>) => {
    nodes.push(node);
    for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) visit(child);
  };
  for (const entry of plan as { Plan: Record<string, unknown> }[]) visit(entry.Plan);
  return nodes;
}
