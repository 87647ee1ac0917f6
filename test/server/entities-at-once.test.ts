import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTaskDocument } from '../../src/client/generated/graphql.js';
import { AgentStack, type Task } from '../../src/core/index.js';
import { ServiceUnavailableError } from '../../src/core/errors.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { as, data, execute } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/*
 * `_entities` with only Task representations is answered at once (src/graphql/entities.ts,
 * tasksAtOnce); with any other type among them, by @apollo/subgraph's resolver entity by entity.
 * The two must answer each Task alike: known, unknown, another owner's, the same one twice.
 */

const OWNER = 'did:coinpay:user:entities-owner';
const OTHER = 'did:coinpay:user:entities-other';
const QUERY = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Task { id title status } ... on User { did } } }`;

/** A store whose field reads fail as a database outage does. */
class FailingFieldReads extends MemoryStore {
  failing = false;
  override getTaskFields<K extends keyof Task>(ids: readonly string[], fields: readonly K[]) {
    if (this.failing) return Promise.reject(new ServiceUnavailableError('the database is restarting', 'none'));
    return super.getTaskFields(ids, fields);
  }
}

const store = new FailingFieldReads();
let server: TestServer;
let mine: string[];
let theirs: string;

beforeAll(async () => {
  server = await startTestServer({ agentStack: new AgentStack({ store }) });
  const create = async (owner: string, title: string) =>
    (await data(server.url, CreateTaskDocument, { input: { ownerDid: owner, sourceApp: 'app', title } }, as(owner))).createTask.id;
  mine = [await create(OWNER, 'first'), await create(OWNER, 'second')];
  theirs = await create(OTHER, 'not yours');
});
afterAll(() => server?.close());

describe('_entities with Task representations only', () => {
  it('answers each entry as the entity-by-entity resolver does: known, unknown, not visible, twice', async () => {
    const tasks = [mine[0]!, 'no-such-task', theirs, mine[1]!, mine[0]!].map((id) => ({ __typename: 'Task', id }));
    const atOnce = await execute(server.url, QUERY, { reps: tasks }, as(OWNER));
    // A User among them: @apollo/subgraph's resolver, each entity through its __resolveReference.
    const oneByOne = await execute(server.url, QUERY, { reps: [...tasks, { __typename: 'User', did: OWNER }] }, as(OWNER));
    expect(atOnce.errors).toBeUndefined();
    expect(oneByOne.errors).toBeUndefined();
    const answered = (atOnce.data as { _entities: unknown[] })._entities;
    expect(answered).toEqual((oneByOne.data as { _entities: unknown[] })._entities.slice(0, tasks.length));
    expect(answered).toEqual([
      { id: mine[0], title: 'first', status: 'PENDING' },
      null,
      null,
      { id: mine[1], title: 'second', status: 'PENDING' },
      { id: mine[0], title: 'first', status: 'PENDING' },
    ]);
  });

  it('a read that fails fails every entry at its own path (503, retryable), as the loader did', async () => {
    store.failing = true;
    try {
      const reps = mine.map((id) => ({ __typename: 'Task', id }));
      const atOnce = await execute(server.url, QUERY, { reps }, as(OWNER));
      const oneByOne = await execute(server.url, QUERY, { reps: [...reps, { __typename: 'User', did: OWNER }] }, as(OWNER));
      expect(atOnce.status).toBe(503);
      expect(atOnce.data).toEqual({ _entities: [null, null] });
      expect(atOnce.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
        [['_entities', 0], 'SERVICE_UNAVAILABLE'],
        [['_entities', 1], 'SERVICE_UNAVAILABLE'],
      ]);
      expect(oneByOne.errors?.map((error) => [error.path, error.extensions?.code])).toEqual(
        atOnce.errors?.map((error) => [error.path, error.extensions?.code]),
      );
    } finally {
      store.failing = false;
    }
  });
});
