/**
 * The package as another app installs it: `npm pack` (which builds dist/), a fresh app that
 * installs the tarball, then — against a real server — the client imported as `agentstack/client`
 * from plain JavaScript (with a forced reconnect in the middle of a stream: every socket cut by a
 * TCP proxy), its types checked by TypeScript, and the `agentstack` CLI from the package's `bin`.
 * Slow (packing, installing), so it runs in its own suite: `npm run test:package` (CI runs it).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';
import { startServer, type RunningServer } from '../subscriptions/helpers/servers.js';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const OWNER = 'did:coinpay:user:package-owner';

/** A consumer written the way an app team would: plain ESM JavaScript, nothing from this repository but the package. */
const APP = `
import WebSocket from 'ws';
import { AgentStackClientError, createAgentStackClient } from 'agentstack/client';

const owner = process.env.OWNER;
const client = createAgentStackClient({ url: process.env.AGENTSTACK_API_URL, actAs: owner, webSocketImpl: WebSocket });
const after = await client.latestEventCursor({ ownerDid: owner });
const stream = client.watchTasks({ ownerDid: owner, after });
console.log('READY ' + after);
let seen = 0;
for await (const event of stream) {
  console.log('EVENT ' + event.type + ' ' + event.task.title + ' ' + event.cursor);
  if (++seen === 3) break;
}
console.log('SUBSCRIPTIONS ' + stream.subscriptions);
try {
  await client.task('x'.repeat(300));
} catch (error) {
  console.log('ERROR ' + (error instanceof AgentStackClientError) + ' ' + error.code);
}
await client.close();
`;

/** The same client from TypeScript: the package's declarations must type it. */
const TYPED_APP = `
import { createAgentStackClient, type TaskStatus } from 'agentstack/client';

const client = createAgentStackClient({ url: 'http://127.0.0.1:1/graphql', actAs: 'did:coinpay:user:x' });
export async function typed(): Promise<TaskStatus> {
  const task = await client.createTask({ ownerDid: 'did:coinpay:user:x', sourceApp: 'app', title: 't' });
  const page = await client.tasks({ filter: { ownerDid: task.ownerDid }, last: 10 });
  const cursor: string | null = page.pageInfo.startCursor;
  void cursor;
  // @ts-expect-error a task has no \`did\`
  void task.did;
  return task.status;
}
`;

