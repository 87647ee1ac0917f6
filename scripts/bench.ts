/**
 * `npm run bench`: figures, not a test. Measures AgentStack (AgentStack over the
 * PostgreSQL store) against raw `pg` doing the same statements on the same tables (the lower
 * bound), and the HTTP GraphQL endpoint, sequentially and with N calls in flight; prints a
 * table (or, with --json, JSON on stdout) with p50/p95/p99 latency, ops/s, statements per
 * call, the overhead over the lower bound, and memory.
 *
 * Target: DATABASE_URL (loopback only), else the embedded database in memory (then without
 * the raw baseline: see scripts/bench/raw.ts). Everything lives in a dedicated schema,
 * `bench_<pid>`, dropped at the end, also after a failure, a signal or the watchdog.
 * `npm run bench -- --help` lists the options.
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { AgentStack, type TaskStatus } from '../src/core/index.js';
import { openDatabase, type Database } from '../src/store/index.js';
import { tablesIn, type Tables } from '../src/store/tables.js';
import {
  graphql,
  startServer,
  startServerProcess,
  TASK_ENTITIES_QUERY,
  TASK_ENTITY_FIELDS,
  TASK_QUERY,
  TASKS_QUERY,
  UPDATE_STATUS_MUTATION,
  type BenchServer,
} from './bench/http.js';
import { startHttpFloor, type HttpFloor } from './bench/http-floor.js';
import { countPeerStatements, PEER_TASK_QUERY, PEER_TASKS_QUERY, startPeer, type Peer } from './bench/peer.js';
import { measureWriters, PEER_UPDATE_MUTATION, WRITERS } from './bench/writes.js';
import { compare, type Contender, type Operation } from './bench/measure.js';
import { CPU_ACCOUNTING, sampleCpu, type CpuSample, type CpuSources } from './bench/cpu.js';
import { FANOUT_SHAPES, formatFanout, runFanout, type FanoutResult } from './bench/fanout.js';
import { formatMemory, MEMORY_SHAPES, runMemory, type MemoryResult } from './bench/memory.js';
import { isLoopbackUrl, parseOptions, redactUrl, USAGE, type BenchOptions } from './bench/options.js';
import { RawPostgres } from './bench/raw.js';
import { formatStartup, runStartupBench, type StartupReport } from './bench/startup.js';
import {
  formatTable,
  memorySnapshot,
  overheads,
  type BenchReport,
  type Layer,
  type MemorySnapshot,
  type Mode,
  type ResultRow,
} from './bench/report.js';

const AGENT_A = 'did:coinpay:agent:bench-a';
const AGENT_B = 'did:coinpay:agent:bench-b';
const WRITER = 'did:coinpay:user:bench-writer';
const GRANT_OWNER = 'did:coinpay:user:bench-grantor';
const TASKS_PER_OWNER = 100;
const PAGE = 50;
/** `_entities`: this many Task representations per call, all of one owner (who may read them all). */
const ENTITIES = 1_000;
const ENTITY_OWNER = 'did:coinpay:user:bench-entity-owner';
const ENTITIES_OPERATION = `_entities(Task × ${ENTITIES})`;

const log = (message: string): void => void process.stderr.write(`${message}\n`);

// ---- options and target ---------------------------------------------------------------

let options: BenchOptions;
try {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  options = parsed;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}

const databaseUrl = options.embedded ? null : process.env.DATABASE_URL?.trim() || null;
if (databaseUrl && !isLoopbackUrl(databaseUrl)) {
  console.error(`DATABASE_URL ${redactUrl(databaseUrl)} is not on this machine: the benchmark uses loopback only.`);
  process.exit(2);
}
const schema = `bench_${process.pid}`;

// ---- stopping: signals, watchdog, cleanup ---------------------------------------------

let stopReason: string | null = null;
const stopped = (): boolean => stopReason !== null;
const cleanups: { name: string; run: () => Promise<void> }[] = [];

/** Runs the cleanups, newest first, once; each failure is reported and the rest still run. */
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      try {
        await step.run();
      } catch (error) {
        log(`cleanup: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })());
}

/** Stops the measurements; if the orderly shutdown hangs, drops the schema and exits anyway. */
function abort(reason: string): void {
  if (stopReason !== null) return;
  stopReason = reason;
  log(`stopping: ${reason}`);
  setTimeout(() => {
    log('orderly shutdown is taking too long: dropping the schema and exiting');
    const drop = databaseUrl ? dropSchema(databaseUrl).catch((error) => log(`drop failed: ${String(error)}`)) : Promise.resolve();
    void drop.finally(() => process.exit(1));
  }, 20_000).unref();
}

process.on('SIGINT', () => abort('SIGINT'));
process.on('SIGTERM', () => abort('SIGTERM'));

async function dropSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 20_000 });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '10s'`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    log(`dropped schema ${schema}`);
  } finally {
    await client.end();
  }
}

// ---- the cases ------------------------------------------------------------------------

