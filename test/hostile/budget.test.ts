/**
 * The execution budget: an operation that runs past AGENTSTACK_EXECUTION_TIMEOUT_MS, or whose
 * client has gone, stops — no further resolver runs and no further SQL is sent — over HTTP and
 * graphql-ws. A slow root field (held open by the test) stands in for a slow database.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResolveInfo } from 'graphql';
import { Agent } from '../../src/graphql/resolvers/agent.js';
import type { GraphQLContext } from '../../src/graphql/context.js';
import { runsOn } from '../helpers/targets.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { errorCodes, execute } from '../server/helpers/client.js';
import { Collector, connect } from '../subscriptions/helpers/ws-client.js';
import { startHostileServer, type HostileServer } from './harness.js';

const OWNER = 'did:coinpay:user:budget-owner';
const AGENT = 'did:coinpay:agent:budget-agent';
const BUDGET_MS = 300;
const QUERY = `{ agent(did: "${AGENT}") { did tasks(first: 5) { edges { node { id title } } } } }`;

/** A promise with its resolve function (Promise.withResolvers needs Node 22). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** The test opens the gate; until then the root field `agent` waits (after loading the agent). */
let gate = deferred();
let entered = deferred();
/** Calls of `Agent.tasks` that got past the budget check (it sends SQL). */
let tasksCalls = 0;

type Resolver = (source: unknown, args: Record<string, unknown>, context: GraphQLContext, info: GraphQLResolveInfo) => unknown;
const realTasks = Agent.tasks as unknown as Resolver;

describe.runIf(runsOn('embedded'))(`the execution budget (${BUDGET_MS} ms, production mode)`, () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer('embedded', {
      limits: { executionMs: BUDGET_MS },
      extraResolvers: {
        Query: {
          agent: async (_source: unknown, args: { did: string }, context: unknown) => {
            const agent = await (context as GraphQLContext).loaders.agents.load(args.did);
            entered.resolve();
            await gate.promise;
            return agent;
          },
        },
        Agent: {
          tasks: (source: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => {
            tasksCalls++;
            return realTasks(source, args, context as GraphQLContext, info);
          },
        },
      },
    });
    await server.agentStack.registerAgent({ did: AGENT, name: 'Agent', sourceApp: 'budget' }, { actorDid: AGENT });
    await server.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'budget', title: 't', assigneeDid: AGENT }, { actorDid: OWNER });
  });
  afterEach(() => {
    gate.resolve(); // never leave an operation hanging
    gate = deferred();
    entered = deferred();
    tasksCalls = 0;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets an operation within its budget run every field', async () => {
    gate.resolve();
    const result = await execute<{ agent: { tasks: { edges: unknown[] } } }, object>(server.url, QUERY, {}, await server.as(AGENT));
    expect(result.errors).toBeUndefined();
    expect(result.data?.agent.tasks.edges).toHaveLength(1);
    expect(tasksCalls).toBe(1);
  });

  it('stops an HTTP operation past its budget: TIMEOUT, HTTP 504, the nested fields never run, no SQL', async () => {
    const answer = execute(server.url, QUERY, {}, await server.as(AGENT));
    await entered.promise;
    server.resetStatements();
    await sleep(BUDGET_MS + 100);
    gate.resolve();
    const result = await answer;
    expect(result.status).toBe(504);
    expect(errorCodes(result)).toEqual(['TIMEOUT']);
    expect(result.errors?.[0]?.message).toMatch(/budget of 300 ms/);
    expect(result.errors?.[0]?.path).toEqual(['agent', 'tasks']);
    expect(tasksCalls).toBe(0);
    expect(server.statements).toEqual([]);
  });

  it('stops an HTTP operation whose client hung up: the nested fields never run, no SQL', async () => {
    const abort = new AbortController();
    const answer = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await server.as(AGENT)) },
      body: JSON.stringify({ query: QUERY }),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    await entered.promise;
    server.resetStatements();
    abort.abort();
    expect(await answer).toBeInstanceOf(Error);
    // The server sees the socket close, then the root field returns: nothing below it may run.
    await sleep(50);
    gate.resolve();
    await sleep(150);
    expect(tasksCalls).toBe(0);
    expect(server.statements).toEqual([]);
  });

  it('stops a graphql-ws query past its budget with TIMEOUT, and the connection lives on', async () => {
    const client = connect(server.wsUrl, { authorization: (await server.as(AGENT)).authorization });
    try {
      const slow = new Collector(client, QUERY);
      await entered.promise;
      await sleep(BUDGET_MS + 100);
      gate.resolve();
      await slow.waitForEnd();
      expect(slow.results.flatMap((result) => result.errors ?? []).map((error) => error.extensions?.code)).toEqual(['TIMEOUT']);
      expect(tasksCalls).toBe(0);
      const fine = new Collector<{ __typename: string }>(client, '{ __typename }');
      await fine.waitForResults(1);
      expect(fine.data).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });

  it('stops a graphql-ws query whose connection closed', async () => {
    const client = connect(server.wsUrl, { authorization: (await server.as(AGENT)).authorization });
    const slow = new Collector(client, QUERY);
    await entered.promise;
    server.resetStatements();
    await client.dispose();
    await waitFor('the server to see the socket close', () => server.subscriptions.stats().connections === 0);
    gate.resolve();
    await sleep(150);
    expect(slow.ended).toBe(true);
    expect(tasksCalls).toBe(0);
    expect(server.statements).toEqual([]);
  });
});
