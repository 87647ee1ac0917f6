/**
 * `_entities` reads only the task columns its selection needs plus those the policy judges
 * (task-fields.ts, Tasks.getFields): it must answer exactly what a whole-task read answers, for
 * every caller the policy tells apart, and the policy's columns must always be read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELEGATION_POLICY } from '../../src/core/policy.js';
import type { Task } from '../../src/core/index.js';
import { tablesIn } from '../../src/store/tables.js';
import { TASK_FIELD_READS } from '../../src/graphql/task-fields.js';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { as, data, execute } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const OWNER = 'did:coinpay:user:proj-owner';
const WORKER = 'did:coinpay:agent:proj-worker';
const READER = 'did:coinpay:agent:proj-reader'; // holds tasks:read from the owner
const CREATOR = 'did:coinpay:agent:proj-creator'; // holds tasks:create only: reads nothing private
const CLAIMER = 'did:coinpay:agent:proj-claimer';
const STRANGER = 'did:coinpay:user:proj-stranger';
const CALLERS = { owner: OWNER, worker: WORKER, reader: READER, creator: CREATOR, claimer: CLAIMER, stranger: STRANGER, anonymous: null };

/** Every field of Task, objects with a selection of their own: the whole-task reading. */
const ALL_FIELDS = Object.keys(TASK_FIELD_READS)
  .map((field) => ({ owner: 'owner { __typename ... on User { did } ... on Agent { did } }', assignee: 'assignee { did }' })[field] ?? (
    ['paymentIntent', 'escrow', 'reputationEvent', 'gig'].includes(field) ? `${field} { id }` : field))
  .join(' ');
const SOME_FIELDS = 'id title status';

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`_entities reads the columns it needs (${target.name})`, () => {
    let db: OpenedDatabase;
    let server: TestServer;
    const queries: string[] = [];
    const ids: string[] = [];

    beforeAll(async () => {
      db = await target.open({ label: 'projection', onQuery: (sql) => void queries.push(sql) });
      server = await startTestServer({ agentStack: db.agentStack, database: db.sql });
      const { agentStack } = db;
      const owner = { actorDid: OWNER };
      for (const did of [WORKER, READER, CREATOR, CLAIMER]) await agentStack.registerAgent({ did, name: did.slice(-6), sourceApp: 'test' }, { actorDid: did });
      await agentStack.delegate({ ownerDid: OWNER, agentDid: READER, scopes: ['tasks:read'] }, owner);
      await agentStack.delegate({ ownerDid: OWNER, agentDid: CREATOR, scopes: ['tasks:create'] }, owner);
      // Private and assigned; linked to everything; published and pending (the marketplace); published then claimed.
      ids.push((await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'test', title: 'private', assigneeDid: WORKER }, owner)).id);
      const linked = await agentStack.createTask(
        { ownerDid: OWNER, sourceApp: 'test', title: 'linked', description: 'd', paymentIntentId: 'pi_1', escrowId: 'es_1', reputationEventId: 're_1', metadata: { a: [1, 'x'] } },
        owner,
      );
      ids.push(linked.id);
      ids.push((await agentStack.publishTask((await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'test', title: 'open' }, owner)).id, 'gig_1', owner)).id);
      const claimed = await agentStack.publishTask((await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'test', title: 'claimed' }, owner)).id, null, owner);
      await agentStack.claimTask(claimed.id, CLAIMER, { actorDid: CLAIMER });
      ids.push(claimed.id);
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    const headers = (did: string | null) => (did ? as(did) : {});
    const entities = async (did: string | null, fields: string) => {
      const result = await execute<{ _entities: unknown[] }, object>(
        server.url,
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Task { ${fields} } } }`,
        { reps: [...ids, 'task_missing'].map((id) => ({ __typename: 'Task', id })) },
        headers(did),
      );
      expect(result.errors).toBeUndefined();
      return result.data!._entities;
    };
    /** The whole-task path: `task(id)` goes through the loader that reads every column. */
    const lookups = async (did: string | null, fields: string) =>
      Promise.all(
        [...ids, 'task_missing'].map(async (id) => {
          const answer = await data<{ task: unknown }, object>(server.url, `query($id: ID!) { task(id: $id) { ${fields} } }`, { id }, headers(did));
          return answer.task;
        }),
      );

    it.each(Object.entries(CALLERS))('answers the %s what whole-task reads answer, for some fields and for all', async (_who, did) => {
      for (const fields of [SOME_FIELDS, ALL_FIELDS]) {
        const projected = await entities(did, fields);
        expect(projected).toEqual(await lookups(did, fields));
      }
    });

    it('sees what each caller may see (the comparison above compares something)', async () => {
      const seen = async (did: string | null) => (await entities(did, 'id')).map((task) => task !== null);
      expect(await seen(OWNER)).toEqual([true, true, true, true, false]);
      expect(await seen(WORKER)).toEqual([true, false, true, false, false]);
      expect(await seen(CREATOR)).toEqual([false, false, true, false, false]);
      expect(await seen(CLAIMER)).toEqual([false, false, true, true, false]);
      expect(await seen(null)).toEqual([false, false, false, false, false]);
    });

    it.runIf(target.name !== 'memory')('reads the selected columns and the policy columns, in one statement', async () => {
      const columnsRead = async (fields: string) => {
        queries.length = 0;
        await entities(STRANGER, fields); // a stranger: the policy looks at every column it may need
        const taskReads = queries.filter((sql) => /from "?[\w"]*\.?"?tasks"?/i.test(sql));
        expect(taskReads).toHaveLength(1);
        return new Set(/select (.*) from/is.exec(taskReads[0]!)![1]!.split(',').map((column) => column.trim().replace(/^.*\./, '').replace(/"/g, '')));
      };
      const { tasks } = tablesIn(undefined);
      const fieldsOf = (properties: readonly (keyof Task)[]) => new Set(properties.map((property) => tasks.column(property).field));
      expect(await columnsRead(SOME_FIELDS)).toEqual(fieldsOf(['id', 'title', 'status', ...DELEGATION_POLICY.taskReadFields!]));
      expect(await columnsRead('__typename')).toEqual(fieldsOf(['id', ...DELEGATION_POLICY.taskReadFields!]));
      expect(await columnsRead(ALL_FIELDS)).toEqual(new Set(tasks.without('idempotencyKey', 'idempotencyFingerprint').columns.map((column) => column.field)));
    });
  });
}
