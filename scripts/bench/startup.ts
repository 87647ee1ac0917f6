/**
 * The start-up rows of `npm run bench` (`--only startup` for these alone): `npm start` as a user runs
 * it (development settings, a real child process), timed from the spawn to the first 200 from
 * `/ready`, for three starts:
 *   - embedded, first start: a fresh data directory (every migration), from this machine's saved
 *     snapshot of a fresh cluster if there is one (src/store/pglite-template.ts; tests save it);
 *   - embedded, first, initdb: the same with no snapshot (an empty TMPDIR): initdb in WebAssembly;
 *   - embedded, restart: the same directory again (nothing to migrate);
 *   - PostgreSQL, restart: DATABASE_URL, in a database of its own (`agentstack_startup_<pid>`, created
 *     and migrated by an untimed first start, dropped at the end; the server has no schema setting).
 * Restarts alternate between the two kinds, so both see the same load. The phases come from the
 * server's own "ready at" line (src/server/serve.ts): what it did since its process started;
 * `outside` is the rest of the wall time (npm's own start, spawning node, the poll's granularity).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '../..');
/** One start, however slow the machine: then the run fails rather than wait forever. */
const START_TIMEOUT_MS = 60_000;
const POLL_MS = 10;
/** The phases the server reports, in order (src/server/serve.ts). */
export const PHASES = ['node', 'imports', 'database', 'orm', 'migrations', 'listening'] as const;

export interface StartupSample {
  /** Spawn → first 200 from /ready, wall time. */
  readyMs: number;
  /** The server's own phases (ms), and the time outside them. */
  phases: Record<string, number>;
  /** SIGTERM → exit. */
  stopMs: number;
}

export interface StartupRow {
  start: 'embedded, first start' | 'embedded, first, initdb' | 'embedded, restart' | 'postgres, restart';
  samples: StartupSample[];
  /** Medians over the samples. */
  readyMs: number;
  phases: Record<string, number>;
  error: string | null;
}

export interface StartupReport {
  rows: StartupRow[];
  restarts: number;
  notes: string[];
  ok: boolean;
}

export interface StartupOptions {
  /** A real server for the PostgreSQL row (loopback); null skips that row. */
  databaseUrl: string | null;
  restarts: number;
  log: (message: string) => void;
  stopped: () => boolean;
}

