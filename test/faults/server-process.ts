/**
 * The server under test is the real process (`npm start` runs src/server/main.ts): spawned as
 * `node --import tsx src/server/main.ts`, the way test/subscriptions/helpers/replica-process.ts
 * spawns its replica, in production mode with a JWT secret, on 127.0.0.1 and a free port
 * (PORT=0: the URL is read from main.ts's "AgentStack subgraph ready at <url>" line), with short
 * database timeouts so the suite is fast. Nothing of the test process's environment that could
 * point it elsewhere (DATABASE_URL, PG*, AGENTSTACK_*) is passed on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bearer } from '../server/helpers/client.js';
import { within } from '../helpers/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '../..');
const MAIN = join(ROOT, 'src/server/main.ts');
/** Ends the server when this process goes away (its stdin closes): see the file. */
const EXIT_WITH_PARENT = join(here, 'fixtures/exit-with-parent.ts');

/** HS256, at least 32 bytes (config.ts refuses shorter). */
export const JWT_SECRET = 'agentstack-fault-suite-secret-of-at-least-32-bytes';

/**
 * Short timeouts so a fault costs the suite a second, not the defaults' many seconds (the
 * variables of the "hostile input and failing dependencies" contract; README, Configuration).
 */
export const FAULT_SUITE_ENV = {
  AGENTSTACK_DB_STATEMENT_TIMEOUT_MS: '2000',
  AGENTSTACK_DB_LOCK_TIMEOUT_MS: '500',
  AGENTSTACK_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
  AGENTSTACK_DB_ACQUIRE_TIMEOUT_MS: '1000',
  AGENTSTACK_DB_POOL_SIZE: '10',
  AGENTSTACK_DB_READ_POOL_SIZE: '5',
} as const;

export interface ServerProcess {
  /** `http://127.0.0.1:<port>/graphql` */
  readonly url: string;
  /** `http://127.0.0.1:<port>` (for /health and /ready). */
  readonly origin: string;
  readonly wsUrl: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Null while it runs; its exit code (or signal) once it has exited. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Everything it printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** Headers of a request made as `did` with a bearer token the server accepts. */
  as(did: string): Promise<Record<string, string>>;
  /** graphql-ws connectionParams for `did`. */
  connectionParams(did: string): Promise<Record<string, unknown>>;
  /** SIGTERM (main.ts's graceful shutdown), SIGKILL if it takes longer than 20 s. Idempotent. */
  stop(): Promise<void>;
}

function childEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'DATABASE_URL' || key.startsWith('PG') || key.startsWith('AGENTSTACK_') || key.startsWith('VITEST') || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return {
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    AGENTSTACK_JWT_SECRET: JWT_SECRET,
    ...FAULT_SUITE_ENV,
    ...extra,
  };
}

export async function startServerProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, MAIN], {
    cwd: ROOT,
    env: childEnv(databaseUrl, extraEnv),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const url = await within(
    'the server process to print "ready at <url>"',
    new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => {
        output += String(chunk);
        const match = /ready at (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      void exitedPromise.then(() => reject(new Error(`The server exited (${JSON.stringify(exited)}) before it was ready:\n${output}`)));
    }),
    60_000,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const origin = url.replace(/\/graphql$/, '');
  let stopping: Promise<void> | null = null;
  return {
    url,
    origin,
    wsUrl: url.replace(/^http/, 'ws'),
    pid: child.pid!,
    child,
    exit: () => exited,
    output: () => output,
    as: (did) => bearer(did, JWT_SECRET),
    async connectionParams(did) {
      return { authorization: (await bearer(did, JWT_SECRET)).authorization };
    },
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        child.kill('SIGTERM');
        await within('the server process to exit', exitedPromise, 20_000).catch(() => {
          child.kill('SIGKILL');
          return exitedPromise;
        });
      })();
      return stopping;
    },
  };
}

/** The last `lines` lines of a process's output, each cut at 240 characters (for failure messages). */
export function tail(text: string, lines = 40): string {
  return text
    .split('\n')
    .slice(-lines)
    .map((line) => (line.length > 240 ? `${line.slice(0, 240)}…` : line))
    .join('\n');
}

/**
 * What the server logged for each masked INTERNAL_SERVER_ERROR (errors.ts logs "Unexpected error
 * while executing a GraphQL operation" and the error): the first line of each, with counts.
 */
export function unexpectedErrors(output: string): string[] {
  const counts = new Map<string, number>();
  for (const part of output.split('Unexpected error while executing a GraphQL operation').slice(1)) {
    const first = part.trim().split('\n')[0]?.slice(0, 200) ?? '';
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return [...counts].map(([line, count]) => `${line} ×${count}`);
}
