/**
 * What a caller may not see is null (lookups), absent (lists, relation lists, `_entities`) or
 * never returned (the event history), on every HTTP path, on every target: the same policy
 * answers `task`, `tasks`, `Agent.tasks`, `User.tasks`, `_entities` and `events`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { errorCodes, execute } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const OWNER = 'did:coinpay:user:vis-owner';
const WORKER = 'did:coinpay:agent:vis-worker';
const READER = 'did:coinpay:agent:vis-reader'; // holds tasks:read from the owner
const STRANGER = 'did:coinpay:user:vis-stranger';

type Who = 'owner' | 'assignee' | 'granted reader' | 'stranger' | 'anonymous';
const CALLERS: Record<Who, string | null> = { owner: OWNER, assignee: WORKER, 'granted reader': READER, stranger: STRANGER, anonymous: null };
/** Who sees the private task (assigned, not published): all but the stranger and the anonymous caller. */
const SEES_PRIVATE: Record<Who, boolean> = { owner: true, assignee: true, 'granted reader': true, stranger: false, anonymous: false };

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`visibility over HTTP (${target.name})`, () => {
    let db: OpenedDatabase;
    let server: TestServer;
    let privateId: string;
    let openId: string;
    let grantId: string;

    beforeAll(async () => {
      db = await target.open({ label: 'visibility' });
      server = await startTestServer({ agentStack: db.agentStack, database: db.sql });
      const { agentStack } = db;
      const owner = { actorDid: OWNER };
      await agentStack.registerAgent({ did: WORKER, name: 'Worker', sourceApp: 'test' }, { actorDid: WORKER });
      await agentStack.registerAgent({ did: READER, name: 'Reader', sourceApp: 'test' }, { actorDid: READER });
      privateId = (await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'test', title: 'private', assigneeDid: WORKER }, owner)).id;
      const open = await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'test', title: 'open' }, owner);
      openId = (await agentStack.publishTask(open.id, null, owner)).id;
      grantId = (await agentStack.delegate({ ownerDid: OWNER, agentDid: READER, scopes: ['tasks:read'] }, owner)).id;
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    const ask = async <T>(who: Who, query: string, variables: Record<string, unknown> = {}) => {
      const did = CALLERS[who];
      return execute<T, Record<string, unknown>>(server.url, query, variables, did ? { 'x-agentstack-did': did } : {});
    };
    const callers = Object.keys(CALLERS) as Who[];

    it.each(callers)('task(id), tasks, User.tasks, Agent.tasks and _entities agree for the %s', async (who) => {
      const sees = SEES_PRIVATE[who];
      const one = await ask<{ task: { id: string } | null }>(who, `query($id: ID!) { task(id: $id) { id } }`, { id: privateId });
      expect(one.data?.task ?? null).toEqual(sees ? { id: privateId } : null);

      const list = await ask<{ tasks: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } } }>(
        who,
        `query($owner: ID!) { tasks(filter: { ownerDid: $owner }) { edges { node { id } } pageInfo { endCursor } } }`,
        { owner: OWNER },
      );
      const listed = list.data?.tasks.edges.map((edge) => edge.node.id) ?? [];
      // The published, pending task is the marketplace: every identified caller sees it. (Sorted:
      // both tasks may share a millisecond, and then their order is their random ids'.)
      expect([...listed].sort()).toEqual([...(sees ? [privateId] : []), ...(who === 'anonymous' ? [] : [openId])].sort());
      // A page that left things out still says where the next one starts.
      expect(list.data?.tasks.pageInfo.endCursor).not.toBeNull();

      const entities = await ask<{ _entities: ({ id?: string; tasks?: { edges: { node: { id: string } }[] } } | null)[] }>(
        who,
        `query($reps: [_Any!]!) { _entities(representations: $reps) {
          ... on Task { id }
          ... on User { tasks { edges { node { id } } } }
          ... on Agent { tasks { edges { node { id } } } } } }`,
        { reps: [{ __typename: 'Task', id: privateId }, { __typename: 'User', did: OWNER }, { __typename: 'Agent', did: WORKER }] },
      );
      const [task, user, agent] = entities.data?._entities ?? [];
      expect(task ?? null).toEqual(sees ? { id: privateId } : null);
      expect(user?.tasks?.edges.map((edge) => edge.node.id)).toEqual(listed); // the same order as tasks(filter)
      expect(agent?.tasks?.edges.map((edge) => edge.node.id)).toEqual(sees ? [privateId] : []);
    });

    it.each(callers)('the event history holds only what the %s may see', async (who) => {
      const page = await ask<{ agentStackEvents: { edges: { node: { type: string; task: { id: string } | null } }[] } }>(
        who,
        `query($filter: AgentStackEventFilter) { agentStackEvents(filter: $filter, first: 100) { edges { node { type task { id } } } } }`,
        { filter: { ownerDid: OWNER } },
      );
      const events = page.data?.agentStackEvents.edges.map((edge) => edge.node) ?? [];
      const taskIds = new Set(events.flatMap((event) => (event.task ? [event.task.id] : [])));
      expect(taskIds.has(privateId)).toBe(SEES_PRIVATE[who]);
      // The open task was private until it was published: only its publication is the marketplace's.
      expect(events.some((event) => event.type === 'TASK_UPDATED' && event.task?.id === openId)).toBe(who !== 'anonymous');
    });

    it('a grant is visible to its owner, its agent and its grantor only; hasDelegation answers only them', async () => {
      const query = `query($id: ID!) { delegation(id: $id) { id grantorDid } }`;
      for (const who of callers) {
        const seen = (await ask<{ delegation: { id: string } | null }>(who, query, { id: grantId })).data?.delegation ?? null;
        expect(seen !== null, who).toBe(who === 'owner' || who === 'granted reader');
      }
      const has = `query { hasDelegation(ownerDid: "${OWNER}", agentDid: "${READER}", scope: "tasks:read") }`;
      expect((await ask<{ hasDelegation: boolean }>('granted reader', has)).data).toEqual({ hasDelegation: true });
      expect(errorCodes(await ask('stranger', has))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await ask('anonymous', has))).toEqual(['UNAUTHENTICATED']);
    });
  });
}