export async function runStartupBench(options: StartupOptions): Promise<StartupReport> {
  const { log } = options;
  const notes: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'agentstack-bench-startup-'));
  const database = options.databaseUrl ? `agentstack_startup_${process.pid}` : null;
  const rows = new Map<StartupRow['start'], StartupSample[]>();
  const errors = new Map<StartupRow['start'], string>();
  const record = async (start: StartupRow['start'], env: NodeJS.ProcessEnv, timed = true): Promise<void> => {
    if (options.stopped() || errors.has(start)) return;
    try {
      const sample = await startOnce(env);
      log(`  startup ${start.padEnd(24)} ${timed ? '' : '(untimed) '}/ready after ${sample.readyMs.toFixed(0)} ms (${describe(sample.phases)})`);
      if (timed) rows.set(start, [...(rows.get(start) ?? []), sample]);
    } catch (error) {
      errors.set(start, error instanceof Error ? error.message : String(error));
      log(`  startup ${start}: FAILED: ${errors.get(start)}`);
    }
  };
  const embeddedEnv = { AGENTSTACK_DATA_DIR: join(dataDir, 'data'), DATABASE_URL: undefined };
  mkdirSync(join(dataDir, 'tmp'));
  let postgresEnv: NodeJS.ProcessEnv | null = null;
  try {
    await record('embedded, first start', embeddedEnv);
    // The same with no saved snapshot of a fresh cluster (a machine where nothing ran yet): initdb.
    await record('embedded, first, initdb', { AGENTSTACK_DATA_DIR: join(dataDir, 'initdb'), DATABASE_URL: undefined, TMPDIR: join(dataDir, 'tmp') });
    if (options.databaseUrl && database) {
      await adminQuery(options.databaseUrl, `CREATE DATABASE "${database}"`);
      const url = new URL(options.databaseUrl);
      url.pathname = `/${database}`;
      postgresEnv = { DATABASE_URL: url.toString() };
      await record('postgres, restart', postgresEnv, false); // creates the tables: not a restart yet
    } else {
      notes.push('postgres, restart: skipped (DATABASE_URL unset).');
    }
    for (let i = 0; i < options.restarts; i++) {
      await record('embedded, restart', embeddedEnv);
      if (postgresEnv) await record('postgres, restart', postgresEnv);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (options.databaseUrl && database) {
      await adminQuery(options.databaseUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch((error: unknown) => log(`drop database ${database} failed: ${String(error)}`));
    }
  }
  const starts: StartupRow['start'][] = ['embedded, first start', 'embedded, first, initdb', 'embedded, restart', ...(postgresEnv ? (['postgres, restart'] as const) : [])];
  const result = starts.map((start): StartupRow => {
    const samples = rows.get(start) ?? [];
    const phases: Record<string, number> = {};
    for (const phase of [...PHASES, 'outside']) phases[phase] = median(samples.flatMap((s) => (s.phases[phase] === undefined ? [] : [s.phases[phase]!])));
    return { start, samples, readyMs: median(samples.map((s) => s.readyMs)), phases, error: errors.get(start) ?? (samples.length ? null : 'not measured') };
  });
  notes.push(
    'start-up: `npm start --silent` (development settings, LOG_LEVEL=info) as a child process, spawn → first 200 from GET /ready ' +
      `(polled every ${POLL_MS} ms); phases from the server's "ready at" line (since its process started); outside = npm, spawning node ` +
      'and the poll. First start: a fresh data directory (initdb: with an empty TMPDIR, so no saved cluster snapshot). Restarts alternate embedded / PostgreSQL; medians shown.',
  );
  return { rows: result, restarts: options.restarts, notes, ok: result.every((row) => row.error === null) };
}

/** One `npm start`: spawn, poll /ready until 200, read the phases, SIGTERM, wait for a clean exit. */
async function startOnce(settings: NodeJS.ProcessEnv): Promise<StartupSample> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'info', ...settings };
  for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) delete env[name];
  for (const [name, value] of Object.entries(settings)) if (value === undefined) delete env[name];
  const spawned = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('close', (code) => resolveExit(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    let readyMs: number | null = null;
    while (readyMs === null) {
      if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode} before /ready answered 200:\n${output.slice(-2_000)}`);
      if (performance.now() - spawned > START_TIMEOUT_MS) throw new Error(`/ready did not answer 200 within ${START_TIMEOUT_MS} ms:\n${output.slice(-2_000)}`);
      const status = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) readyMs = performance.now() - spawned;
      else await sleep(POLL_MS);
    }
    // The line is logged right after listening: give the pipe a moment to deliver it.
    for (let i = 0; i < 200 && !/after the process started \(/.test(output); i++) await sleep(POLL_MS);
    const phases = phasesFrom(output);
    phases.outside = Math.max(0, Math.round(readyMs - Object.values(phases).reduce((sum, ms) => sum + ms, 0)));
    const stopping = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`npm start exited with ${code} after SIGTERM:\n${output.slice(-2_000)}`);
    return { readyMs, phases, stopMs: performance.now() - stopping };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** "…, 1.23 s after the process started (node 0.08, imports 0.60, …)" → { node: 80, imports: 600, … }. */
function phasesFrom(output: string): Record<string, number> {
  const list = /after the process started \(([^)]*)\)/.exec(output)?.[1];
  if (!list) throw new Error(`no start-up phases in the server's output:\n${output.slice(-2_000)}`);
  const phases: Record<string, number> = {};
  for (const item of list.split(',')) {
    const [name, seconds] = item.trim().split(/\s+/);
    if (name && seconds) phases[name] = Math.round(Number(seconds) * 1000);
  }
  return phases;
}

function describe(phases: Record<string, number>): string {
  return Object.entries(phases)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The text table: one row per start, wall time to /ready and the phases (medians, seconds). */
export function formatStartup(report: StartupReport): string {
  const columns = ['outside', ...PHASES];
  const header = ['start', 'n', '→ /ready', ...columns].map((name, i) => (i === 0 ? name.padEnd(24) : name.padStart(10))).join(' ');
  const seconds = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '-').padStart(10);
  const lines = report.rows.map((row) =>
    row.error && row.samples.length === 0
      ? `${row.start.padEnd(24)} FAILED: ${row.error.split('\n')[0]}`
      : [row.start.padEnd(24), String(row.samples.length).padStart(10), seconds(row.readyMs), ...columns.map((phase) => seconds(row.phases[phase] ?? Number.NaN))].join(' '),
  );
  return ['Start-up (seconds, medians): npm start → first 200 from /ready, and the server\'s phases', header, ...lines, ...report.notes.map((note) => `  ${note}`)].join('\n');
}
