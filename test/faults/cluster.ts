/**
 * A throwaway PostgreSQL cluster for the fault suite: initdb into a fresh temporary directory, a
 * free loopback port, trust authentication, nothing shared with the machine's own cluster (port
 * 5432, which other suites use at the same time). The suite may stop, restart and sabotage it at
 * will; `destroy()` stops it and removes its directory.
 *
 * initdb and postgres refuse to run as root (CI runs the tests as root), so as root every binary
 * runs as the `postgres` OS user (`runuser -u postgres -- …`) and the directory is chowned to it.
 *
 * Never left running: `destroy()` in afterAll; on a normal exit of the test process an `exit`
 * hook sends the postmaster SIGQUIT (immediate shutdown); and a small guardian process (started
 * detached, one per cluster) stops the cluster and removes its directory as soon as the test
 * process is gone, however it went (SIGKILL included).
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Sabotage sessions name themselves so, and `terminateServerBackends` spares them. */
export const SABOTAGE_APPLICATION_NAME = 'agentstack-faults';
/** The database the server under test uses (initdb's `postgres` stays the maintenance database). */
export const DATABASE = 'agentstack';
/** The machine's shared cluster: never ours. */
const SHARED_PORT = 5432;
const PG_CTL_TIMEOUT_S = 30;

