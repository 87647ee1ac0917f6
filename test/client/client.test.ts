/**
 * The typed client (src/client) against a real server: every method, typed errors with the
 * server's code, and watch streams that resume after the connection drops — through a TCP proxy
 * that cuts every socket — with no gap and no duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AgentStackClientError, createAgentStackClient, type AgentStackClient } from '../../src/client/index.js';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';
import { startServer, type RunningServer } from '../subscriptions/helpers/servers.js';

const OWNER = 'did:coinpay:user:client-owner';
const STRANGER = 'did:coinpay:user:client-stranger';
const AGENT = 'did:coinpay:agent:client-agent';

describe.runIf(runsOn('embedded'))('the typed client (embedded database)', () => {
  let opened: OpenedDatabase;
  let server: RunningServer;
  let proxy: TcpProxy;
  const clients: AgentStackClient[] = [];
  const as = (did: string, url?: string) => {
    const client = createAgentStackClient({ url: url ?? server.url, actAs: did, webSocketImpl: WebSocket });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    opened = await openTarget('embedded', { label: 'client' });
    server = await startServer(opened);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await proxy?.close();
    await server?.close();
    await opened?.close();
  });

  it('runs the whole contract with typed methods', async () => {
    const agent = as(AGENT);
    const owner = as(OWNER);
    expect(await agent.registerAgent({ did: AGENT, name: 'Client agent', sourceApp: 'client', ownerDid: OWNER })).toMatchObject({ did: AGENT });
    expect((await owner.agent(AGENT))?.name).toBe('Client agent');
    expect((await owner.agents({ first: 10 })).edges.map((edge) => edge.node.did)).toContain(AGENT);
    const created = await owner.createTask({ ownerDid: OWNER, sourceApp: 'client', title: 'typed' });
    expect(created.status).toBe('PENDING');
    const assigned = await owner.assignTask({ taskId: created.id, agentDid: AGENT });
    expect(assigned.status).toBe('QUEUED');
    const running = await agent.updateTaskStatus({ taskId: created.id, status: 'RUNNING', expectedVersion: assigned.version });
    expect(running.status).toBe('RUNNING');
    expect((await owner.task(created.id))?.status).toBe('RUNNING');
    expect((await owner.tasks({ filter: { ownerDid: OWNER }, last: 1 })).edges[0]?.node.id).toBe(created.id);
    const open = await owner.createTask({ ownerDid: OWNER, sourceApp: 'client', title: 'open' });
    await owner.publishTask({ taskId: open.id, gigId: 'gig_1' });
    expect((await agent.claimTask({ taskId: open.id, agentDid: AGENT })).assigneeDid).toBe(AGENT);
    const grant = await owner.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:read'] });
    expect(await owner.hasDelegation({ ownerDid: OWNER, agentDid: AGENT, scope: 'tasks:read' })).toBe(true);
    expect((await owner.delegations({ filter: { ownerDid: OWNER } })).edges.map((edge) => edge.node.id)).toEqual([grant.id]);
    expect((await owner.revokeDelegation(grant.id)).active).toBe(false);
    expect((await owner.delegation(grant.id))?.revokedAt).not.toBeNull();
    const history = await owner.events({ filter: { taskId: created.id } });
    expect(history.edges.map((edge) => edge.node.type)).toEqual(['TASK_CREATED', 'TASK_ASSIGNED', 'TASK_UPDATED']);
    expect(await owner.latestEventCursor()).toBe(String(await opened.agentStack.lastEventSequence()));
  });

  it('fails with AgentStackClientError carrying the server\'s code; an unreachable server is NETWORK_ERROR', async () => {
    const stranger = as(STRANGER);
    const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AgentStackClientError);
    const forbidden = await failure(stranger.createTask({ ownerDid: OWNER, sourceApp: 'client', title: 'not mine' }));
    expect(forbidden).toBeInstanceOf(AgentStackClientError);
    expect([forbidden?.code, forbidden?.retryable]).toEqual(['FORBIDDEN', false]);
    expect((await failure(stranger.assignTask({ taskId: 'task_missing', agentDid: AGENT })))?.code).toBe('NOT_FOUND');
    expect((await failure(stranger.tasks({ first: 501 })))?.code).toBe('BAD_USER_INPUT');
    const nowhere = createAgentStackClient({ url: 'http://127.0.0.1:9/graphql', actAs: OWNER, timeoutMs: 2_000 });
    const unreachable = await failure(nowhere.agents());
    expect([unreachable?.code, unreachable?.retryable]).toEqual(['NETWORK_ERROR', true]);
  });

  it('a watch stream resumes after every connection is cut: every event once, in order, nothing missed', async () => {
    const owner = as(OWNER, proxy.url());
    const stream = owner.watchTasks({ ownerDid: OWNER });
    const received: { cursor: string; title: string | undefined }[] = [];
    const reading = (async () => {
      for await (const event of stream) received.push({ cursor: event.cursor, title: event.task?.title });
    })();
    const write = (title: string) => opened.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'client', title }, { actorDid: OWNER });
    try {
      // The stream starts "now": wait until it is subscribed before writing the first event.
      await waitFor('the stream to subscribe', () => server.subscriptions.stats().subscriptions > 0);
      await write('w1');
      await waitFor('w1', () => received.length >= 1);
      for (let round = 2; round <= 4; round++) {
        expect(proxy.dropAll()).toBeGreaterThan(0);
        // Written while the stream is down: it must arrive after the resume, exactly once.
        await write(`w${round}`);
        await waitFor(`w${round}`, () => received.length >= round, 15_000);
      }
      await write('w5');
      await waitFor('w5', () => received.length >= 5, 15_000);
      expect(received.map((event) => event.title)).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
      const cursors = received.map((event) => Number(event.cursor));
      expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);
      expect(stream.subscriptions).toBeGreaterThanOrEqual(4); // one per resume
      expect(stream.lastCursor).toBe(received.at(-1)!.cursor);
    } finally {
      stream.close();
      await reading;
    }
  });

  it('a stream with a cursor replays what came after it first; a refused stream ends with the code', async () => {
    const owner = as(OWNER);
    const before = await owner.latestEventCursor({ ownerDid: OWNER });
    await opened.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'client', title: 'replayed' }, { actorDid: OWNER });
    const stream = owner.watchTasks({ ownerDid: OWNER, after: before });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.task?.title).toBe('replayed');
    stream.close();
    expect((await iterator.next()).done).toBe(true);

    const ahead = owner.watchEvents({ after: '999999999' });
    await expect(ahead[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
