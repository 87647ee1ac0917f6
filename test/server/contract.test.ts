import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentDocument,
  AgentsDocument,
  AssignTaskDocument,
  CreateTaskDocument,
  DelegateDocument,
  DelegationDocument,
  DelegationsDocument,
  AgentStackEventsDocument,
  LatestAgentStackEventCursorDocument,
  HasDelegationDocument,
  RegisterAgentDocument,
  RevokeDelegationDocument,
  TaskDocument,
  TasksDocument,
  UpdateTaskStatusDocument,
} from '../../src/client/generated/graphql.js';
import { as, data, errorCodes, execute } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// Every query and mutation of the contract, over real HTTP, on the in-memory store, each sent
// as the caller a real client would be: the agent for itself, the owner for its tasks and grants.
const OWNER = 'did:coinpay:user:alice';
const AGENT = 'did:coinpay:agent:worker-1';
const AS_OWNER = as(OWNER);
const AS_AGENT = as(AGENT);

let server: TestServer;
/** The task the agent owns ('resolves an agent-owned task …'): its owner's to see, not OWNER's. */
let agentTaskId: string;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the contract over HTTP', () => {
  it('registers an agent, and re-registration keeps omitted fields and clears nulls', async () => {
    const { registerAgent } = await data(server.url, RegisterAgentDocument, {
      input: {
        did: AGENT,
        name: 'Worker One',
        sourceApp: 'ugig',
        supportedProtocols: ['a2a', 'mcp'],
        inboxUrl: 'https://worker.example/inbox',
        taskEndpoint: 'https://worker.example/tasks',
        reputationScore: 4.5,
        metadata: { region: 'eu' },
      },
    }, AS_AGENT);
    expect(registerAgent).toMatchObject({
      did: AGENT,
      name: 'Worker One',
      supportedProtocols: ['a2a', 'mcp'],
      reputationScore: 4.5,
      metadata: { region: 'eu' },
    });
    const again = await data(server.url, RegisterAgentDocument, {
      input: { did: AGENT, name: 'Worker 1', sourceApp: 'ugig', inboxUrl: null },
    }, AS_AGENT);
    expect(again.registerAgent).toMatchObject({
      name: 'Worker 1',
      inboxUrl: null,
      taskEndpoint: 'https://worker.example/tasks',
      supportedProtocols: ['a2a', 'mcp'],
      createdAt: registerAgent.createdAt,
    });
  });

  it('looks agents up by DID (null when unknown) and lists them as a connection', async () => {
    const { agent } = await data(server.url, AgentDocument, { did: AGENT });
    expect(agent).toMatchObject({ did: AGENT, name: 'Worker 1', tasks: { edges: [] }, delegations: { edges: [] } });
    expect((await data(server.url, AgentDocument, { did: 'did:coinpay:agent:nobody' })).agent).toBeNull();
    const { agents } = await data(server.url, AgentsDocument, { filter: { sourceApp: 'ugig', supportedProtocol: 'mcp' } });
    expect(agents.edges.map((edge) => edge.node.did)).toEqual([AGENT]);
    expect(agents.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: agents.edges[0]!.cursor, endCursor: agents.edges[0]!.cursor });
  });

  it('creates, assigns, runs and completes a task, with CoinPay links and metadata patches', async () => {
    const input = {
      ownerDid: OWNER,
      sourceApp: 'coinpay',
      title: 'Translate the docs',
      description: 'EN → DE',
      paymentIntentId: 'pi_1',
      metadata: { words: 1200, tags: { lang: 'de' } },
      idempotencyKey: 'order-1',
    };
    const { createTask } = await data(server.url, CreateTaskDocument, { input }, AS_OWNER);
    expect(createTask).toMatchObject({
      ownerDid: OWNER,
      assigneeDid: null,
      status: 'PENDING',
      paymentIntentId: 'pi_1',
      published: false,
      version: 1,
    });
    // The same idempotency key and input: the same task.
    const retry = await data(server.url, CreateTaskDocument, { input: { ...input } }, AS_OWNER);
    expect(retry.createTask.id).toBe(createTask.id);

    const { assignTask } = await data(server.url, AssignTaskDocument, {
      taskId: createTask.id,
      agentDid: AGENT,
      expectedVersion: 1,
    }, AS_OWNER);
    expect(assignTask).toMatchObject({ status: 'QUEUED', assigneeDid: AGENT, version: 2, assignee: { did: AGENT, name: 'Worker 1' } });

    // The assignee reports its progress.
    await data(server.url, UpdateTaskStatusDocument, { taskId: createTask.id, status: 'RUNNING' }, AS_AGENT);
    const { updateTaskStatus } = await data(server.url, UpdateTaskStatusDocument, {
      taskId: createTask.id,
      status: 'COMPLETE',
      patch: { escrowId: 'esc_1', reputationEventId: 'rep_1', metadata: { tags: { lang: null }, done: true } },
      expectedVersion: 3,
    }, AS_AGENT);
    expect(updateTaskStatus).toMatchObject({
      status: 'COMPLETE',
      version: 4,
      paymentIntentId: 'pi_1',
      escrowId: 'esc_1',
      reputationEventId: 'rep_1',
      metadata: { words: 1200, tags: {}, done: true },
    });

    const { task } = await data(server.url, TaskDocument, { id: createTask.id }, AS_OWNER);
    expect(task).toMatchObject({
      id: createTask.id,
      status: 'COMPLETE',
      assignee: { did: AGENT },
      owner: { __typename: 'User', did: OWNER },
      paymentIntent: { id: 'pi_1' },
      escrow: { id: 'esc_1' },
      reputationEvent: { id: 'rep_1' },
      gig: null,
    });
    expect((await data(server.url, TaskDocument, { id: 'task_unknown' }, AS_OWNER)).task).toBeNull();
  });

  it('resolves an agent-owned task to the Agent as owner', async () => {
    const { createTask } = await data(server.url, CreateTaskDocument, {
      input: { ownerDid: AGENT, sourceApp: 'ugig', title: 'Sub-task' },
    }, AS_AGENT);
    agentTaskId = createTask.id;
    const { task } = await data(server.url, TaskDocument, { id: createTask.id }, AS_AGENT);
    expect(task?.owner).toEqual({ __typename: 'Agent', did: AGENT, name: 'Worker 1' });
    expect(task?.paymentIntent).toBeNull();
  });

  it('filters tasks by owner, assignee, status and source app', async () => {
    const byOwner = await data(server.url, TasksDocument, { filter: { ownerDid: OWNER } }, AS_OWNER);
    expect(byOwner.tasks.edges).toHaveLength(1);
    const done = await data(server.url, TasksDocument, { filter: { assigneeDid: AGENT, status: 'COMPLETE', sourceApp: 'coinpay' } }, AS_OWNER);
    expect(done.tasks.edges.map((edge) => edge.node.status)).toEqual(['COMPLETE']);
    const none = await data(server.url, TasksDocument, { filter: { status: 'BLOCKED' } }, AS_OWNER);
    expect(none.tasks).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('delegates, answers hasDelegation, lists, looks up and revokes grants', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const { delegate } = await data(
      server.url,
      DelegateDocument,
      { input: { ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:*'], expiresAt } },
      AS_OWNER,
    );
    expect(delegate).toMatchObject({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:*'], expiresAt, active: true, revokedAt: null, agent: { did: AGENT } });

    const ask = { ownerDid: OWNER, agentDid: AGENT };
    expect((await data(server.url, HasDelegationDocument, { ...ask, scope: 'tasks:create' }, AS_OWNER)).hasDelegation).toBe(true);
    expect((await data(server.url, HasDelegationDocument, { ...ask, scope: 'agents:register' }, AS_OWNER)).hasDelegation).toBe(false);
    // After expiry the grant no longer applies.
    const later = new Date(Date.parse(expiresAt) + 1000).toISOString();
    expect((await data(server.url, HasDelegationDocument, { ...ask, scope: 'tasks:create', at: later }, AS_OWNER)).hasDelegation).toBe(false);

    const listed = await data(server.url, DelegationsDocument, { filter: { ownerDid: OWNER, scope: 'tasks:update' } }, AS_OWNER);
    expect(listed.delegations.edges.map((edge) => edge.node.id)).toEqual([delegate.id]);
    expect(listed.delegations.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect((await data(server.url, DelegationDocument, { id: delegate.id }, AS_OWNER)).delegation?.id).toBe(delegate.id);
    expect((await data(server.url, DelegationDocument, { id: 'grant_unknown' }, AS_OWNER)).delegation).toBeNull();

    const { revokeDelegation } = await data(server.url, RevokeDelegationDocument, { id: delegate.id }, AS_OWNER);
    expect(revokeDelegation).toMatchObject({ id: delegate.id, active: false });
    expect(revokeDelegation.revokedAt).not.toBeNull();
    expect((await data(server.url, HasDelegationDocument, { ...ask, scope: 'tasks:create' }, AS_OWNER)).hasDelegation).toBe(false);
    const { agent } = await data(server.url, AgentDocument, { did: AGENT }, AS_OWNER);
    expect(agent?.delegations.edges.map((edge) => edge.node)).toEqual([{ id: delegate.id, active: false }]);
  });

  it('pages the event history with cursors both ways, filters and the entity as it was at each event', async () => {
    const nodes = <Node,>(page: { agentStackEvents: { edges: { node: Node }[] } }) => page.agentStackEvents.edges.map((edge) => edge.node);
    const all = await data(server.url, AgentStackEventsDocument, { first: 500 }, AS_OWNER);
    const events = all.agentStackEvents.edges.map((edge) => edge.node);
    expect(events.length).toBeGreaterThan(5);
    // Edges carry their event's cursor.
    expect(all.agentStackEvents.edges.every((edge) => edge.cursor === edge.node.cursor)).toBe(true);
    // Cursors are the history's sequence numbers, in order, with no gap but the one event OWNER
    // may not see: the creation of the agent's own task (its owner, the agent, sees it).
    const agentTask = await data(server.url, AgentStackEventsDocument, { filter: { taskId: agentTaskId } }, AS_AGENT);
    const hidden = nodes(agentTask).map((event) => Number(event.cursor));
    expect(agentTask.agentStackEvents.edges.map((edge) => edge.node.type)).toEqual(['TASK_CREATED']);
    const sequence = Array.from({ length: events.length + hidden.length }, (_v, i) => i + 1);
    expect(events.map((event) => Number(event.cursor))).toEqual(sequence.filter((n) => !hidden.includes(n)));
    expect(all.agentStackEvents.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: events[0]!.cursor,
      endCursor: events[events.length - 1]!.cursor,
    });
    expect(events[0]).toMatchObject({ type: 'AGENT_REGISTERED', agent: { did: AGENT }, task: null, grant: null });

    // The task's history: each event shows the task as it was right after it.
    const created = events.find((event) => event.type === 'TASK_CREATED')!;
    const history = await data(server.url, AgentStackEventsDocument, { filter: { taskId: created.task!.id } }, AS_OWNER);
    expect(history.agentStackEvents.edges.map(({ node }) => [node.type, node.task!.status, node.task!.version])).toEqual([
      ['TASK_CREATED', 'PENDING', 1],
      ['TASK_ASSIGNED', 'QUEUED', 2],
      ['TASK_UPDATED', 'RUNNING', 3],
      ['TASK_UPDATED', 'COMPLETE', 4],
    ]);
    expect(nodes(history)[0]!).toMatchObject({ actorDid: OWNER });

    const page1 = await data(server.url, AgentStackEventsDocument, { first: 2 }, AS_OWNER);
    expect(page1.agentStackEvents.pageInfo).toMatchObject({ startCursor: '1', endCursor: '2', hasNextPage: true, hasPreviousPage: false });
    const page2 = await data(server.url, AgentStackEventsDocument, { first: 2, after: page1.agentStackEvents.pageInfo.endCursor }, AS_OWNER);
    expect(nodes(page2).map((event) => event.cursor)).toEqual(['3', '4']);
    expect(page2.agentStackEvents.pageInfo.hasPreviousPage).toBe(true);

    // Backwards from the end, and on towards the start. A page reads `last` events of the log and
    // shows those the caller may see; its cursors are those of the events read.
    const visibleOf = (sequences: number[]) => sequences.filter((n) => !hidden.includes(n)).map(String);
    const newest = await data(server.url, AgentStackEventsDocument, { last: 2 }, AS_OWNER);
    expect(nodes(newest).map((event) => event.cursor)).toEqual(visibleOf(sequence.slice(-2)));
    expect(newest.agentStackEvents.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false, startCursor: String(sequence.length - 1) });
    const older = await data(server.url, AgentStackEventsDocument, { last: 2, before: newest.agentStackEvents.pageInfo.startCursor }, AS_OWNER);
    expect(nodes(older).map((event) => event.cursor)).toEqual(visibleOf(sequence.slice(-4, -2)));
    expect(older.agentStackEvents.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const grants = await data(server.url, AgentStackEventsDocument, { filter: { types: ['DELEGATION_GRANTED', 'DELEGATION_REVOKED'] } }, AS_OWNER);
    expect(nodes(grants).map((event) => [event.type, event.grant?.revokedAt === null])).toEqual([
      ['DELEGATION_GRANTED', true],
      ['DELEGATION_REVOKED', false],
    ]);
    // By the task's status right after the event: the completion alone (the enum crosses as TaskStatus).
    const completed = await data(server.url, AgentStackEventsDocument, { filter: { statuses: ['COMPLETE'], taskId: created.task!.id } }, AS_OWNER);
    expect(nodes(completed).map((event) => [event.type, event.task!.status])).toEqual([['TASK_UPDATED', 'COMPLETE']]);
    // Past the end: an empty page that still says where to continue from.
    const endCursor = all.agentStackEvents.pageInfo.endCursor;
    const tail = await data(server.url, AgentStackEventsDocument, { after: endCursor }, AS_OWNER);
    expect(tail.agentStackEvents).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor } });
    // The newest cursor to subscribe after: the last event's.
    const latest = await data(server.url, LatestAgentStackEventCursorDocument, {}, AS_OWNER);
    expect(latest.agentStackEvents.pageInfo.endCursor).toBe(String(sequence.length));
  });

  it('refuses a page larger than 500, and first with last, with BAD_USER_INPUT', async () => {
    for (const variables of [{ first: 501 }, { last: 501 }, { first: 1, last: 1 }, { first: -1 }]) {
      const result = await execute(server.url, TasksDocument, variables, AS_OWNER);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await execute(server.url, AgentStackEventsDocument, variables, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await execute(server.url, DelegationsDocument, variables, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await execute(server.url, AgentsDocument, variables, AS_OWNER))).toEqual(['BAD_USER_INPUT']);
    }
    const refused = await execute(server.url, TasksDocument, { first: 501 }, AS_OWNER);
    expect(refused.errors?.[0]?.message).toMatch(/at most 500/);
  });

  it('serves the subgraph SDL without identity, and entities to the caller a router forwards', async () => {
    // Routers fetch the SDL with no caller; `_entities` carries the caller of the federated query.
    const sdl = await data<{ _service: { sdl: string } }, object>(server.url, '{ _service { sdl } }');
    expect(sdl._service.sdl).toContain('type Task');
    expect(sdl._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    const { tasks } = await data(server.url, TasksDocument, { first: 1 }, AS_OWNER);
    const id = tasks.edges[0]!.node.id;
    const entities = await data<{ _entities: unknown[] }, object>(
      server.url,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Task { id title } ... on Agent { did name } ... on User { did tasks { edges { node { id } } } delegations { edges { node { id } } } }
       } }`,
      { reps: [{ __typename: 'Task', id }, { __typename: 'Agent', did: AGENT }, { __typename: 'User', did: OWNER }, { __typename: 'Task', id: 'nope' }] },
      AS_OWNER,
    );
    expect(entities._entities[0]).toMatchObject({ id });
    expect(entities._entities[1]).toEqual({ did: AGENT, name: 'Worker 1' });
    expect(entities._entities[2]).toMatchObject({ did: OWNER, delegations: { edges: [{ node: { id: expect.any(String) } }] } });
    expect((entities._entities[2] as { tasks: { edges: unknown[] } }).tasks.edges).toHaveLength(1);
    expect(entities._entities[3]).toBeNull();
  });

  it('answers GET queries (with the CSRF preflight header) at /graphql', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ agent(did: "did:coinpay:agent:worker-1") { name } }')}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' }, signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { agent: { name: 'Worker 1' } } });
    // Mutations need POST.
    const mutation = `${server.url}?query=${encodeURIComponent('mutation { revokeDelegation(id: "x") { id } }')}`;
    const refused = await fetch(mutation, { headers: { 'apollo-require-preflight': 'true' }, signal: AbortSignal.timeout(10_000) });
    expect(refused.status).toBe(405);
    // Without a preflight-forcing header, a GET is refused as a possible CSRF.
    const plain = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    expect(plain.status).toBe(400);
  });
});
