/**
 * Bad input is BAD_USER_INPUT and changes nothing: NUL characters and unpaired surrogates (which
 * PostgreSQL refuses), DIDs and ids beyond their length, representations without their key,
 * metadata nested too deep, a cursor ahead of the log. On the embedded database, through HTTP in
 * production mode, with /health answering throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsOn } from '../helpers/targets.js';
import { errorCodes, execute } from '../server/helpers/client.js';
import { healthDuring, median, snapshotOf, startHostileServer, type HostileServer } from './harness.js';

const OWNER = 'did:coinpay:user:input-owner';
const CREATE = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const task = (fields: Record<string, unknown>) => ({ input: { ownerDid: OWNER, sourceApp: 'hostile', title: 'ok', ...fields } });
const randomText = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
let deep: unknown = { leaf: true };
for (let i = 0; i < 40; i++) deep = { deep };

/** [what, query, variables, what the message must say] */
const PROBES: [string, string, Record<string, unknown>, RegExp][] = [
  ['NUL in a DID', CREATE, task({ ownerDid: 'did:coinpay:user:a\u0000b' }), /ownerDid/],
  ['NUL in task(id:)', `query($id: ID!) { task(id: $id) { id } }`, { id: 'task_\u0000' }, /NUL/],
  ['NUL in a filter string', `query($app: String) { tasks(filter: { sourceApp: $app }) { edges { node { id } } } }`, { app: 'x\u0000' }, /NUL/],
  ['an unpaired surrogate in a title', CREATE, task({ title: 'broken \ud800 title' }), /surrogate/],
  ['an unpaired surrogate in metadata', CREATE, task({ metadata: { note: '\udc00' } }), /surrogate/],
  ['an unpaired surrogate as a metadata key', CREATE, task({ metadata: { ['k\ud800']: 1 } }), /surrogate/],
  ['a random 3,000-character DID', CREATE, task({ ownerDid: `did:coinpay:user:${randomText(3_000)}` }), /at most 256/],
  ['a 200,000-character DID that compresses well', CREATE, task({ ownerDid: `did:coinpay:user:${'a'.repeat(200_000)}` }), /at most 256/],
  ['a 300-character task id', `query($id: ID!) { task(id: $id) { id } }`, { id: 'x'.repeat(300) }, /at most 128/],
  ['metadata nested 41 levels deep', CREATE, task({ metadata: deep }), /deeper than 32/],
  [
    '_entities with a representation lacking its key',
    `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Task { id } } }`,
    { reps: [{ __typename: 'Task' }] },
    /found by its id/,
  ],
  [
    '_entities with an unknown __typename',
    `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`,
    { reps: [{ __typename: 'Secret', id: 'x' }] },
    /not an entity/,
  ],
  [
    '_entities with a PaymentIntent (only CoinPay resolves it)',
    `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`,
    { reps: [{ __typename: 'PaymentIntent', id: 'pi_1' }] },
    /not an entity/,
  ],
  ['agentStackEvents(after:) ahead of the log', `query { agentStackEvents(after: "999999") { edges { cursor } } }`, {}, /ahead of the event log/],
];

describe.runIf(runsOn('embedded'))('hostile input (embedded database, production mode)', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer('embedded');
    await server.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'hostile', title: 'exists' }, { actorDid: OWNER });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(PROBES)('%s: BAD_USER_INPUT, nothing changes, /health answers', async (_name, query, variables, says) => {
    const headers = await server.as(OWNER);
    const before = await snapshotOf(server);
    const { result, healthMs, stalledMs } = await healthDuring(server, () => execute(server.url, query, variables, headers));
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toMatch(says);
    expect(median(healthMs)).toBeLessThan(stalledMs);
    expect(await snapshotOf(server)).toEqual(before);
    expect(server.loggedErrors).toEqual([]); // nothing reached the "unexpected error" path
  });
});
