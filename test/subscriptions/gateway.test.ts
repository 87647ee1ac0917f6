import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentDid, userDid } from '../../src/core/did.js';
import { startCoinPay, type CoinPayData } from '../supergraph/fixtures/coinpay.js';
import type { RunningSubgraph } from '../supergraph/fixtures/small-subgraph.js';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { mutate } from './helpers/http.js';
import { startHiveGateway, type RunningHiveGateway } from './helpers/hive-gateway.js';
import { api, asCaller } from './helpers/operations.js';
import { startServer, type RunningServer } from './helpers/servers.js';
import { waitFor } from '../helpers/wait.js';
import { Collector, connect } from './helpers/ws-client.js';

const STATUS_WITH_PAYMENT = /* GraphQL */ `
  subscription($ownerDid: ID) {
    taskStatusChanged(ownerDid: $ownerDid) {
      id
      status
      paymentIntent { amount currency }
    }
  }
`;

interface StatusWithPayment {
  taskStatusChanged: { id: string; status: string; paymentIntent: { amount: number; currency: string } | null };
}

/**
 * Through a real gateway: AgentStack composed with a CoinPay subgraph, served by Hive Gateway;
 * a graphql-ws client of the gateway subscribes and gets CoinPay's fields joined into each event.
 */
for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`subscriptions through Hive Gateway (${target.name})`, () => {
    let opened: OpenedDatabase;
    let agentstack: RunningServer;
    let coinpay: RunningSubgraph;
    let gateway: RunningHiveGateway;
    const coinpayData: CoinPayData = {
      paymentIntents: [
        { id: 'pi_100', amount: 100.5, currency: 'USDC', status: 'succeeded', taskId: null },
        { id: 'pi_250', amount: 250, currency: 'USDC', status: 'pending', taskId: null },
      ],
      escrows: [],
      reputationEvents: [],
    };

    beforeAll(async () => {
      opened = await target.open({ label: 'subs' });
      agentstack = await startServer(opened);
      coinpay = await startCoinPay(coinpayData);
      const { _service } = await mutate<{ _service: { sdl: string } }>(agentstack.url, `{ _service { sdl } }`);
      gateway = await startHiveGateway(
        [
          { name: 'agentstack', url: agentstack.url, sdl: _service.sdl },
          { name: 'coinpay', url: coinpay.url, sdl: coinpay.sdl },
        ],
        ['agentstack'],
      );
    }, 60_000);
    afterAll(async () => {
      await gateway?.close();
      await coinpay?.close();
      await agentstack?.close();
      await opened?.close();
    });

    it('taskStatusChanged { id status paymentIntent { amount } } arrives with CoinPay amounts joined in', async () => {
      const owner = userDid(`gateway-${target.name}`);
      const worker = agentDid(`gateway-worker-${target.name}`);
      const http = api(agentstack.url, owner);
      await http.as(worker).registerAgent(worker, 'Worker'); // the agent registers itself
      const paid = await http.createTask(owner, 'paid', { paymentIntentId: 'pi_100' });
      const unpaid = await http.createTask(owner, 'unpaid');
      const escrowed = await http.createTask(owner, 'escrowed', { paymentIntentId: 'pi_250' });

      // The owner subscribes: the gateway forwards its identity (connectionParams) upstream.
      const client = connect(gateway.wsUrl, asCaller(owner));
      try {
        const before = agentstack.subscriptions.stats().opened;
        const events = new Collector<StatusWithPayment>(client, STATUS_WITH_PAYMENT, { ownerDid: owner });
        // The gateway opens the upstream subscription on AgentStack's /graphql over WebSocket.
        await waitFor('the gateway to subscribe upstream', () => agentstack.subscriptions.stats().opened > before || events.ended, 15_000);
        expect(events.results).toEqual([]);

        await http.assignTask(paid.id, worker);
        await http.assignTask(unpaid.id, worker);
        await http.updateTaskStatus(paid.id, 'RUNNING');
        await http.updateTaskStatus(escrowed.id, 'CANCELLED');
        await events.waitForResults(4, 15_000);

        expect(events.results.every((result) => !result.errors)).toBe(true);
        expect(events.data.map(({ taskStatusChanged: t }) => t)).toEqual([
          { id: paid.id, status: 'QUEUED', paymentIntent: { amount: 100.5, currency: 'USDC' } },
          { id: unpaid.id, status: 'QUEUED', paymentIntent: null },
          { id: paid.id, status: 'RUNNING', paymentIntent: { amount: 100.5, currency: 'USDC' } },
          { id: escrowed.id, status: 'CANCELLED', paymentIntent: { amount: 250, currency: 'USDC' } },
        ]);
        // The join went to CoinPay's _entities, not to a field AgentStack made up.
        expect(coinpay.log.entityCalls.some((call) => call.typenames.includes('PaymentIntent'))).toBe(true);
      } finally {
        await client.dispose();
      }
      // The client left: the gateway closes the upstream subscription, AgentStack releases it.
      await waitFor('the upstream subscription to be released', () => agentstack.subscriptions.stats().subscriptions === 0, 15_000);
    });

    it('agentStackEvents(after:) through the gateway replays history, then continues live, with CoinPay fields joined', async () => {
      const owner = userDid(`gateway-replay-${target.name}`);
      const http = api(agentstack.url, owner);
      const after = String(await opened.agentStack.lastEventSequence());
      const first = await http.createTask(owner, 'before subscribing', { paymentIntentId: 'pi_250' });
      const client = connect(gateway.wsUrl, asCaller(owner));
      try {
        const events = new Collector<{ events: { cursor: string; type: string; task: { id: string; paymentIntent: { amount: number } | null } } }>(
          client,
          `subscription($after: String, $filter: AgentStackEventFilter) {
            events: agentStackEvents(after: $after, filter: $filter) { cursor type task { id paymentIntent { amount } } }
          }`,
          { after, filter: { ownerDid: owner } },
        );
        await events.waitForResults(1, 15_000); // the replayed event
        const second = await http.createTask(owner, 'after subscribing', { paymentIntentId: 'pi_100' });
        await events.waitForResults(2, 15_000);
        expect(events.data.map(({ events: e }) => [e.type, e.task.id, e.task.paymentIntent?.amount])).toEqual([
          ['TASK_CREATED', first.id, 250],
          ['TASK_CREATED', second.id, 100.5],
        ]);
        expect(Number(events.data[1]!.events.cursor)).toBeGreaterThan(Number(events.data[0]!.events.cursor));
      } finally {
        await client.dispose();
      }
    });

    it('forwards the identity header of HTTP operations too (a mutation through the gateway records its actor)', async () => {
      const owner = userDid(`gateway-http-${target.name}`);
      const { createTask } = await mutate<{ createTask: { id: string } }>(
        gateway.url,
        `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
        { input: { ownerDid: owner, sourceApp: 'test', title: 'through the gateway' } },
        { 'x-agentstack-did': owner },
      );
      // Read back from AgentStack directly, as the owner (the only one who may see the task).
      const { agentStackEvents } = await mutate<{ agentStackEvents: { edges: { node: { actorDid: string | null; task: { id: string } } }[] } }>(
        agentstack.url,
        `query($filter: AgentStackEventFilter) { agentStackEvents(filter: $filter) { edges { node { actorDid task { id } } } } }`,
        { filter: { taskId: createTask.id } },
        asCaller(owner),
      );
      expect(agentStackEvents.edges.map((edge) => edge.node)).toEqual([{ actorDid: owner, task: { id: createTask.id } }]);
    });

    it("forwards the client's identity: AgentStack refuses a non-DID identity, and the gateway's client is told at once", async () => {
      const client = connect(gateway.wsUrl, { 'x-agentstack-did': 'mallory' });
      try {
        const refused = new Collector<StatusWithPayment>(client, STATUS_WITH_PAYMENT, {});
        // AgentStack closes the forwarded connection with 4401 (final: graphql-ws clients do not
        // retry it), so the gateway fails this subscription instead of retrying upstream.
        const refusedBefore = agentstack.subscriptions.stats().refusedConnections;
        await refused.waitForEnd(15_000);
        // What the client sees: one error result, no data, then the end; nothing got through.
        expect(refused.results).toHaveLength(1);
        expect(refused.results[0]!.errors?.length).toBeGreaterThan(0);
        expect(refused.results[0]!.data ?? null).toBeNull();
        expect(refused.completed || refused.error !== null).toBe(true);
        expect(refused.data).toEqual([]);
        expect(agentstack.subscriptions.stats().subscriptions).toBe(0);
        expect(agentstack.subscriptions.stats().refusedConnections).toBeGreaterThan(refusedBefore);
      } finally {
        await client.dispose();
      }
    });
  });
}
