/**
 * The contract as an app meets it through Apollo Client 4 (a real client, real HTTP and
 * graphql-ws): the generated typePolicies and possibleTypes normalize Agent and User by `did` and
 * match the Principal union; the generated documents page both ways; and "read the newest cursor,
 * then subscribe with `after`" misses nothing written in between.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { possibleTypes, typePolicies } from '../../src/client/generated/apollo.js';
import {
  AgentDocument,
  CreateTaskDocument,
  LatestAgentStackEventCursorDocument,
  OnAgentStackEventDocument,
  TaskDocument,
  TasksDocument,
} from '../../src/client/generated/graphql.js';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';
import { startServer, type RunningServer } from '../subscriptions/helpers/servers.js';

const OWNER = 'did:coinpay:user:apollo-owner';
const AGENT = 'did:coinpay:agent:apollo-agent';
const IDENTITY = { 'x-agentstack-did': OWNER };

describe.runIf(runsOn('embedded'))('Apollo Client against AgentStack (embedded database)', () => {
  let opened: OpenedDatabase;
  let server: RunningServer;
  let client: ApolloClient;
  let ws: ReturnType<typeof createClient>;

  beforeAll(async () => {
    opened = await openTarget('embedded', { label: 'apollo' });
    server = await startServer(opened);
    await opened.agentStack.registerAgent({ did: AGENT, name: 'Apollo agent', sourceApp: 'apollo', ownerDid: OWNER }, { actorDid: AGENT });
    for (let i = 0; i < 5; i++) {
      await opened.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'apollo', title: `t${i}`, assigneeDid: AGENT }, { actorDid: OWNER });
    }
    ws = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: IDENTITY, retryAttempts: 0, lazy: true });
    const http = new HttpLink({ uri: server.url, headers: IDENTITY });
    client = new ApolloClient({
      cache: new InMemoryCache({ typePolicies, possibleTypes }),
      // Subscriptions over graphql-ws, everything else over HTTP.
      link: ApolloLink.split(({ operationType }) => operationType === 'subscription', new GraphQLWsLink(ws), http),
    });
  });
  afterAll(async () => {
    await ws?.dispose();
    await server?.close();
    await opened?.close();
  });

  it('normalizes Agent and User by did, and resolves the Principal union with possibleTypes', async () => {
    const { data } = await client.query({ query: AgentDocument, variables: { did: AGENT } });
    expect(data?.agent?.tasks.edges).toHaveLength(5);
    const taskId = data!.agent!.tasks.edges[0]!.node.id;
    const task = await client.query({ query: TaskDocument, variables: { id: taskId } });
    expect(task.data?.task?.owner).toEqual({ __typename: 'User', did: OWNER });
    const cached = client.cache.extract() as Record<string, unknown>;
    // One normalized record per entity, keyed by the schema's @key.
    expect(cached[`Agent:{"did":"${AGENT}"}`]).toMatchObject({ did: AGENT, name: 'Apollo agent' });
    expect(cached[`User:{"did":"${OWNER}"}`]).toMatchObject({ did: OWNER });
    expect(cached[`Task:{"id":"${taskId}"}`]).toMatchObject({ id: taskId });
    expect(client.cache.identify({ __typename: 'Agent', did: AGENT })).toBe(`Agent:{"did":"${AGENT}"}`);
    // The task's assignee is the same cached agent as the one asked for by DID.
    expect((cached[`Task:{"id":"${taskId}"}`] as { assignee: unknown }).assignee).toEqual({ __ref: `Agent:{"did":"${AGENT}"}` });
  });

  it('pages forward and back with the generated Tasks document', async () => {
    const filter = { ownerDid: OWNER };
    const first = await client.query({ query: TasksDocument, variables: { filter, first: 2 }, fetchPolicy: 'network-only' });
    const last = await client.query({ query: TasksDocument, variables: { filter, last: 2 }, fetchPolicy: 'network-only' });
    expect(first.data?.tasks.edges.map((edge) => edge.node.title)).toEqual(['t0', 't1']);
    expect(last.data?.tasks.edges.map((edge) => edge.node.title)).toEqual(['t3', 't4']);
    expect(first.data?.tasks.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(last.data?.tasks.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('reads the newest cursor, subscribes after it, and misses nothing written in between (no sleep)', async () => {
    const latest = await client.query({ query: LatestAgentStackEventCursorDocument, variables: { filter: { ownerDid: OWNER } }, fetchPolicy: 'network-only' });
    const after = latest.data!.agentStackEvents.pageInfo.endCursor!;
    // Written after the cursor was read and before the subscription starts: it must still arrive.
    const between = await client.mutate({
      mutation: CreateTaskDocument,
      variables: { input: { ownerDid: OWNER, sourceApp: 'apollo', title: 'between read and subscribe' } },
    });
    const received: { cursor: string; type: string; task: { id: string } | null }[] = [];
    const subscription = client
      .subscribe({ query: OnAgentStackEventDocument, variables: { after, filter: { ownerDid: OWNER } } })
      .subscribe({ next: ({ data }) => data && received.push(data.agentStackEvents) });
    try {
      await waitFor('the event written in between', () => received.length >= 1);
      const live = await client.mutate({
        mutation: CreateTaskDocument,
        variables: { input: { ownerDid: OWNER, sourceApp: 'apollo', title: 'after subscribing' } },
      });
      await waitFor('the live event', () => received.length >= 2);
      expect(received.map((event) => [event.type, event.task?.id])).toEqual([
        ['TASK_CREATED', between.data!.createTask.id],
        ['TASK_CREATED', live.data!.createTask.id],
      ]);
      expect(Number(received[1]!.cursor)).toBeGreaterThan(Number(received[0]!.cursor));
      expect(Number(received[0]!.cursor)).toBeGreaterThan(Number(after));
    } finally {
      subscription.unsubscribe();
    }
  });
});
