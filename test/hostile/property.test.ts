/**
 * Property: whatever strings and JSON a client sends to any operation, the only outcomes are an
 * answer or a typed client error (BAD_USER_INPUT, NOT_FOUND, CONFLICT, FORBIDDEN,
 * UNAUTHENTICATED) — never an internal error. On the embedded database, so that what PostgreSQL
 * itself refuses (NUL, unpaired surrogates, oversized keys) would show; and once over HTTP.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAgentStackError, type AgentStack } from '../../src/core/index.js';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { execute } from '../server/helpers/client.js';
import { startHostileServer, type HostileServer } from './harness.js';

const CLIENT_ERRORS = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED']);
const OWNER = 'did:coinpay:user:prop-owner';
const AGENT = 'did:coinpay:agent:prop-agent';

/** Strings PostgreSQL refuses or that are too big: NUL and unpaired surrogates anywhere, huge runs. */
const nasty = fc.oneof(
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d', '\udfff'), fc.string({ maxLength: 8 })).map(
    ([before, bad, after]) => before + bad + after,
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 100, max: 5_000 }).map((n) => 'x'.repeat(n)),
);
/** Anything a client may send as a string: nasty text, near-DIDs, the real DIDs, empty ones. */
const text = fc.oneof(
  { arbitrary: nasty, weight: 3 },
  fc.string({ unit: 'binary', maxLength: 12 }).map((id) => `did:coinpay:user:${id}`),
  fc.string({ unit: 'binary', maxLength: 12 }).map((id) => `did:coinpay:agent:${id}`),
  nasty.map((id) => `did:coinpay:agent:${id}`),
  fc.constantFrom(OWNER, AGENT, 'task_missing', '', ' '),
  fc.integer({ min: 0, max: 3_000 }).map((n) => `did:coinpay:user:${'a'.repeat(n)}`),
);
const json = fc.jsonValue({ maxDepth: 4 });
/** Any value at all where a string is expected: the transports type-check, the core must not rely on it. */
const value = fc.oneof({ arbitrary: text, weight: 4 }, json, fc.constant(undefined), fc.constant(null));
/** Usually a good value, sometimes a hostile one: so that a call gets past one field's check to the next. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown> = value) => fc.oneof({ arbitrary: good, weight: 2 }, { arbitrary: bad, weight: 1 });
const word = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim() !== '');
const metadata = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nasty), fc.oneof(json, nasty), { maxKeys: 3 });

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    if (isAgentStackError(error) && CLIENT_ERRORS.has(error.code)) return error.code;
    throw error; // anything else fails the property, with the error shown
  }
}

describe.runIf(runsOn('embedded'))('any input to any operation: an answer or a typed client error', () => {
  let db: OpenedDatabase;
  let stack: AgentStack;
  let taskId: string;
  beforeAll(async () => {
    db = await openTarget('embedded');
    stack = db.agentStack;
    await stack.registerAgent({ did: AGENT, name: 'Agent', sourceApp: 'prop' }, { actorDid: AGENT });
    taskId = (await stack.createTask({ ownerDid: OWNER, sourceApp: 'prop', title: 'target' }, { actorDid: OWNER })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Each operation, with arbitrary arguments, as the owner (so the policy lets most through to the rules). */
  const OPERATIONS: [string, fc.Arbitrary<() => Promise<unknown>>][] = [
    ['registerAgent', fc.tuple(mostly(fc.constant(AGENT), text), mostly(word), mostly(word), mostly(fc.constant('https://a.example/in')), mostly(metadata)).map(([did, name, app, url, data]) => () =>
      stack.registerAgent({ did: did as string, name: name as string, sourceApp: app as string, inboxUrl: url as string, metadata: data as never }, { actorDid: typeof did === 'string' ? did : AGENT }))],
    ['createTask', fc.tuple(mostly(word), mostly(word), mostly(word), mostly(metadata), mostly(word)).map(([title, app, description, data, key]) => () =>
      stack.createTask({ ownerDid: OWNER, sourceApp: app as string, title: title as string, description: description as string, metadata: data as never, idempotencyKey: key as string }, { actorDid: OWNER }))],
    ['createTask (any owner and assignee)', fc.tuple(text, text).map(([owner, assignee]) => () =>
      stack.createTask({ ownerDid: owner, sourceApp: 'prop', title: 't', assigneeDid: assignee }, { actorDid: owner }))],
    ['getTask / getAgent / getDelegation', fc.tuple(text, text).map(([id, did]) => async () => {
      await stack.getTask(id, { actorDid: OWNER });
      await stack.getAgent(did, { actorDid: OWNER });
      await stack.getDelegation(id, { actorDid: OWNER });
    })],
    ['listTasks', fc.tuple(value, value, value, value).map(([owner, app, status, after]) => () =>
      stack.listTasks({ ownerDid: owner as string, sourceApp: app as string, status: status as never }, { first: 5, after: after as never }, { actorDid: OWNER }))],
    ['updateTaskStatus', fc.tuple(mostly(fc.constant('pending')), mostly(word), mostly(metadata)).map(([status, link, data]) => () =>
      stack.updateTaskStatus(taskId, status as never, { paymentIntentId: link as string, metadata: data as never }, { actorDid: OWNER }))],
    ['assignTask / claimTask / publishTask', fc.tuple(text, text, value).map(([id, agent, gig]) => async () => {
      await outcome(() => stack.assignTask(id, agent, { actorDid: OWNER }));
      await outcome(() => stack.publishTask(id, gig as string, { actorDid: OWNER }));
      await stack.claimTask(id, agent, { actorDid: agent });
    })],
    ['delegate / hasDelegation / revokeDelegation', fc.tuple(text, fc.array(value, { maxLength: 3 }), value, text).map(([agent, scopes, expiresAt, id]) => async () => {
      await outcome(() => stack.delegate({ ownerDid: OWNER, agentDid: agent, scopes: scopes as string[], expiresAt: expiresAt as string }, { actorDid: OWNER }));
      await outcome(() => stack.hasDelegation(OWNER, agent, scopes[0] as string, expiresAt as string, { actorDid: OWNER }));
      await stack.revokeDelegation(id, { actorDid: OWNER });
    })],
    ['listEvents', fc.tuple(value, value, value).map(([owner, types, after]) => () =>
      stack.listEvents({ ownerDid: owner as string, types: types as never }, { after: after as never, first: 3 }, { actorDid: OWNER }))],
    ['any caller', fc.tuple(value, value).map(([actor, app]) => () => stack.getTask(taskId, { actorDid: actor as string, actorApp: app as string }))],
  ];

  it.each(OPERATIONS)('%s', async (_name, call) => {
    await fc.assert(fc.asyncProperty(call, async (run) => void (await outcome(run))), { numRuns: 100 });
  });
});

describe.runIf(runsOn('memory'))('any variables over HTTP: a GraphQL answer, never a 5xx', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer('memory');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('createTask and task(id) with arbitrary variables', async () => {
    const headers = await server.as(OWNER);
    await fc.assert(
      fc.asyncProperty(fc.tuple(value, value, json, text), async ([title, app, metadata, id]) => {
        for (const [query, variables] of [
          [`mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`, { input: { ownerDid: OWNER, title, sourceApp: app, metadata } }],
          [`query($id: ID!) { task(id: $id) { id title } }`, { id }],
        ] as const) {
          const result = await execute(server.url, query, variables, headers);
          expect(result.status).toBeLessThan(500);
          for (const error of result.errors ?? []) {
            // Variables that do not fit the schema are the transport's own BAD_USER_INPUT.
            expect(['BAD_USER_INPUT', ...CLIENT_ERRORS]).toContain(error.extensions?.code);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
