import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClaimTaskDocument,
  CreateTaskDocument,
  AgentStackEventsDocument,
  PublishTaskDocument,
  RegisterAgentDocument,
  TaskDocument,
  TasksDocument,
  UpdateTaskStatusDocument,
} from '../../src/client/generated/graphql.js';
import { as, data, errorCodes, execute } from './helpers/client.js';
import { databaseTargets } from '../helpers/databases.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const OWNER = 'did:coinpay:user:market-owner';
const CLAIMANTS = Array.from({ length: 10 }, (_v, i) => `did:coinpay:agent:claimant-${i}`);
// The owner creates, publishes and cancels its tasks; each agent registers and claims for itself.
const AS_OWNER = as(OWNER);

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`publishing and claiming (${target.name})`, () => {
    let server: TestServer;
    let closeStore: () => Promise<void>;

    beforeAll(async () => {
      const opened = await target.open({ label: 'marketplace' });
      closeStore = opened.close;
      server = await startTestServer({ agentStack: opened.agentStack, database: opened.sql });
      for (const did of CLAIMANTS) {
        await data(server.url, RegisterAgentDocument, { input: { did, name: did.slice(-10), sourceApp: 'ugig' } }, as(did));
      }
    });
    afterAll(async () => {
      await server?.close();
      await closeStore?.();
    });

    async function newTask(title: string): Promise<string> {
      const { createTask } = await data(server.url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'ugig', title } }, AS_OWNER);
      return createTask.id;
    }

    it('publishes a pending task with its gig and lists it in the open marketplace', async () => {
      const id = await newTask('Open job');
      await newTask('Private job');
      const { publishTask } = await data(server.url, PublishTaskDocument, { taskId: id, gigId: 'gig_42' }, AS_OWNER);
      expect(publishTask).toMatchObject({ published: true, gigId: 'gig_42', gig: { id: 'gig_42' }, status: 'PENDING', version: 2 });
      expect(publishTask.publishedAt).not.toBeNull();
      // An agent browsing the open marketplace.
      const market = await data(server.url, TasksDocument, { filter: { published: true, status: 'PENDING' } }, as(CLAIMANTS[0]!));
      expect(market.tasks.edges.map((edge) => edge.node.id)).toEqual([id]);
    });

    it('lets exactly one of ten concurrent claims win; the others get CONFLICT', async () => {
      const id = await newTask('Contested job');
      await data(server.url, PublishTaskDocument, { taskId: id }, AS_OWNER);
      const results = await Promise.all(
        CLAIMANTS.map((agentDid) => execute(server.url, ClaimTaskDocument, { taskId: id, agentDid }, as(agentDid))),
      );
      const winners = results.filter((result) => result.data?.claimTask);
      const losers = results.filter((result) => !result.data?.claimTask);
      expect(winners).toHaveLength(1);
      expect(losers.map(errorCodes)).toEqual(losers.map(() => ['CONFLICT']));
      const winner = winners[0]!.data!.claimTask;
      expect(winner).toMatchObject({ status: 'QUEUED', version: 3 });
      const { task } = await data(server.url, TaskDocument, { id }, AS_OWNER);
      expect(task).toMatchObject({ status: 'QUEUED', assigneeDid: winner.assigneeDid, version: 3 });
      // One assignment event, by the winner.
      const history = await data(server.url, AgentStackEventsDocument, { filter: { taskId: id, types: ['TASK_ASSIGNED'] } }, AS_OWNER);
      expect(history.agentStackEvents.edges.map((edge) => edge.node.actorDid)).toEqual([winner.assigneeDid]);
    });

    it('refuses to claim an unpublished task and to publish a task that is no longer pending', async () => {
      const id = await newTask('Not yet public');
      const claim = await execute(server.url, ClaimTaskDocument, { taskId: id, agentDid: CLAIMANTS[0]! }, as(CLAIMANTS[0]!));
      expect(errorCodes(claim)).toEqual(['CONFLICT']);
      await data(server.url, UpdateTaskStatusDocument, { taskId: id, status: 'CANCELLED' }, AS_OWNER);
      const publish = await execute(server.url, PublishTaskDocument, { taskId: id }, AS_OWNER);
      expect(errorCodes(publish)).toEqual(['CONFLICT']);
    });
  });
}