describe.runIf(process.env.AGENTSTACK_TEST_PACKAGE === '1')('the packed package, installed into another app', () => {
  let workdir: string;
  let app: string;
  let opened: OpenedDatabase;
  let server: RunningServer;
  let proxy: TcpProxy;

  beforeAll(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'agentstack-package-'));
    await run('npm', ['pack', '--pack-destination', workdir, '--silent'], { cwd: REPO, timeout: 180_000 });
    const tarball = (await readdir(workdir)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    app = join(workdir, 'app');
    await run('mkdir', ['-p', app]);
    const wsVersion = (await import('ws/package.json', { with: { type: 'json' } })).default.version;
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { agentstack: `file:${join(workdir, tarball)}`, ws: wsVersion } }),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev'], { cwd: app, timeout: 300_000 });
    await writeFile(join(app, 'app.mjs'), APP);
    await writeFile(join(app, 'typed.ts'), TYPED_APP);

    opened = await openTarget('embedded', { label: 'package' });
    server = await startServer(opened);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
  }, 600_000);

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await opened?.close();
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('ships the built client, the CLI and the schema, and nothing of the tests', async () => {
    const installed = join(app, 'node_modules', 'agentstack');
    const files = await readdir(installed);
    expect(files.sort()).toEqual(['README.md', 'dist', 'package.json', 'schema.graphql']);
    expect(await readdir(join(installed, 'dist'))).toEqual(expect.arrayContaining(['client', 'cli', 'server']));
  });

  it('streams through a forced reconnect with no gap and no duplicate, and types its errors', async () => {
    const child = spawn(process.execPath, ['app.mjs'], {
      cwd: app,
      env: { ...process.env, AGENTSTACK_API_URL: proxy.url(), OWNER },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = collectLines(child);
    try {
      await waitFor('the app to subscribe', () => lines.some((line) => line.startsWith('READY')), 20_000);
      await waitFor('the subscription on the server', () => server.subscriptions.stats().subscriptions > 0, 20_000);
      const write = (title: string) => opened.agentStack.createTask({ ownerDid: OWNER, sourceApp: 'package', title }, { actorDid: OWNER });
      await write('p1');
      await waitFor('p1', () => lines.some((line) => line.includes(' p1 ')), 20_000);
      expect(proxy.dropAll()).toBeGreaterThan(0); // mid-stream: every socket of the app is cut
      await write('p2'); // written while it is disconnected
      await write('p3');
      const exit = await new Promise<number | null>((done) => child.on('exit', done));
      const events = lines.filter((line) => line.startsWith('EVENT'));
      expect(events.map((line) => line.split(' ').slice(1, 3).join(' '))).toEqual(['TASK_CREATED p1', 'TASK_CREATED p2', 'TASK_CREATED p3']);
      const cursors = events.map((line) => Number(line.split(' ')[3]));
      expect(new Set(cursors).size).toBe(3);
      expect(Number(lines.find((line) => line.startsWith('SUBSCRIPTIONS'))!.split(' ')[1])).toBeGreaterThanOrEqual(2);
      expect(lines).toContain('ERROR true BAD_USER_INPUT');
      expect(exit).toBe(0);
    } finally {
      child.kill();
    }
  }, 60_000);

  it('types the client for TypeScript consumers through the package exports', async () => {
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'typed.ts'];
    await expect(run(process.execPath, [tsc, ...flags], { cwd: app, timeout: 120_000 })).resolves.toBeDefined();
  }, 120_000);

  it('runs the compiled server (node dist/server/main.js) from production dependencies alone, as an unprivileged user, and stops on SIGTERM', async () => {
    const dataDir = join(workdir, 'data');
    const main = join(app, 'node_modules', 'agentstack', 'dist', 'server', 'main.js');
    // As the image does (USER node, a writable /data, an application directory it cannot write):
    // when the tests run as root (CI), the server runs as an unprivileged user, exec'd in place by
    // setpriv so that signals reach it directly.
    const unprivileged = process.getuid?.() === 0 ? await unprivilegedUser() : null;
    await run('mkdir', ['-p', dataDir]);
    if (unprivileged) {
      await run('chmod', ['755', workdir]);
      await run('chown', [`${unprivileged.uid}:${unprivileged.gid}`, dataDir]);
    }
    const [command, args] = unprivileged
      ? ['setpriv', ['--reuid', String(unprivileged.uid), '--regid', String(unprivileged.gid), '--clear-groups', process.execPath, main]]
      : [process.execPath, [main]];
    const child = spawn(command, args, {
      cwd: app,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AGENTSTACK_DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = collectLines(child);
    try {
      const ready = await waitFor('the compiled server to be ready', () => lines.map((line) => /ready at (\S+)/.exec(line)?.[1]).find(Boolean), 60_000);
      expect(lines.some((line) => line.includes(`Initialising the embedded database in ${dataDir}`))).toBe(true);
      // The database files belong to the unprivileged user: that is who ran the server.
      if (unprivileged) expect((await stat(join(dataDir, 'pglite'))).uid).toBe(unprivileged.uid);
      const response = await fetch(ready!.replace(/graphql$/, 'ready'));
      expect(response.status).toBe(200);
      // MCP at /mcp, with the package's version as its serverInfo.
      const mcp = await fetch(ready!.replace(/graphql$/, 'mcp'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-agentstack-did': OWNER },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'package', version: '1' } } }),
      });
      expect(mcp.status).toBe(200);
      expect(mcp.headers.get('mcp-session-id')).toBeTruthy();
      const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
      expect(await mcp.json()).toMatchObject({ result: { serverInfo: { name: 'agentstack', version } } });
      const exited = new Promise<number | null>((done) => child.on('exit', done));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines.some((line) => line.includes('Shut down cleanly'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('installs the agentstack CLI (bin) and it answers against the server', async () => {
    const bin = join(app, 'node_modules', '.bin', 'agentstack');
    const help = await run(bin, ['--help'], { cwd: app, timeout: 30_000 });
    expect(help.stdout).toMatch(/agents/);
    expect(help.stdout).toMatch(/tasks/);
    expect(help.stdout).toMatch(/delegate/);
    const listed = await run(bin, ['tasks', 'list', '--owner', OWNER, '--json'], {
      cwd: app,
      timeout: 30_000,
      env: { ...process.env, AGENTSTACK_API_URL: server.url, AGENTSTACK_AS: OWNER },
    });
    const page = JSON.parse(listed.stdout) as { edges: { node: { title: string } }[] } | { tasks: { edges: { node: { title: string } }[] } };
    const edges = 'edges' in page ? page.edges : page.tasks.edges;
    expect(edges.map((edge) => edge.node.title)).toEqual(expect.arrayContaining(['p1', 'p2', 'p3']));
  }, 60_000);

  it('runs `agentstack mcp` from the package for an MCP host (the SDK client over stdio)', async () => {
    const bin = join(app, 'node_modules', '.bin', 'agentstack');
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: bin, args: ['mcp'], cwd: app, env: { ...getDefaultEnvironment(), AGENTSTACK_API_URL: server.url, AGENTSTACK_AS: OWNER }, stderr: 'ignore' }),
    );
    try {
      expect((await client.listTools()).tools).toHaveLength(12);
      const result = await client.callTool({ name: 'list_my_tasks', arguments: { first: 100 } });
      const { tasks } = result.structuredContent as { tasks: { nodes: { title: string }[] } };
      expect(tasks.nodes.map((node) => node.title)).toEqual(expect.arrayContaining(['p1', 'p2', 'p3']));
    } finally {
      await client.close();
    }
  }, 60_000);
});

function collectLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(`stderr: ${line}`));
  return lines;
}

/** An existing unprivileged account to run the server as (the PostgreSQL user on these machines). */
async function unprivilegedUser(): Promise<{ uid: number; gid: number } | null> {
  for (const name of ['node', 'postgres', 'nobody']) {
    try {
      const uid = Number((await run('id', ['-u', name])).stdout.trim());
      const gid = Number((await run('id', ['-g', name])).stdout.trim());
      if (uid > 0) return { uid, gid };
    } catch {
      // no such user: try the next
    }
  }
  return null;
}
