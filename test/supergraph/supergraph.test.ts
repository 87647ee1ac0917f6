import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, data } from '../server/helpers/client.js';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../server/helpers/test-server.js';
import { startCoinPay, type PaymentIntentRecord } from './fixtures/coinpay.js';
import { startGateway, type RunningGateway } from './fixtures/gateway.js';
import type { RunningSubgraph } from './fixtures/small-subgraph.js';
import { startUGig } from './fixtures/ugig.js';

// AgentStack composed with small CoinPay and uGig subgraphs, served by @apollo/gateway, all
// over real HTTP on 127.0.0.1; AgentStack runs on the real SQL store with a statement counter,
// on the embedded database and on PostgreSQL.
const OWNER = 'did:coinpay:user:shop';
const AGENT = 'did:coinpay:agent:courier';
const TASKS = 50;
// Clients query the gateway as the shop that owns the tasks; the gateway forwards the caller.
const AS_OWNER = as(OWNER);

for (const target of databaseTargets('embedded', 'postgres')) {
  describe.runIf(target.enabled)(`the supergraph (${target.name})`, () => {
    let db: OpenedDatabase;
    const queries: string[] = [];
    let agentstack: TestServer;
    let coinpay: RunningSubgraph;
    let ugig: RunningSubgraph;
    let gateway: RunningGateway;
    const taskIds: string[] = [];
    let gigTaskId: string;

    beforeAll(async () => {
      db = await target.open({ label: 'supergraph', onQuery: (sql) => void queries.push(sql) });
      agentstack = await startTestServer({ agentStack: db.agentStack, database: db.sql });
      const { agentStack } = db;
      await agentStack.registerAgent({ did: AGENT, name: 'Courier', sourceApp: 'ugig' }, { actorDid: AGENT });
      const paymentIntents: PaymentIntentRecord[] = [];
      for (let i = 0; i < TASKS; i++) {
        const task = await agentStack.createTask(
          {
            ownerDid: OWNER,
            sourceApp: 'coinpay',
            title: `Delivery ${i}`,
            paymentIntentId: `pi_${i}`,
            escrowId: i === 0 ? 'esc_0' : null,
            assigneeDid: AGENT,
          },
          { actorDid: OWNER },
        );
        taskIds.push(task.id);
        paymentIntents.push({ id: `pi_${i}`, amount: 10 + i, currency: 'USD', status: 'succeeded', taskId: task.id });
      }
      // A marketplace task: published with its uGig gig, then claimed by the courier.
      const open = await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'Deliver parcel' }, { actorDid: OWNER });
      await agentStack.publishTask(open.id, 'gig_1', { actorDid: OWNER });
      const gigTask = await agentStack.claimTask(open.id, AGENT, { actorDid: AGENT });
      coinpay = await startCoinPay({ paymentIntents, escrows: [{ id: 'esc_0', amount: 10, released: false }], reputationEvents: [] });
      ugig = await startUGig([{ id: 'gig_1', title: 'Deliver parcel', budget: 25, taskId: gigTask.id }]);
      gigTaskId = gigTask.id;
      // Our SDL exactly as a router fetches it from the running subgraph.
      const { _service } = await data<{ _service: { sdl: string } }, object>(agentstack.url, '{ _service { sdl } }');
      gateway = await startGateway([{ name: 'agentstack', url: agentstack.url, sdl: _service.sdl }, coinpay, ugig]);
    });

    afterAll(async () => {
      await gateway?.close();
      await coinpay?.close();
      await ugig?.close();
      await agentstack?.close();
      await db?.close();
    });

    function resetCounters(): void {
      coinpay.log.reset();
      ugig.log.reset();
      gateway.entityFetches.clear();
      queries.length = 0;
    }

    describe('the supergraph', () => {
      it('composes: Task joins CoinPay and uGig fields', () => {
        expect(gateway.supergraphSdl).toContain('join__graph(name: "agentstack"');
        expect(gateway.supergraphSdl).toMatch(/type PaymentIntent[^{]*\{[^}]*amount: Float!/);
      });

      it('joins CoinPay onto a task: task → paymentIntent { amount }', async () => {
        const result = await data<{ task: { title: string; paymentIntent: { amount: number; currency: string }; escrow: { released: boolean } } }, object>(
          gateway.url,
          `query ($id: ID!) { task(id: $id) { title paymentIntent { id amount currency } escrow { amount released } } }`,
          { id: taskIds[0] },
          AS_OWNER,
        );
        expect(result.task).toEqual({
          title: 'Delivery 0',
          paymentIntent: { id: 'pi_0', amount: 10, currency: 'USD' },
          escrow: { amount: 10, released: false },
        });
      });

      it('joins AgentStack onto a gig: gig → task { status assignee { name } }', async () => {
        const result = await data<unknown, object>(
          gateway.url,
          `{ gig(id: "gig_1") { title budget task { id status published gig { title } assignee { name } } } }`,
          {},
          AS_OWNER,
        );
        expect(result).toEqual({
          gig: {
            title: 'Deliver parcel',
            budget: 25,
            task: { id: gigTaskId, status: 'QUEUED', published: true, gig: { title: 'Deliver parcel' }, assignee: { name: 'Courier' } },
          },
        });
      });

      it('fetches the payment intents of 50 tasks from CoinPay in one _entities call', async () => {
        resetCounters();
        const result = await data<{ tasks: { edges: { node: { id: string; paymentIntent: { amount: number } } }[] } }, object>(
          gateway.url,
          `{ tasks(first: 50, filter: { sourceApp: "coinpay" }) { edges { node { id paymentIntent { amount } } } } }`,
          {},
          AS_OWNER,
        );
        const amounts = new Map(result.tasks.edges.map((edge) => [edge.node.id, edge.node.paymentIntent.amount]));
        expect(taskIds.map((id) => amounts.get(id))).toEqual(taskIds.map((_id, i) => 10 + i));
        expect(coinpay.log.entityCalls).toHaveLength(1);
        expect(coinpay.log.entityCalls[0]!.typenames).toEqual(Array(TASKS).fill('PaymentIntent'));
        expect(coinpay.log.operations).toBe(1);
      });

      it('resolves the tasks of 50 payment intents with one _entities call here and one SQL query', async () => {
        resetCounters();
        const result = await data<{ paymentIntents: { id: string; task: { id: string; title: string; status: string } }[] }, object>(
          gateway.url,
          `{ paymentIntents { id task { id title status } } }`,
          {},
          AS_OWNER,
        );
        expect(result.paymentIntents.map((payment) => payment.task.id)).toEqual(taskIds);
        expect(gateway.entityFetches.get('agentstack')).toBe(1);
        expect(queries).toHaveLength(1);
      });

      it('adds one more SQL query, not fifty, when the 50 tasks also resolve their assignee', async () => {
        resetCounters();
        const result = await data<{ paymentIntents: { task: { assignee: { name: string } } }[] }, object>(
          gateway.url,
          `{ paymentIntents { task { status assignee { name } } } }`,
          {},
          AS_OWNER,
        );
        expect(result.paymentIntents.every((payment) => payment.task.assignee.name === 'Courier')).toBe(true);
        expect(gateway.entityFetches.get('agentstack')).toBe(1);
        expect(queries).toHaveLength(2); // tasks by id, then agents by DID
      });
    });
  });
}
