/**
 * A grant revoked through one replica stops working on every other at once: the policy reads
 * grants from the database on every call (no per-replica cache), so there is no window in which
 * replica B still honours what replica A revoked. Replica B runs in its own process on the same
 * PostgreSQL schema (test/subscriptions/fixtures/replica.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, uniqueSchema, releaseSchema, type OpenedDatabase } from '../helpers/databases.js';
import { POSTGRES_URL, runsOn } from '../helpers/targets.js';
import { startReplicaProcess, type ReplicaProcess } from '../subscriptions/helpers/replica-process.js';
import { errorCodes, execute } from '../server/helpers/client.js';

const OWNER = 'did:coinpay:user:revoker';
const AGENT = 'did:coinpay:agent:revoked-helper';

describe.runIf(runsOn('postgres'))('revocation across replicas (PostgreSQL)', () => {
  const schema = uniqueSchema('revocation');
  let a: OpenedDatabase;
  let b: ReplicaProcess;

  beforeAll(async () => {
    a = await openTarget('postgres', { schema });
    b = await startReplicaProcess(POSTGRES_URL!, schema);
  }, 90_000);
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await releaseSchema(schema);
  });

  /** One operation through replica B's HTTP API, as `did` (the development header). */
  const onB = <T>(did: string, query: string, variables: Record<string, unknown>) =>
    execute<T, Record<string, unknown>>(b.url, query, variables, { 'x-agentstack-did': did });

  it('a revocation through A is honoured by B on the very next call (reads and writes)', async () => {
    const stack = a.agentStack;
    await stack.registerAgent({ did: AGENT, name: 'Helper', sourceApp: 'test' }, { actorDid: AGENT });
    const task = await stack.createTask({ ownerDid: OWNER, sourceApp: 'test', title: 'secret' }, { actorDid: OWNER });
    const grant = await stack.delegate({ ownerDid: OWNER, agentDid: AGENT, scopes: ['tasks:read', 'tasks:create'] }, { actorDid: OWNER });

    const read = `query($id: ID!) { task(id: $id) { id } }`;
    const create = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
    const input = { input: { ownerDid: OWNER, sourceApp: 'test', title: 'by the helper' } };
    // Through B, the grant works (B has served this agent before the revocation: any cache would be warm).
    expect((await onB<{ task: { id: string } | null }>(AGENT, read, { id: task.id })).data?.task).toEqual({ id: task.id });
    expect((await onB(AGENT, create, input)).errors).toBeUndefined();

    await stack.revokeDelegation(grant.id, { actorDid: OWNER }); // through A

    expect((await onB<{ task: unknown }>(AGENT, read, { id: task.id })).data?.task).toBeNull();
    expect(errorCodes(await onB(AGENT, create, input))).toEqual(['FORBIDDEN']);
    expect((await onB<{ task: { id: string } | null }>(OWNER, read, { id: task.id })).data?.task).toEqual({ id: task.id });
  });
});
