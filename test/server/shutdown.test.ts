import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTaskDocument, TaskDocument } from '../../src/client/generated/graphql.js';
import { waitFor } from '../helpers/wait.js';
import { as, bearer, data } from './helpers/client.js';

// `npm start` itself as a real child process (npm → node scripts/start.mjs, the server bundled) on the
// embedded database: signals go to the npm process, as a terminal or a process manager sends them.
const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 20_000;
const OWNER = 'did:coinpay:user:restart';
/** Production's identity: HS256 tokens signed with this secret. */
const JWT_SECRET = 'shutdown-test-secret-of-at-least-32-bytes';
/** The settings that decide who the caller is; each start names its own, never the parent's. */
const IDENTITY_SETTINGS = ['AGENTSTACK_JWT_SECRET', 'AGENTSTACK_JWKS_URL', 'AGENTSTACK_JWT_ISSUER', 'AGENTSTACK_JWT_AUDIENCE'];

const dataDir = mkdtempSync(join(tmpdir(), 'agentstack-shutdown-'));
const dirs = [dataDir];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm start` with `settings` (NODE_ENV, identity) on the embedded database in `dir`. */
function spawnServer(settings: NodeJS.ProcessEnv, dir = dataDir): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', AGENTSTACK_DATA_DIR: dir };
  delete env.DATABASE_URL; // the embedded database, as on a fresh machine
  for (const name of IDENTITY_SETTINGS) delete env[name];
  Object.assign(env, settings);
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(settings: NodeJS.ProcessEnv): Promise<Started> {
  const { child, output } = spawnServer(settings);
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output()}`)), START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output()}`));
    };
    child.stdout!.on('data', () => {
      const match = /ready at (http:\/\/\S+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolveStart({ child, url: match[1]!, output });
      }
    });
    child.once('exit', onExit);
  });
}

function exitOf(child: ChildProcess, timeoutMs = EXIT_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms`)), timeoutMs);
    // 'close': exited, and its output read to the end.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolveExit({ code, signal });
    });
  });
}

describe('npm start', () => {
  it('serves, shuts down cleanly on SIGTERM (exit 0), and keeps its data across a restart', async () => {
    // In production, with a JWT secret: the client sends a token.
    const first = await start({ NODE_ENV: 'production', AGENTSTACK_JWT_SECRET: JWT_SECRET });
    expect((await fetch(first.url.replace(/\/graphql$/, '/ready'), { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    const { createTask } = await data(
      first.url,
      CreateTaskDocument,
      { input: { ownerDid: OWNER, sourceApp: 'app', title: 'Survives restarts' } },
      await bearer(OWNER, JWT_SECRET),
    );

    // (Draining in-flight requests is proven in-process by drain.test.ts, without timing races.)
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM'); // to npm: it must reach the server, not orphan it
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('Shut down cleanly');
    // A fresh data directory: it said what it was doing before it was ready.
    expect(first.output()).toContain(`Initialising the embedded database in ${dataDir}`);
    // The server released the data directory (an orphan would keep the lock and the port).
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    expect(first.output()).not.toContain('"level":"warn"'); // identity is configured: nothing to warn about
    // Production logs JSON lines (logging.ts).
    expect(first.output()).toMatch(/^\{"level":"info","time":"[^"]+","service":"agentstack".*"msg":"Shut down cleanly"\}$/m);
    // The port is closed.
    await expect(fetch(first.url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();

    // Restarted in development with no identity configured: it says it trusts the bare header.
    const second = await start({ NODE_ENV: 'development' });
    try {
      // Logged before it listens; the pipes need not deliver it before "ready at".
      // Development logs readable lines (pino-pretty): the level, then the message.
      const warning = /WARN: No identity configured: trusting the x-agentstack-did header/;
      await waitFor('the header-trust warning', () => warning.test(second.output()), 5_000);
      expect((await data(second.url, TaskDocument, { id: createTask.id }, as(OWNER))).task?.title).toBe('Survives restarts');
    } finally {
      const done = exitOf(second.child);
      second.child.kill('SIGINT');
      expect((await done).code).toBe(0);
      expect(second.output()).toContain('Shut down cleanly');
      expect(second.output()).toContain(`Opening the embedded database in ${dataDir}`);
      expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
      await expect(fetch(second.url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    }
  }, 2 * (START_TIMEOUT_MS + EXIT_TIMEOUT_MS));

  it('refuses to start in production with no identity configured, naming AGENTSTACK_JWT_SECRET, and never listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentstack-refuses-'));
    dirs.push(dir);
    const { child, output } = spawnServer({ NODE_ENV: 'production' }, dir);
    // It opens (and migrates) its database before it judges its identity settings: as long as a start.
    const { code } = await exitOf(child, START_TIMEOUT_MS);
    expect(code).not.toBe(0);
    expect(output()).toContain('AGENTSTACK_JWT_SECRET');
    expect(output()).not.toMatch(/ready at/);
  }, START_TIMEOUT_MS + EXIT_TIMEOUT_MS);
});
