/**
 * Operations that would exhaust the process are refused before anything runs: no resolver, no
 * SQL, over HTTP and graphql-ws alike, with QUERY_TOO_COMPLEX (HTTP 400), while /health keeps
 * answering and the database stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsOn } from '../helpers/targets.js';
import { Collector, connect } from '../subscriptions/helpers/ws-client.js';
import { errorCodes, execute } from '../server/helpers/client.js';
import { healthDuring, median, snapshotOf, startHostileServer, type HostileServer } from './harness.js';

const OWNER = 'did:coinpay:user:hostile-owner';
const AGENT = 'did:coinpay:agent:hostile-agent';

/** task → assignee → tasks(first: 2) → edges → node → assignee → …: the work doubles with each level. */
function nested(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `assignee { tasks(first: 2) { edges { node { id ${inner} } } } }`;
  return `query { task(id: "t") { ${inner} } }`;
}

const ATTACKS: [string, () => string, RegExp][] = [
  ['a query nested 30 levels deep (1.7 KB)', () => nested(30), /depth/i],
  ['a query nested 16 levels deep', () => nested(16), /depth/i],
  // Past the token limit before anything else is counted.
  ['1,000 aliases of tasks(first: 500) (78 KB)', () => `{ ${Array.from({ length: 1_000 }, (_, i) => `a${i}: tasks(first: 500) { edges { node { id title } } }`).join(' ')} }`, /tokens/i],
  ['40 aliases of tasks(first: 500)', () => `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: tasks(first: 500) { edges { node { id } } }`).join(' ')} }`, /aliases/i],
  [
    "a page of pages: tasks(first: 500) of each task assignee's tasks(first: 500)",
    () => `{ tasks(first: 500) { edges { node { assignee { tasks(first: 500) { edges { node { id title description } } } } } } } }`,
    /cost/i,
  ],
  ['6,000 tokens', () => `{ agent(did: "did:coinpay:agent:x") { ${Array.from({ length: 6_000 }, () => 'did').join(' ')} } }`, /tokens/i],
  ['40 directives', () => `{ ${Array.from({ length: 40 }, () => '__typename @include(if: true)').join(' ')} }`, /directive/i],
];

describe.runIf(runsOn('embedded'))('operation limits (embedded database, production mode)', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer('embedded');
    await server.agentStack.registerAgent({ did: AGENT, name: 'Agent', sourceApp: 'hostile' }, { actorDid: AGENT });
    for (let i = 0; i < 3; i++) {
      await server.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'hostile', title: `t${i}`, assigneeDid: AGENT }, { actorDid: OWNER });
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(ATTACKS)('refuses %s over HTTP: QUERY_TOO_COMPLEX, 400, no SQL, /health answers, nothing changes', async (_name, query, says) => {
    const headers = await server.as(OWNER);
    const before = await snapshotOf(server);
    server.resetStatements();
    const { result, healthMs, stalledMs } = await healthDuring(server, () => execute(server.url, query(), {}, headers));
    // Every limit it breaks is named (40 aliases are also 40 root fields), all QUERY_TOO_COMPLEX.
    expect(new Set(errorCodes(result))).toEqual(new Set(['QUERY_TOO_COMPLEX']));
    expect(result.errors!.some((error) => says.test(error.message))).toBe(true);
    expect(result.status).toBe(400);
    expect(server.statements).toEqual([]);
    expect(median(healthMs)).toBeLessThan(stalledMs);
    expect(await snapshotOf(server)).toEqual(before);
  });

  it('refuses the same over graphql-ws (a single-result operation), and the connection lives on', async () => {
    const client = connect(server.wsUrl, { authorization: (await server.as(OWNER)).authorization });
    try {
      for (const [, query] of ATTACKS) {
        const refused = new Collector(client, query());
        await refused.waitForEnd();
        const errors = refused.error as { extensions?: { code?: string } }[];
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((error) => error.extensions?.code === 'QUERY_TOO_COMPLEX')).toBe(true);
      }
      const fine = new Collector<{ __typename: string }>(client, '{ __typename }');
      await fine.waitForResults(1);
      expect(fine.data).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });

  it('over graphql-ws, a document seen before is still judged by its variables, and a refused one is refused every time', async () => {
    // The server keeps one parsed, validated document per text (src/server/subscriptions/document-cache.ts):
    // the cost depends on the variables, so it must still be checked on every operation.
    const client = connect(server.wsUrl, { authorization: (await server.as(OWNER)).authorization });
    const pages = `query Pages($outer: Int!, $inner: Int!) { tasks(first: $outer) { edges { node { assignee { tasks(first: $inner) { edges { node { id title description } } } } } } } }`;
    try {
      for (const [variables, refused] of [
        [{ outer: 2, inner: 2 }, false],
        [{ outer: 500, inner: 500 }, true],
        [{ outer: 2, inner: 2 }, false],
        [{ outer: 500, inner: 500 }, true],
      ] as const) {
        const run = new Collector(client, pages, variables);
        await run.waitForEnd();
        if (refused) expect((run.error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
        else expect(run.results[0]?.errors).toBeUndefined();
      }
      for (let i = 0; i < 2; i++) {
        const invalid = new Collector(client, '{ tsk(id: "x") { id } }');
        await invalid.waitForEnd();
        expect((invalid.error as { message?: string }[])[0]?.message).toBe('Cannot query field "tsk" on type "Query".');
        // The code HTTP answers with, for a client that branches on codes.
        expect((invalid.error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
      const unparsable = new Collector(client, '{ task(id: "x") { id ');
      await unparsable.waitForEnd();
      expect((unparsable.error as { message?: string; extensions?: { code?: string } }[])[0]).toMatchObject({
        message: expect.stringMatching(/^Syntax Error/),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
    } finally {
      await client.dispose();
    }
  });

  it('lets ordinary operations through: a page of 500 with the assignee, the documented queries', async () => {
    const headers = await server.as(OWNER);
    const page = await execute<{ tasks: { edges: unknown[] } }, object>(
      server.url,
      `{ tasks(first: 500, filter: { ownerDid: "${OWNER}" }) { edges { node { id title status assignee { did name } } } pageInfo { hasNextPage endCursor } } }`,
      {},
      headers,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data?.tasks.edges).toHaveLength(3);
  });

  it('prices the same document anew for variables that change its cost (the estimate is remembered per document and variables)', async () => {
    const headers = await server.as(OWNER);
    const query = `query Pages($n: Int, $m: Int) { tasks(first: $n) { edges { node { assignee { tasks(first: $m) { edges { node { id title description } } } } } } } }`;
    const run = (variables: Record<string, unknown>) => execute(server.url, query, variables, headers);
    expect((await run({ n: 2, m: 2 })).errors).toBeUndefined();
    // A variables object whose keys spell another's key is not taken for it.
    expect((await run({ n: 2, 'm":2,': 0 })).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const refused = await run({ n: 500, m: 500 });
      expect(errorCodes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(refused.status).toBe(400);
    }
    // m absent: the default page (50) of each of 500 tasks, 4 fields each, is above the limit.
    expect(errorCodes(await run({ n: 500 }))).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await run({ n: 2, m: 2 })).errors).toBeUndefined();
  });

  it('hides field suggestions in production (they would spell out the schema)', async () => {
    const result = await execute(server.url, '{ tsk(id: "x") { id } }', {}, await server.as(OWNER));
    expect(result.errors?.[0]?.message).toBe('Cannot query field "tsk" on type "Query".');
    expect(JSON.stringify(result)).not.toMatch(/Did you mean|stacktrace/);
  });
});
