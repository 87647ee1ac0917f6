/**
 * The real HTTP server of AgentStack, in this process on 127.0.0.1 at a free port (as
 * src/server/main.ts wires it, minus graphql-ws subscriptions), and a small GraphQL client.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AgentStack } from '../../src/core/index.js';
import type { Database } from '../../src/store/index.js';
import { PRODUCTION_ENV, serverNodeFlags } from './production-runtime.js';

/** The server verifies HS256 tokens with this secret, as production would with AGENTSTACK_JWT_SECRET. */
// Shared with the server's own process (server-child.ts) through the environment.
process.env.BENCH_JWT_SECRET ??= randomBytes(32).toString('hex');
const SECRET = new TextEncoder().encode(process.env.BENCH_JWT_SECRET);
const tokens = new Map<string, Promise<string>>();

/** A token for `did`, made once per DID (verification, not signing, is the server's cost). */
function tokenFor(did: string): Promise<string> {
  let token = tokens.get(did);
  if (!token) {
    token = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(did).setExpirationTime('2h').sign(SECRET);
    tokens.set(did, token);
  }
  return token;
}

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(agentStack: AgentStack, database: Database): Promise<BenchServer> {
  // Imported here so `--no-http` runs never load Apollo and express.
  const { createAgentStackServer } = await import('../../src/server/app.js');
  const { IdentityResolver } = await import('../../src/server/identity.js');
  const identity = new IdentityResolver(
    { jwtSecret: new TextDecoder().decode(SECRET), jwksUrl: null, jwtIssuer: null, jwtAudience: null },
    database.apiKeys,
    { production: true },
  );
  const server = await createAgentStackServer({
    agentStack,
    database,
    identity,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'production' },
    logger: { info: () => {}, error: (message, error) => console.error(message, error ?? '') },
    // BENCH_DIRECT_LANE=0: every request through Apollo Server's pipeline (graphql-direct.ts), to measure the lane.
    directLane: process.env.BENCH_DIRECT_LANE !== '0',
  });
  const { url } = await server.listen();
  return { url, close: () => server.close() };
}

/** POSTs one operation as `did` (a bearer token); throws on an HTTP or GraphQL error. Keep-alive is fetch's default. */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown>, did: string | null): Promise<T> {
  // did null: no credentials (the peer, which serves its tables to anyone); the same loop otherwise.
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (did !== null) headers.authorization = `Bearer ${await tokenFor(did)}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || body.data === undefined) {
    throw new Error(`HTTP ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return body.data;
}

export const TASK_QUERY = `query BenchTask($id: ID!) {
  task(id: $id) { id ownerDid assigneeDid sourceApp title description status paymentIntentId escrowId reputationEventId metadata published publishedAt gigId version createdAt updatedAt }
}`;

/** A full page of the owner's tasks (every scalar field), as \`listTasks(owner, 50)\` reads it. */
export const TASKS_QUERY = `query BenchTasks($owner: ID!) {
  tasks(filter: { ownerDid: $owner }, first: 50) { edges { node { id ownerDid assigneeDid sourceApp title description status paymentIntentId escrowId reputationEventId metadata published publishedAt gigId version createdAt updatedAt } } pageInfo { hasNextPage endCursor } }
}`;

/** What a router sends to resolve N Task references: their representations, three fields each. */
export const TASK_ENTITIES_QUERY = `query BenchEntities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Task { id title status } }
}`;
/** The fields (store properties) TASK_ENTITIES_QUERY asks: what the raw baseline reads. */
export const TASK_ENTITY_FIELDS = ['id', 'title', 'status'] as const;

export const UPDATE_STATUS_MUTATION = `mutation BenchUpdate($id: ID!) {
  updateTaskStatus(taskId: $id, status: RUNNING) { id status version updatedAt }
}`;

export interface ChildServer extends BenchServer {
  /** SQL statements the child's store has sent so far (asked over IPC, between timed runs: no message per statement). */
  statements(): Promise<number>;
  /** Where its CPU is read (cpu.ts): the process, and the application_name of its pools' backends. */
  pid: number;
  applicationName: string;
}

/** The same server in a process of its own (server-child.ts) on the already seeded schema. */
export async function startServerProcess(databaseUrl: string, schema: string): Promise<ChildServer> {
  const { fork } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const applicationName = `agentstack-bench-http-${process.pid}`;
  const child = fork(fileURLToPath(new URL('./server-child.ts', import.meta.url)), [], {
    // BENCH_SERVER_CPU_PROF=<dir>: a V8 CPU profile of the server process (written when it stops).
    execArgv: ['--import', 'tsx', ...serverNodeFlags(), ...(process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [])],
    env: { ...process.env, ...PRODUCTION_ENV, BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema, BENCH_APPLICATION_NAME: applicationName },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const asked: ((statements: number) => void)[] = [];
  const url = await new Promise<string>((done, fail) => {
    child.on('message', (message: { url?: string; statements?: number }) => {
      if (message.statements !== undefined) asked.shift()?.(message.statements);
      if (message.url) done(message.url);
    });
    child.once('exit', (code) => fail(new Error(`the server process exited (${code}) before it listened`)));
  });
  return {
    url,
    pid: child.pid!,
    applicationName,
    statements: () =>
      new Promise<number>((done) => {
        asked.push(done);
        child.send({ statements: true });
      }),
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.disconnect();
      }),
  };
}