interface Case {
  operation: string;
  /** Each returns the operation to time, after its own (untimed) setup. */
  agentstack: (() => Promise<Operation>) | null;
  raw: ((raw: RawPostgres) => Promise<Operation>) | null;
  http: ((url: string) => Promise<Operation>) | null;
  /** The same read from the peer (`--peer`), over HTTP with the same fetch loop. */
  peer?: (url: string) => Promise<Operation>;
  /** The same request to the HTTP floor (http-floor.ts): the transport alone. */
  floor?: (url: string) => Promise<Operation>;
}

function cases(agentStack: AgentStack, seed: { tasks: number; owners: number }, concurrency: number): Case[] {
  // Every call is made as the caller the policy allows: the task's owner (seeded task i belongs to owner i % owners).
  const randomSeedTask = () => {
    const i = 1 + Math.floor(Math.random() * seed.tasks);
    return { id: seedTaskId(i), as: { actorDid: seedOwner(i % seed.owners) } };
  };
  const randomOwner = () => seedOwner(Math.floor(Math.random() * seed.owners));
  const asWriter = { actorDid: WRITER };

  /** One task per worker, so concurrent writers never race for a version. */
  const tasksIn = async (status: TaskStatus): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      const task = await agentStack.createTask({ ownerDid: WRITER, sourceApp: 'bench', title: `Worker task ${i}`, assigneeDid: AGENT_A }, asWriter);
      if (status === 'running') await agentStack.updateTaskStatus(task.id, 'running', {}, asWriter);
      ids.push(task.id);
    }
    return ids;
  };
  /** Re-assignment between two agents: queued → queued with the other assignee, a write every call. */
  const alternating = (ids: string[], assign: (id: string, agent: string) => Promise<unknown>): Operation => {
    const current = ids.map(() => AGENT_A);
    return async (worker) => {
      const next = current[worker] === AGENT_A ? AGENT_B : AGENT_A;
      await assign(ids[worker]!, next);
      current[worker] = next;
    };
  };
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`unexpected answer: ${what}`);
  };

  return [
    {
      operation: 'createTask',
      agentstack: async () => () => agentStack.createTask({ ownerDid: WRITER, sourceApp: 'bench', title: 'Bench task' }, asWriter),
      raw: async (raw) => () => raw.createTask(WRITER, 'bench', 'Bench task'),
      http: async (url) => async () => {
        const data = await graphql<{ createTask: { id: string } }>(url, CREATE_TASK_MUTATION, { input: { ownerDid: WRITER, sourceApp: 'bench', title: 'Bench task' } }, WRITER);
        expect(typeof data.createTask.id === 'string', 'createTask id');
      },
      peer: async (url) => async () => {
        const at = new Date().toISOString();
        const task = { rowId: `task_${randomUUID()}`, ownerDid: WRITER, sourceApp: 'bench', title: 'Bench task', status: 'pending', metadata: {}, version: 1, createdAt: at, updatedAt: at };
        const data = await graphql<{ createTask: { task: unknown } | null }>(url, PEER_CREATE_MUTATION, { task }, null);
        expect(data.createTask?.task != null, 'createTask null');
      },
    },
    {
      operation: 'updateTaskStatus',
      agentstack: async () => {
        const ids = await tasksIn('running');
        return (worker) => agentStack.updateTaskStatus(ids[worker]!, 'running', {}, asWriter);
      },
      raw: async (raw) => {
        const ids = await tasksIn('running');
        return (worker) => raw.updateTaskStatus(ids[worker]!, 'running');
      },
      http: async (url) => {
        const ids = await tasksIn('running');
        return (worker) => graphql(url, UPDATE_STATUS_MUTATION, { id: ids[worker]! }, WRITER);
      },
      peer: async (url) => {
        const ids = await tasksIn('running');
        return async (worker) => {
          const data = await graphql<{ updateTaskByRowId: { task: unknown } | null }>(url, PEER_UPDATE_MUTATION, { id: ids[worker]! }, null);
          expect(data.updateTaskByRowId?.task != null, 'updateTaskByRowId null');
        };
      },
    },
    {
      // The floor of a state change: one UPDATE of one column in autocommit, what the peer sends.
      operation: 'plain UPDATE (floor)',
      agentstack: null,
      raw: async (raw) => {
        const ids = await tasksIn('running');
        return (worker) => raw.plainUpdate(ids[worker]!, 'running');
      },
      http: null,
    },
    {
      operation: 'assignTask',
      agentstack: async () => alternating(await tasksIn('queued'), (id, agent) => agentStack.assignTask(id, agent, asWriter)),
      raw: async (raw) => alternating(await tasksIn('queued'), (id, agent) => raw.assignTask(id, agent)),
      http: async (url) => alternating(await tasksIn('queued'), (id, agent) => graphql(url, ASSIGN_TASK_MUTATION, { id, agent }, WRITER)),
      peer: async (url) =>
        alternating(await tasksIn('queued'), async (id, agent) => {
          const data = await graphql<{ updateTaskByRowId: { task: unknown } | null }>(url, PEER_ASSIGN_MUTATION, { id, agent }, null);
          expect(data.updateTaskByRowId?.task != null, 'updateTaskByRowId null');
        }),
    },
    {
      operation: 'getTask',
      agentstack: async () => async () => {
        const { id, as } = randomSeedTask();
        expect((await agentStack.getTask(id, as)) !== null, 'getTask null');
      },
      raw: async (raw) => async () => expect((await raw.getTask(randomSeedTask().id)) !== null, 'getTask null'),
      http: async (url) => async () => {
        const { id, as } = randomSeedTask();
        const data = await graphql<{ task: unknown }>(url, TASK_QUERY, { id }, as.actorDid);
        expect(data.task !== null, 'task(id) null');
      },
      peer: async (url) => async () => {
        const data = await graphql<{ taskByRowId: unknown }>(url, PEER_TASK_QUERY, { id: randomSeedTask().id }, null);
        expect(data.taskByRowId !== null, 'taskByRowId null');
      },
    },
    {
      operation: 'listTasks(owner, 50)',
      agentstack: async () => async () => {
        const owner = randomOwner();
        const page = await agentStack.listTasks({ ownerDid: owner }, { first: PAGE }, { actorDid: owner });
        expect(page.items.length === PAGE && page.hasNextPage, 'listTasks page');
      },
      raw: async (raw) => async () => {
        const page = await raw.listTasks(randomOwner(), PAGE);
        expect(page.items.length === PAGE && page.hasNextPage, 'listTasks page');
      },
      http: async (url) => async () => {
        const owner = randomOwner();
        const data = await graphql<{ tasks: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(url, TASKS_QUERY, { owner }, owner);
        expect(data.tasks.edges.length === PAGE && data.tasks.pageInfo.hasNextPage, 'tasks page');
      },
      peer: async (url) => async () => {
        const data = await graphql<{ allTasks: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(url, PEER_TASKS_QUERY, { owner: randomOwner() }, null);
        expect(data.allTasks.nodes.length === PAGE && data.allTasks.pageInfo.hasNextPage, 'allTasks page');
      },
    },
    {
      // A router resolving references: 1,000 tasks by id, three fields each, in one call.
      operation: ENTITIES_OPERATION,
      agentstack: async () => async () =>
        expect((await agentStack.getTaskFields(entityIds, TASK_ENTITY_FIELDS, { actorDid: ENTITY_OWNER })).every((task) => task !== null), 'getTaskFields null'),
      raw: async (raw) => async () => expect((await raw.getTaskFields(entityIds, TASK_ENTITY_FIELDS)).length === ENTITIES, 'raw entities'),
      http: async (url) => async () => {
        const data = await graphql<{ _entities: ({ id: string } | null)[] }>(url, TASK_ENTITIES_QUERY, { representations: entityRepresentations }, ENTITY_OWNER);
        expect(data._entities.length === ENTITIES && data._entities.every((task) => task !== null), '_entities null');
      },
      floor: async (url) => async () => {
        const data = await graphql<{ _entities: ({ id: string } | null)[] }>(url, TASK_ENTITIES_QUERY, { representations: entityRepresentations }, ENTITY_OWNER);
        expect(data._entities.length === ENTITIES, 'floor _entities');
      },
    },
    {
      operation: 'hasDelegation',
      agentstack: async () => async () =>
        expect(await agentStack.hasDelegation(GRANT_OWNER, AGENT_A, 'tasks:create', null, { actorDid: GRANT_OWNER }), 'hasDelegation false'),
      raw: async (raw) => async () => expect(await raw.hasDelegation(GRANT_OWNER, AGENT_A, 'tasks:create'), 'hasDelegation false'),
      http: async (url) => async () => {
        const data = await graphql<{ hasDelegation: boolean }>(url, HAS_DELEGATION_QUERY, { owner: GRANT_OWNER, agent: AGENT_A }, GRANT_OWNER);
        expect(data.hasDelegation, 'hasDelegation false');
      },
    },
  ];
}

const seedTaskId = (i: number) => `task_seed_${String(i).padStart(7, '0')}`;
const entityIds = Array.from({ length: ENTITIES }, (_, i) => `task_entity_${String(i + 1).padStart(7, '0')}`);
const entityRepresentations = entityIds.map((id) => ({ __typename: 'Task', id }));
const seedOwner = (k: number) => `did:coinpay:user:bench-owner-${k}`;

/** How the raw baseline's connections name themselves (CPU accounting finds its backends so). */
const RAW_APPLICATION = `agentstack-bench-raw-${process.pid}`;

// The operations over HTTP that only this file sends (http.ts holds the shared ones).
const CREATE_TASK_MUTATION = `mutation BenchCreate($input: CreateTaskInput!) { createTask(input: $input) { id status version createdAt } }`;
const ASSIGN_TASK_MUTATION = `mutation BenchAssign($id: ID!, $agent: ID!) { assignTask(taskId: $id, agentDid: $agent) { id status assigneeDid version } }`;
const HAS_DELEGATION_QUERY = `query BenchHasDelegation($owner: ID!, $agent: ID!) { hasDelegation(ownerDid: $owner, agentDid: $agent, scope: "tasks:create") }`;
/** PostGraphile's create: one INSERT of the row as given (no rules, no event, no idempotency). */
const PEER_CREATE_MUTATION = `mutation BenchCreate($task: TaskInput!) { createTask(input: { task: $task }) { task { rowId status version createdAt } } }`;
/** PostGraphile's assign: one UPDATE of two columns (no lifecycle, no event). */
const PEER_ASSIGN_MUTATION = `mutation BenchAssign($id: String!, $agent: String!) {
  updateTaskByRowId(input: { rowId: $id, taskPatch: { assigneeDid: $agent, status: "queued" } }) { task { rowId status assigneeDid version } }
}`;

// ---- setup ----------------------------------------------------------------------------

/** Bulk rows for the reads, in one statement without parameters (simple protocol: safe on the embedded database too). */
async function seed(admin: pg.Client, tables: Tables, tasks: number): Promise<{ tasks: number; owners: number }> {
  const owners = Math.max(1, Math.floor(tasks / TASKS_PER_OWNER));
  await admin.query(
    `INSERT INTO ${tables.tasks.name} (${tables.tasks.without('idempotencyKey', 'idempotencyFingerprint').list})
     SELECT 'task_seed_' || lpad(i::text, 7, '0'),
            'did:coinpay:user:bench-owner-' || (i % ${owners}),
            CASE WHEN i % 2 = 0 THEN '${AGENT_A}' END,
            'bench', 'Seeded task ' || i, 'A task seeded for the benchmark',
            CASE WHEN i % 2 = 0 THEN 'queued' ELSE 'pending' END,
            CASE WHEN i % 3 = 0 THEN 'pi_' || i END, NULL, NULL,
            jsonb_build_object('seed', true, 'n', i), false, NULL, NULL, 1,
            timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
            timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
       FROM generate_series(1, ${tasks}) AS i`,
  );
  // The `_entities` tasks: one owner's, so one caller may read every one of them.
  await admin.query(
    `INSERT INTO ${tables.tasks.name} (${tables.tasks.without('idempotencyKey', 'idempotencyFingerprint').list})
     SELECT 'task_entity_' || lpad(i::text, 7, '0'), '${ENTITY_OWNER}', NULL, 'bench', 'Entity task ' || i, 'A task a router resolves by reference',
            'pending', NULL, NULL, NULL, jsonb_build_object('n', i), false, NULL, NULL, 1,
            timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second', timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
       FROM generate_series(1, ${ENTITIES}) AS i`,
  );
  for (const table of [tables.tasks, tables.agents, tables.grants, tables.events]) await admin.query(`ANALYZE ${table.name}`);
  return { tasks, owners };
}

async function setupAgentStackData(agentStack: AgentStack): Promise<void> {
  await agentStack.registerAgent({ did: AGENT_A, name: 'Bench agent A', sourceApp: 'bench', supportedProtocols: ['a2a'] }, { actorDid: AGENT_A });
  await agentStack.registerAgent({ did: AGENT_B, name: 'Bench agent B', sourceApp: 'bench' }, { actorDid: AGENT_B });
  const asOwner = { actorDid: GRANT_OWNER };
  // hasDelegation reads all three and decides in the core: one narrow, one broad with expiry, one revoked.
  await agentStack.delegate({ ownerDid: GRANT_OWNER, agentDid: AGENT_A, scopes: ['tasks:read'] }, asOwner);
  await agentStack.delegate({ ownerDid: GRANT_OWNER, agentDid: AGENT_A, scopes: ['tasks:*'], expiresAt: new Date(Date.now() + 86_400_000) }, asOwner);
  const revoked = await agentStack.delegate({ ownerDid: GRANT_OWNER, agentDid: AGENT_A, scopes: ['*'] }, asOwner);
  await agentStack.revokeDelegation(revoked.id, asOwner);
}

// ---- main -----------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = performance.now();
  const snapshots: MemorySnapshot[] = [memorySnapshot('start')];
  const notes: string[] = [];
  let checksFailed = false;
  const kind = databaseUrl ? 'postgres' : 'embedded';
  const modes: Mode[] = ['sequential', 'concurrent'];
  const selected = (operation: string) => options.only === null || options.only.some((prefix) => operation.startsWith(prefix));
  const allOperations = ['createTask', 'updateTaskStatus', 'assignTask', 'getTask', 'listTasks(owner, 50)', ENTITIES_OPERATION, 'hasDelegation'];
  const httpOperations = allOperations;
  const peerOperations = ['createTask', 'updateTaskStatus', 'assignTask', 'getTask', 'listTasks(owner, 50)'];
  const floorOperations = ['plain UPDATE (floor)'];
  const usePeer = options.peer !== null && options.http && kind === 'postgres';
  const measurements =
    (allOperations.filter(selected).length * (kind === 'postgres' ? 2 : 1) +
      (kind === 'postgres' ? floorOperations.filter(selected).length : 0) +
      (options.http ? httpOperations.filter(selected).length : 0) +
      (usePeer ? peerOperations.filter(selected).length : 0) +
      // The writers' row: 4–5 contenders, one mode.
      (selected('writes') && kind === 'postgres' && options.http ? 3 : 0)) *
    modes.length;
  // Fan-out and idle memory (scripts/bench/fanout.ts, memory.ts): replicas and subscribers in processes of their own, real PostgreSQL only.
  const runsFanout = kind === 'postgres' && selected('fanout');
  const runsMemory = kind === 'postgres' && selected('memory');
  const plannedSeconds = (measurements * (options.warmupMs + options.durationMs)) / 1000 + (runsFanout ? 150 : 0) + (runsMemory ? 60 : 0);
  const hardLimitSeconds = Math.max(60, Math.ceil(plannedSeconds * 2 + 30)) + (usePeer ? 600 : 0) + (selected('startup') ? 240 : 0);
  setTimeout(() => abort(`watchdog: still running after ${hardLimitSeconds} s`), hardLimitSeconds * 1000).unref();
  log(
    `AgentStack benchmark on ${kind === 'postgres' ? `PostgreSQL ${redactUrl(databaseUrl!)}` : 'the embedded database (in memory)'}, ` +
      `schema ${schema}: ${measurements} measurements, ~${Math.round(plannedSeconds)} s (watchdog ${hardLimitSeconds} s)`,
  );

  // Start-up first (child processes of their own), while nothing else runs in this one.
  const startup: StartupReport | null = selected('startup')
    ? await runStartupBench({ databaseUrl, restarts: options.quick ? 2 : 3, log, stopped })
    : null;
  if (startup && options.only !== null && options.only.every((prefix) => 'startup'.startsWith(prefix))) {
    await write(options.json ? `${JSON.stringify({ date: new Date().toISOString(), node: process.versions.node, cpus: cpus().length, startup }, null, 2)}\n` : `${formatStartup(startup)}\n`);
    return startup.ok && !stopped() ? 0 : 1;
  }

  // The drop is registered before the schema exists, so a failed open still removes it.
  if (databaseUrl) cleanups.push({ name: `drop schema ${schema}`, run: () => dropSchema(databaseUrl) });
  let storeStatements = 0;
  const storeApplication = `agentstack-bench-store-${process.pid}`;
  /** The peer's connections (its pg options set it), for the CPU accounting. */
  const PEER_APPLICATION = `agentstack-bench-peer-${process.pid}`;
  const db: Database = await openDatabase({
    databaseUrl,
    dataDir: 'memory://',
    schema,
    applicationName: storeApplication,
    onQuery: () => void storeStatements++,
  });
  cleanups.push({ name: 'close database', run: () => db.close() });
  const tables = tablesIn(schema);

  const admin = new pg.Client({ connectionString: db.connectionString });
  await admin.connect();
  let serverVersion: string;
  let seeded: { tasks: number; owners: number };
  try {
    serverVersion = String((await admin.query('SHOW server_version')).rows[0]?.server_version ?? '?');
    seeded = await seed(admin, tables, options.seedTasks);
  } finally {
    await admin.end();
  }
  const agentStack = new AgentStack({ store: db.store });
  await setupAgentStackData(agentStack);

  let raw: RawPostgres | null = null;
  if (databaseUrl) {
    // The store's pool size on a real server (DEFAULT_POOL_SIZE.postgres in src/store/config.ts).
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: RAW_APPLICATION });
    cleanups.push({ name: 'close raw pool', run: () => pool.end() });
    raw = new RawPostgres(pool, tables);
    // The mirror must read what the store reads (task 6: assignee and payment intent set).
    const id = seedTaskId(6);
    const [viaStore, viaRaw] = [await agentStack.getTask(id, { actorDid: seedOwner(6 % seeded.owners) }), await raw.getTask(id)];
    if (JSON.stringify(viaStore) !== JSON.stringify(viaRaw)) {
      checksFailed = true;
      notes.push(`CHECK FAILED: raw getTask differs from the store's: ${JSON.stringify(viaRaw)} vs ${JSON.stringify(viaStore)}`);
    }
    if (!(await raw.hasDelegation(GRANT_OWNER, AGENT_A, 'tasks:create'))) {
      checksFailed = true;
      notes.push('CHECK FAILED: raw hasDelegation answered false where AgentStack answers true');
    }
  } else {
    notes.push(
      'raw pg baseline skipped on the embedded database: its socket server interleaves the extended-protocol messages ' +
        'of different connections (src/store/README.md, Traps); set DATABASE_URL to a real PostgreSQL for the baseline.',
    );
  }

  // CPU per call by side (cpu.ts): read from /proc, the backends found by application_name.
  let cpuOf: (sources: CpuSources) => (() => Promise<CpuSample>) | undefined = () => undefined;
  if (databaseUrl && CPU_ACCOUNTING) {
    const cpuAdmin = new pg.Pool({ connectionString: databaseUrl, max: 1, application_name: `agentstack-bench-cpu-${process.pid}` });
    cleanups.push({ name: 'close CPU accounting pool', run: () => cpuAdmin.end() });
    cpuOf = (sources) => () => sampleCpu(sources, cpuAdmin);
  }

  let server: BenchServer | null = null;
  let serverStatements: () => number | Promise<number> = () => storeStatements;
  // In process, the server's CPU is this process's (the client column) and its backends the store's.
  let serverCpu: CpuSources = { applicationName: storeApplication };
  if (options.http && usePeer) {
    // Like the peer: in a process of its own, so the fetch client shares no event loop with either.
    const child = await startServerProcess(databaseUrl!, schema);
    serverStatements = () => child.statements();
    serverCpu = { serverPid: child.pid, applicationName: child.applicationName };
    server = child;
    const listening = server;
    cleanups.unshift({ name: 'stop the HTTP server process', run: () => listening.close() });
  } else if (options.http) {
    server = await startServer(agentStack, db);
    const listening = server;
    cleanups.push({ name: 'close HTTP server', run: () => listening.close() });
  }
  let peer: Peer | null = null;
  if (options.peer !== null && !usePeer) {
    notes.push(`--peer ${options.peer} skipped: it needs a real PostgreSQL (DATABASE_URL) and the HTTP rows.`);
  } else if (usePeer) {
    // After AgentStack migrated and seeded the schema: the peer reads the tables as they are.
    log('starting the PostGraphile peer (its first run installs ~500 MB into a temporary folder)');
    peer = await startPeer(databaseUrl!, schema, log, `-c application_name=${PEER_APPLICATION}`);
    const started = peer;
    cleanups.unshift({ name: 'stop PostGraphile peer', run: () => started.close() });
  }
  // The HTTP floor of `_entities` (http-floor.ts), answering AgentStack's own answer to the same request.
  let floor: HttpFloor | null = null;
  if (server && usePeer && selected(ENTITIES_OPERATION)) {
    const data = await graphql(server.url, TASK_ENTITIES_QUERY, { representations: entityRepresentations }, ENTITY_OWNER);
    floor = await startHttpFloor(`${JSON.stringify({ data })}\n`);
    const started = floor;
    cleanups.unshift({ name: 'stop the HTTP floor', run: () => started.close() });
  }
  snapshots.push(memorySnapshot('after setup'));
  log(`setup done in ${((performance.now() - started) / 1000).toFixed(1)} s (${seeded.tasks} seeded tasks, ${seeded.owners} owners)`);

  const results: ResultRow[] = [];
  try {
    for (const c of cases(agentStack, seeded, options.concurrency).filter((c) => selected(c.operation))) {
      const contenders: (Contender & { layer: Layer })[] = [];
      if (c.agentstack) {
        const cpu = cpuOf({ applicationName: storeApplication });
        contenders.push({ layer: 'agentstack', name: 'agentstack', operation: await c.agentstack(), statements: () => storeStatements, ...(cpu ? { cpu } : {}) });
      }
      if (raw && c.raw) {
        const counted = raw;
        const cpu = cpuOf({ applicationName: RAW_APPLICATION });
        contenders.push({ layer: 'raw-pg', name: 'raw-pg', operation: await c.raw(raw), statements: () => counted.statements, ...(cpu ? { cpu } : {}) });
      }
      if (server && c.http) {
        const cpu = cpuOf(serverCpu);
        contenders.push({ layer: 'http', name: 'http', operation: await c.http(server.url), statements: serverStatements, ...(cpu ? { cpu } : {}) });
      }
      if (floor && c.floor) {
        const cpu = cpuOf({ serverPid: floor.pid });
        contenders.push({ layer: 'floor', name: 'floor', operation: await c.floor(floor.url), statements: () => 0, ...(cpu ? { cpu } : {}) });
      }
      if (peer && c.peer) {
        // Its statements are counted apart (below): PostgreSQL's log, not a hook of ours.
        const cpu = cpuOf({ serverPid: peer.pid, applicationName: PEER_APPLICATION });
        contenders.push({ layer: 'peer', name: 'peer', operation: await c.peer(peer.url), statements: () => 0, ...(cpu ? { cpu } : {}) });
      }
      for (const mode of modes) {
        if (stopped()) throw new Error(stopReason!);
        const concurrency = mode === 'sequential' ? 1 : options.concurrency;
        const measured = await compare(contenders, {
          concurrency,
          warmupMs: options.warmupMs,
          durationMs: options.durationMs,
          rounds: options.rounds,
          stopped,
        });
        if (stopped()) throw new Error(stopReason!);
        for (const [i, m] of measured.entries()) {
          const layer = contenders[i]!.layer;
          results.push({ operation: c.operation, layer, mode, concurrency, ...m });
          log(
            `  ${c.operation.padEnd(22)} ${(mode === 'sequential' ? 'seq' : `c=${concurrency}`).padEnd(5)} ${layer.padEnd(10)} ` +
              (m.error ? `FAILED: ${m.error}` : `${m.opsPerSec.toFixed(0).padStart(6)} ops/s  p50 ${m.latencyMs.p50.toFixed(2)} ms`),
          );
        }
      }
    }
    // Many writers over 2 replicas (real PostgreSQL, HTTP and raw pg needed): events/s.
    if (selected('writes') && raw && databaseUrl && options.http) {
      const rows = await measureWriters({
        agentStack,
        raw,
        databaseUrl,
        schema,
        peerUrl: peer?.url ?? null,
        writer: WRITER,
        assignee: AGENT_A,
        measure: { warmupMs: options.warmupMs, durationMs: options.durationMs, rounds: options.rounds, stopped },
        log,
      });
      results.push(...rows);
      for (const row of rows) log(`  ${row.operation} ${row.layer}: ${row.error ? `FAILED: ${row.error}` : `${row.opsPerSec.toFixed(0)} ops/s, p50 ${row.latencyMs.p50.toFixed(2)} ms`}`);
    }
  } catch (error) {
    // Stopped by a signal or the watchdog: report what was measured so far.
    if (!stopped()) throw error;
    notes.unshift(`STOPPED EARLY (${stopReason}): the rows above are the measurements that completed.`);
  }
  const fanout: FanoutResult[] = [];
  const idleMemory: MemoryResult[] = [];
  for (const shape of runsFanout ? FANOUT_SHAPES : []) if (!stopped()) fanout.push(await runFanout(databaseUrl!, schema, WRITER, shape, log));
  for (const shape of runsMemory ? MEMORY_SHAPES : []) if (!stopped()) idleMemory.push(await runMemory(databaseUrl!, schema, WRITER, shape, log));
  if (kind !== 'postgres' && (selected('fanout') || selected('memory')) && options.only !== null) {
    notes.push('fan-out and idle memory skipped: they need a real PostgreSQL (DATABASE_URL): 2 replicas, NOTIFY.');
  }
  if (peer) {
    await peer.close();
    // Counted by a second, short-lived peer whose connections log every statement (not the measured one).
    const peerCases = cases(agentStack, seeded, options.concurrency).filter((c) => c.peer && selected(c.operation) && results.some((r) => r.operation === c.operation && r.layer === 'peer'));
    const counts = await countPeerStatements(
      databaseUrl!,
      schema,
      log,
      peerCases.map((c) => ({ name: c.operation, call: async (url: string) => void (await (await c.peer!(url))(0)) })),
    );
    for (const row of results) if (row.layer === 'peer') row.statementsPerOp = counts?.get(row.operation) ?? null;
    notes.push(
      'PostGraphile: ../shared/peers/postgraphile/run.sh (PostGraphile 5, Node 22) on the same schema after AgentStack migrated and seeded it; ' +
        'no credentials (it serves its tables to anyone; AgentStack verifies a bearer token and the policy on every call); same fetch loop, ' +
        'rounds alternating with AgentStack\'s HTTP rows. taskByRowId(rowId:) and allTasks(condition: { ownerDid }, first: 50, ' +
        'orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) with the same 17 fields. Its stmts/op: counted from the server log of a second peer ' +
        'run whose connections set log_statement=all (50 sequential calls each); AgentStack\'s: the store\'s onQuery hook' +
        (counts ? '.' : ' (the log was not readable: not counted).'),
    );
  }
  snapshots.push(memorySnapshot('after measurements'));
  const gc = exposeGc();
  if (gc) {
    gc();
    snapshots.push(memorySnapshot('after measurements+gc'));
  }

  notes.push(
    'createTask: no assignee, no idempotency key. updateTaskStatus: a running task patched with the same status ' +
      '(the conditional UPDATE and its event in one statement, on the state the last write left: src/core/recent-states.ts). assignTask: a queued task re-assigned between two agents, so every call writes. ' +
      'Concurrent runs give each worker its own task: no version conflicts or retries are measured.',
  );
  notes.push(
    (raw
      ? 'raw pg sends the store\'s statements (same tables, same commit statement, same event payload, the same recall of the last written state) through pg as named ' +
        'prepared statements, as the store does on real PostgreSQL outside transactions (its transactions still go through MikroORM/knex). ' +
        'plain UPDATE (floor): one UPDATE of the status column in autocommit, no version, no rules, no event (what PostGraphile sends). '
      : '') + 'stmts/op counts every statement sent (a write: one commit statement, after a read of the task when its state is not recalled or the write missed; AgentStack\'s also ' +
        'count the NOTIFY a replica sends after its writes while some replica listens (off the request path, one at a time: one per write ' +
        'when writes come one by one, fewer under load); no replica listens in these rows (no subscription, no webhook), so none is sent (wake-presence.ts).',
  );
  if (floor) {
    notes.push(
      `HTTP floor (${ENTITIES_OPERATION}): a server of a few lines (scripts/bench/http-floor-child.ts, its own process) that reads ` +
        'and parses each request\'s JSON and answers AgentStack\'s own answer to it, prepared once (the same bytes); same fetch loop, ' +
        'alternating. What HTTP, both JSON codecs and the client cost without any database or execution: no server answers this request below it.',
    );
  }
  if (options.http) {
    notes.push(
      'HTTP GraphQL: POST /graphql on 127.0.0.1 (fetch, keep-alive); getTask = `task(id)` with every scalar field, ' +
        'updateTaskStatus = the mutation (status RUNNING on a running task); ' +
        `${ENTITIES_OPERATION} = what a router sends to resolve ${ENTITIES} Task references (\`_entities\` with \`... on Task { id title status }\`, ` +
        'one owner\'s tasks, as that owner), against raw pg reading those three columns by id in one statement (AgentStack, as `_entities` does: ' +
        'those columns and the 4 its read policy looks at, and the policy applied to each task). No graphql-ws attached. The client (fetch) ' +
        (usePeer
          ? 'runs in this process; the server in a process of its own (scripts/bench/server-child.ts, like the peer), '
          : 'and the server share this process and its event loop') +
        (raw ? (usePeer ? 'and PostgreSQL shares the machine\'s cores.' : ', and PostgreSQL shares the machine\'s cores.') : ' (with PGlite too).'),
    );
  }

  const report: BenchReport & { fanout?: FanoutResult[]; idleMemory?: MemoryResult[] } = {
    date: new Date().toISOString(),
    machine: {
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? '?',
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    },
    database: {
      kind,
      source: databaseUrl ? 'from DATABASE_URL' : options.embedded ? 'forced by --embedded' : 'DATABASE_URL unset',
      url: databaseUrl ? redactUrl(databaseUrl) : 'memory://',
      serverVersion,
      schema,
    },
    settings: {
      quick: options.quick,
      concurrency: options.concurrency,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      rounds: options.rounds,
      seedTasks: seeded.tasks,
      http: options.http,
      peer: peer ? options.peer : null,
    },
    results,
    overheads: overheads(results, [
      ...allOperations.map((operation) => ({
        operation,
        layer: 'agentstack' as const,
        baseline: { layer: 'raw-pg' as const, operation },
      })),
      // _entities over HTTP against raw pg reading the columns asked (target: ≤ ×2); the rest against AgentStack in process.
      ...httpOperations.map((operation) => ({
        operation,
        layer: 'http' as const,
        baseline: { layer: operation === ENTITIES_OPERATION && raw ? ('raw-pg' as const) : ('agentstack' as const), operation },
      })),
      ...peerOperations.map((operation) => ({
        operation,
        layer: 'peer' as const,
        baseline: { layer: 'http' as const, operation },
      })),
      { operation: `writes ×${WRITERS} (2 replicas)`, layer: 'peer' as const, baseline: { layer: 'http' as const, operation: `writes ×${WRITERS} (2 replicas)` } },
      { operation: `writes ×${WRITERS} (2 replicas)`, layer: 'http' as const, baseline: { layer: 'raw-pg' as const, operation: `writes ×${WRITERS} (2 replicas)` } },
      { operation: `writes ×${WRITERS}, global lock`, layer: 'raw-pg' as const, baseline: { layer: 'raw-pg' as const, operation: `writes ×${WRITERS} (2 replicas)` } },
      // The transport alone against raw pg: how far below it `_entities` over HTTP can go.
      { operation: ENTITIES_OPERATION, layer: 'floor' as const, baseline: { layer: 'raw-pg' as const, operation: ENTITIES_OPERATION } },
      // A state change over HTTP against the floor: one plain UPDATE sent by raw pg.
      { operation: 'updateTaskStatus', layer: 'http' as const, baseline: { layer: 'raw-pg' as const, operation: 'plain UPDATE (floor)' } },
    ]),
    memory: { snapshots, maxRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10 },
    notes,
    totalSeconds: 0,
    ok:
      !stopped() &&
      !checksFailed &&
      results.every((row) => row.error === null) &&
      fanout.every((r) => r.error === null && r.exactlyOnce) &&
      idleMemory.every((r) => r.error === null),
    ...(fanout.length > 0 ? { fanout } : {}),
    ...(idleMemory.length > 0 ? { idleMemory } : {}),
  };
  await cleanup();
  report.totalSeconds = (performance.now() - started) / 1000;
  if (startup) report.ok &&= startup.ok;
  const sections = [
    ...(fanout.length > 0 ? ['', ...formatFanout(fanout)] : []),
    ...(idleMemory.length > 0 ? ['', ...formatMemory(idleMemory)] : []),
    ...(startup ? ['', formatStartup(startup)] : []),
  ];
  await write(options.json ? `${JSON.stringify(startup ? { ...report, startup } : report, null, 2)}
` : `${formatTable(report)}
${sections.map((line) => `${line}
`).join('')}`);
  if (stopReason === 'SIGINT' || stopReason === 'SIGTERM') return 130;
  return report.ok ? 0 : 1;
}

/** V8's gc(), for a post-collection memory figure (what stays reachable); null if unavailable. */
function exposeGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

function write(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

main()
  .catch(async (error: unknown) => {
    log(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if ((error as { code?: string } | null)?.code === 'ECONNREFUSED' && databaseUrl) {
      log('Is PostgreSQL running? On this machine: pg_ctlcluster --skip-systemctl-redirect 15 main start');
    }
    return 1;
  })
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  });