export interface PgCluster {
  readonly port: number;
  readonly dir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (default: the server's database). */
  url(database?: string): string;
  /** Starts the stopped cluster (waits until it accepts connections). */
  start(): Promise<void>;
  /** Fast shutdown (`pg_ctl stop -m fast`): sessions are terminated, then the server stops. */
  stop(): Promise<void>;
  /** `pg_ctl restart -m fast`: a fast shutdown and a start, as one step. */
  restart(): Promise<void>;
  readonly running: boolean;
  /** One statement on a fresh sabotage session (application_name `agentstack-faults`). */
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(query: string, params?: unknown[]): Promise<R[]>;
  /** A sabotage session of its own (the caller ends it). */
  session(): Promise<pg.Client>;
  /**
   * `pg_terminate_backend` for every other session of the database but the sabotage ones: all
   * of the server's connections, its LISTEN connection included. Answers how many were terminated.
   */
  terminateServerBackends(): Promise<number>;
  /** The server's sessions now (application_name, state, wait_event_type), for waits and reports. */
  serverBackends(): Promise<{ pid: number; application_name: string; state: string | null; wait_event_type: string | null; query: string }[]>;
  /**
   * Holds `LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE` in an open transaction on a sabotage
   * session until `release()` (ROLLBACK). Resolves once the lock is held.
   */
  holdExclusiveLock(table: string): Promise<{ release(): Promise<void> }>;
  /** The cluster's log so far (for failure reports). */
  log(): string;
  /** Stops the cluster (fast, then immediate if that hangs) and removes its directory. Idempotent. */
  destroy(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (`/usr/lib/postgresql/<version>/bin`), 15 preferred. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const chosen = versions.includes('15') ? '15' : versions[0];
  if (!chosen) throw new Error(`No PostgreSQL server binaries under ${root} (looked for <version>/bin/initdb)`);
  return join(root, chosen, 'bin');
}

/** As root: the uid/gid of the `postgres` OS user, which the binaries run as. */
function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => {
    const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`Running as root needs a "postgres" OS user: id ${flag} postgres failed: ${result.stderr}`);
    return Number(result.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

/** Runs a PostgreSQL binary (as `postgres` when we are root); rejects with its output on failure. */
function run(bin: string, args: string[], asPostgres: boolean, timeoutMs = (PG_CTL_TIMEOUT_S + 15) * 1000): Promise<string> {
  const [command, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    // stdin ignored, and we wait for 'exit' (not 'close'): a daemonized postmaster must not be
    // able to hold our pipes open.
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${[command, ...argv].join(' ')} failed (${code ?? signal}):\n${output}`));
    });
  });
}

/** A port nothing listens on right now (the OS's pick), never the shared cluster's. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
    });
    if (port !== SHARED_PORT) return port;
  }
}

/** Every cluster this process created and has not destroyed: the exit hook stops them. */
const live = new Set<{ dataDir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    // Synchronous only: SIGQUIT is PostgreSQL's immediate shutdown (the guardian removes the directory).
    for (const { dataDir } of live) {
      const pid = postmasterPid(dataDir);
      if (pid) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // already gone
        }
      }
    }
  });
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A detached shell that outlives us only to clean up: once this process is gone it stops the
 * cluster (immediate) and removes the directory. Killed (its process group) by `destroy()`.
 */
function startGuardian(pgCtl: string, dataDir: string, dir: string, asPostgres: boolean): number | undefined {
  const stop = `${asPostgres ? 'runuser -u postgres -- ' : ''}"$2" -D "$3" stop -m immediate -w -t 10`;
  const script = `while kill -0 "$1" 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf "$4"`;
  const guardian = spawn('sh', ['-c', script, 'agentstack-faults-guardian', String(process.pid), pgCtl, dataDir, dir], {
    detached: true,
    stdio: 'ignore',
  });
  guardian.unref();
  return guardian.pid;
}

export interface StartClusterOptions {
  /** Extra postgresql.conf lines. */
  settings?: Record<string, string | number>;
}

/** initdb, start, and create the server's database. */
export async function startCluster(options: StartClusterOptions = {}): Promise<PgCluster> {
  const bin = postgresBinDir();
  const owner = postgresUser();
  const asPostgres = owner !== null;
  const dir = mkdtempSync(join(tmpdir(), 'agentstack-faults-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const pgCtl = join(bin, 'pg_ctl');
  const entry = { dataDir };
  live.add(entry);
  installExitHook();
  const guardianPid = startGuardian(pgCtl, dataDir, dir, asPostgres);

  let running = false;
  let destroyed: Promise<void> | null = null;
  let port = 0;
  const ctl = (...args: string[]) => run(pgCtl, ['-D', dataDir, ...args], asPostgres);
  const url = (database = DATABASE) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const connect = async (database = DATABASE) => {
    const client = new pg.Client({ connectionString: url(database), application_name: SABOTAGE_APPLICATION_NAME, connectionTimeoutMillis: 5_000 });
    // A sabotage session may itself be terminated (a restart): never let that crash the test process.
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const sql = async <R extends pg.QueryResultRow>(query: string, params: unknown[] = [], database = DATABASE): Promise<R[]> => {
    const client = await connect(database);
    try {
      return (await client.query<R>(query, params)).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const cluster: PgCluster = {
    get port() {
      return port;
    },
    dir,
    url,
    get running() {
      return running;
    },
    async start() {
      await ctl('start', '-w', '-t', String(PG_CTL_TIMEOUT_S), '-l', logFile);
      running = true;
    },
    async stop() {
      running = false;
      await ctl('stop', '-w', '-t', String(PG_CTL_TIMEOUT_S), '-m', 'fast');
    },
    async restart() {
      running = false;
      await ctl('restart', '-w', '-t', String(PG_CTL_TIMEOUT_S), '-m', 'fast', '-l', logFile);
      running = true;
    },
    sql: (query, params) => sql(query, params),
    session: () => connect(),
    async terminateServerBackends() {
      const rows = await sql<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1`,
        [SABOTAGE_APPLICATION_NAME],
      );
      return rows.filter((row) => row.terminated).length;
    },
    serverBackends: () =>
      sql(
        `SELECT pid, application_name, state, wait_event_type, query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1 AND backend_type = 'client backend'`,
        [SABOTAGE_APPLICATION_NAME],
      ),
    async holdExclusiveLock(table) {
      const client = await connect();
      try {
        await client.query('BEGIN');
        await client.query(`LOCK TABLE ${client.escapeIdentifier(table)} IN ACCESS EXCLUSIVE MODE`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await client.query('ROLLBACK').catch(() => undefined);
          await client.end().catch(() => undefined);
        },
      };
    },
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    destroy() {
      destroyed ??= (async () => {
        try {
          if (existsSync(join(dataDir, 'postmaster.pid'))) {
            await ctl('stop', '-w', '-t', '20', '-m', 'fast').catch(() => ctl('stop', '-w', '-t', '10', '-m', 'immediate'));
          }
        } finally {
          running = false;
          live.delete(entry);
          if (guardianPid) {
            try {
              process.kill(-guardianPid, 'SIGKILL'); // the guardian's group: its shell and its sleep
            } catch {
              // already gone
            }
          }
          rmSync(dir, { recursive: true, force: true });
        }
      })();
      return destroyed;
    },
  };

  try {
    await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], asPostgres, 120_000);
    const settings: Record<string, string | number> = {
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${dir}'`,
      // Throwaway data: durability only costs time here.
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: 100,
      ...options.settings,
    };
    // A port taken between our probe and postgres's bind: try another.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      appendFileSync(join(dataDir, 'postgresql.conf'), Object.entries({ ...settings, port }).map(([key, value]) => `${key} = ${value}\n`).join(''));
      try {
        await cluster.start();
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await sql(`CREATE DATABASE ${DATABASE}`, [], 'postgres');
    return cluster;
  } catch (error) {
    const log = cluster.log();
    await cluster.destroy().catch(() => undefined);
    throw new Error(`The throwaway PostgreSQL cluster did not start: ${error instanceof Error ? error.message : String(error)}\n${log}`);
  }
}
