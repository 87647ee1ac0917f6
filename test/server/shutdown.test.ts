import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTaskDocument, TaskDocument } from '../../src/client/generated/graphql.js';
import { data } from './helpers/client.js';

// `npm start` as a real child process (tsx src/server/main.ts) on the embedded database.
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const START_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 20_000;

const dataDir = mkdtempSync(join(tmpdir(), 'agentstack-shutdown-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', AGENTSTACK_DATA_DIR: dataDir, NODE_ENV: 'production' };
  delete env.DATABASE_URL; // the embedded database, as on a fresh machine
  const child = spawn(TSX, ['src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within ${EXIT_TIMEOUT_MS} ms`)), EXIT_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolveExit({ code, signal });
    });
  });
}

describe('npm start', () => {
  it('serves, shuts down cleanly on SIGTERM (exit 0), and keeps its data across a restart', async () => {
    const first = await start();
    expect((await fetch(first.url.replace(/\/graphql$/, '/ready'), { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    const { createTask } = await data(first.url, CreateTaskDocument, {
      input: { ownerDid: 'did:coinpay:user:restart', sourceApp: 'app', title: 'Survives restarts' },
    });

    // (Draining in-flight requests is proven in-process by drain.test.ts, without timing races.)
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('Shut down cleanly');
    // The port is closed.
    await expect(fetch(first.url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();

    const second = await start();
    try {
      expect((await data(second.url, TaskDocument, { id: createTask.id })).task?.title).toBe('Survives restarts');
    } finally {
      const done = exitOf(second.child);
      second.child.kill('SIGINT');
      expect((await done).code).toBe(0);
    }
  });
});
