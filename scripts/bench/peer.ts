/**
 * The optional peer column (`--peer postgraphile`): PostGraphile 5 started with the shared script
 * (../shared/peers/postgraphile/run.sh) over the bench's schema, after AgentStack migrated and
 * seeded it, and the statements it sends per call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PRODUCTION_ENV } from './production-runtime.js';

export const PEERS = ['postgraphile'] as const;
export type PeerName = (typeof PEERS)[number];

const RUN_SH = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/peers/postgraphile/run.sh');

/** The same fields as TASK_QUERY, under PostGraphile's names (`rowId` is the `id` column). */
const FIELDS = 'rowId ownerDid assigneeDid sourceApp title description status paymentIntentId escrowId reputationEventId metadata published publishedAt gigId version createdAt updatedAt';
export const PEER_TASK_QUERY = `query BenchTask($id: String!) { taskByRowId(rowId: $id) { ${FIELDS} } }`;
/** Same order as AgentStack's `tasks` (creation, then id; both have the index). */
export const PEER_TASKS_QUERY = `query BenchTasks($owner: String!) {
  allTasks(condition: { ownerDid: $owner }, first: 50, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } }
}`;

export interface Peer {
  url: string;
  /** Its shell wrapper's pid (the server is a descendant: cpu.ts sums the tree). */
  pid: number;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * Starts the peer; resolves once it prints that it is ready. `pgOptions` are session settings for
 * every connection it opens (libpq `options`), e.g. `-c log_statement=all` for the counting run.
 */
export async function startPeer(databaseUrl: string, schema: string, log: (line: string) => void, pgOptions?: string): Promise<Peer> {
  if (!existsSync(RUN_SH)) throw new Error(`--peer postgraphile: ${RUN_SH} not found`);
  const port = await freePort();
  const url = new URL(databaseUrl);
  if (pgOptions) url.searchParams.set('options', pgOptions);
  const child: ChildProcess = spawn(RUN_SH, [String(port), url.toString(), schema], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...PRODUCTION_ENV } });
  let output = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`PostGraphile peer not ready after 600 s: ${output.slice(-500)}`)), 600_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('peer ready at')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`PostGraphile peer exited (${code}) before it was ready: ${output.slice(-500)}`));
    });
  });
  log(`PostGraphile peer ready on port ${port} (pid ${child.pid})`);
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Statements per call of the peer, counted from PostgreSQL's own log: a second peer whose
 * connections log every statement (`log_statement=all`, a session setting of its connections
 * only, with an application_name of its own), `calls` sequential calls, then the log lines of
 * its backends (by pid, from log_line_prefix's `[%p]`). Null when the log is not readable here.
 */
export async function countPeerStatements(
  databaseUrl: string,
  schema: string,
  log: (line: string) => void,
  operations: { name: string; call: (url: string) => Promise<void> }[],
  calls = 50,
): Promise<Map<string, number> | null> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  let peer: Peer | null = null;
  try {
    const prefix = String((await admin.query('SHOW log_line_prefix')).rows[0]?.log_line_prefix ?? '');
    const file = '/var/log/postgresql/postgresql-15-main.log';
    const logFile = (await admin.query('SELECT pg_current_logfile() AS f')).rows[0]?.f as string | null;
    const path = logFile ? resolve(String((await admin.query('SHOW data_directory')).rows[0]?.data_directory), logFile) : file;
    if (!prefix.includes('%p') || !existsSync(path)) {
      log(`peer statements not counted: no readable server log with the backend pid (${path}, prefix ${JSON.stringify(prefix)})`);
      return null;
    }
    const app = `agentstack-bench-peer-count-${process.pid}`;
    peer = await startPeer(databaseUrl, schema, log, `-c log_statement=all -c application_name=${app}`);
    const counts = new Map<string, number>();
    for (const op of operations) {
      await op.call(peer.url); // the pool's connections exist, the plan is cached
      const pids = new Set(
        (await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app])).rows.map((r: { pid: number }) => String(r.pid)),
      );
      const start = statSync(path).size;
      for (let i = 0; i < calls; i++) await op.call(peer.url);
      await new Promise((done) => setTimeout(done, 300)); // the logger writes asynchronously
      for (const r of (await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app])).rows) pids.add(String(r.pid));
      const text = readFrom(path, start);
      let statements = 0;
      for (const line of text.split('\n')) {
        const pid = /\[(\d+)\]/.exec(line)?.[1];
        if (pid && pids.has(pid) && /LOG:\s+(statement|execute [^:]*):/.test(line)) statements++;
      }
      counts.set(op.name, statements / calls);
    }
    return counts;
  } catch (error) {
    log(`peer statements not counted: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    await peer?.close();
    await admin.end();
  }
}

function readFrom(path: string, start: number): string {
  const size = statSync(path).size;
  const buffer = Buffer.alloc(Math.max(0, size - start));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}
