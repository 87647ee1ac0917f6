import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { embeddedSharedBuffers, IN_MEMORY_DATA_DIR } from './config.js';
import { lockDataDir } from './data-dir-lock.js';
import { freshInMemoryPglite, savedTemplateFile } from './pglite-template.js';

export interface EmbeddedServer {
  /** Where `pg` (and anyone else in this process) reaches the database. */
  readonly connectionString: string;
  close(): Promise<void>;
}

/**
 * Connections the socket server accepts beyond our own pool: other code opens its own
 * connections to `connectionString` (e.g. a LISTEN connection).
 */
const EXTRA_CONNECTIONS = 16;

/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) served over the Postgres wire
 * protocol on 127.0.0.1 at a free port, so the ORM and `pg` take exactly the production path.
 * PGlite is one session: the socket server queues statements from all connections and, while one
 * connection is in a transaction, serves only that connection.
 *
 * A data directory on disk (the server's) runs in a worker thread of its own: its open (~1 s of
 * WASM: loading the PostgreSQL files, starting the backend) then overlaps the server's module
 * loading on another core (startEmbeddedServerEarly), and its queries never hold the HTTP event
 * loop. In memory (tests), it stays in this thread, where opening one is cheapest.
 */
export async function startEmbeddedServer(
  dataDir: string,
  poolSize: number,
  notice: (message: string) => void = () => {},
  /** Called (once, early) when the directory holds no cluster yet: this open creates one. */
  creating: () => void = () => {},
): Promise<EmbeddedServer> {
  const maxConnections = poolSize + EXTRA_CONNECTIONS;
  const settings = startSettings();
  const started = early;
  early = null;
  if (started?.dataDir === dataDir && started.maxConnections === maxConnections && started.settings.join(' ') === settings.join(' ')) {
    started.notice = notice;
    for (const message of started.notices.splice(0)) notice(message);
    if (started.creatingCluster) creating();
    else started.creating = creating;
    return started.server;
  }
  // Started early for other settings (a pool size of its own): it holds the directory's lock.
  if (started) await started.server.then((server) => server.close(), () => {});
  return dataDir.startsWith(IN_MEMORY_DATA_DIR)
    ? serveInThisThread(await freshInMemoryPglite(settings), maxConnections)
    : serveInWorker(dataDir, maxConnections, settings, notice, creating);
}

/**
 * PostgreSQL settings for this open, on top of PGlite's own start arguments (`-c name=value`
 * pairs): the buffer pool's size (config.ts says why it is not PGlite's default).
 */
function startSettings(): string[] {
  return ['-c', `shared_buffers=${embeddedSharedBuffers()}`];
}

interface EarlyStart {
  dataDir: string;
  maxConnections: number;
  settings: string[];
  server: Promise<EmbeddedServer>;
  /** Notices so far, handed to whoever takes the start over; then `notice` forwards them. */
  notices: string[];
  notice: ((message: string) => void) | null;
  /** Whether the open creates the cluster, as far as known; `creating` is told if it turns out so later. */
  creatingCluster: boolean;
  creating: (() => void) | null;
}

let early: EarlyStart | null = null;

/**
 * Begins opening the data directory's database now (main.ts, before the server's modules load:
 * they take ~1 s, and so does the open, on another core). The next startEmbeddedServer for the same
 * directory and pool size takes it over, with its notices and any error; other settings close it.
 */
export function startEmbeddedServerEarly(dataDir: string, poolSize: number): void {
  if (early || dataDir.startsWith(IN_MEMORY_DATA_DIR)) return;
  let settings: string[];
  try {
    settings = startSettings();
  } catch {
    return; // a setting in error: startEmbeddedServer reports it
  }
  const start: EarlyStart = { dataDir, maxConnections: poolSize + EXTRA_CONNECTIONS, settings, server: Promise.resolve(null as never), notices: [], notice: null, creatingCluster: false, creating: null };
  start.server = serveInWorker(
    dataDir,
    start.maxConnections,
    settings,
    (message) => (start.notice ? start.notice(message) : start.notices.push(message)),
    () => {
      start.creatingCluster = true;
      start.creating?.();
    },
  );
  start.server.catch(() => {}); // reported to the startEmbeddedServer call that takes it over
  early = start;
}

/** An in-memory database, served from this thread. */
async function serveInThisThread(db: PGlite, maxConnections: number): Promise<EmbeddedServer> {
  // Loaded here, not at the top: a data directory on disk is served by the worker, and a server on
  // a real PostgreSQL never needs it (this thread then loads none of PGlite's modules).
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    // The default (1) refuses a pool's second connection.
    maxConnections,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  // A start-up phase (src/server/serve.ts prints them).
  performance.mark('agentstack:database');
  let closed: Promise<void> | null = null;
  return {
    connectionString: connectionStringOf(server.getServerConn()),
    close: () =>
      (closed ??= (async () => {
        await server.stop();
        await db.close();
      })()),
  };
}

/** user, password and database name are ignored by PGlite; they only make a valid URL. */
function connectionStringOf(hostAndPort: string): string {
  return `postgres://postgres@${hostAndPort}/postgres`;
}

/**
 * The worker: PGlite and its socket server, nothing of ours (so it runs the same under tsx, vitest
 * and the bundle). It answers `{ listening }` or `{ error }`; told `close`, it stops the server,
 * closes the database (its files flushed) and answers `{ closed }` or `{ error }`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const failed = (error) => parentPort.postMessage({ error: error && error.stack ? error.stack : String(error) });
const fs = require('node:fs');
const path = require('node:path');
// PGlite's WebAssembly, compiled here synchronously (this thread has nothing else to do meanwhile)
// and handed to PGlite. Left to PGlite, it is compiled asynchronously, and then this thread's event
// loop stalls for 0.2-0.35 s after the open (V8 finishing the compile job): the first connection
// waited that long. Without the file where expected, PGlite loads its own.
const compiled = (name) => {
  const file = path.join(path.dirname(workerData.pglite), name);
  return fs.existsSync(file) ? new WebAssembly.Module(fs.readFileSync(file)) : undefined;
};
// This machine's snapshot of a fresh cluster (a plain tar: PGlite's dumpDataDir('none')) unpacked
// into the empty data folder with Node's own file calls. Handed to PGlite instead (loadDataDir), its
// 40 MB went three times through Blobs and its ~1,000 files through emscripten's file system: most
// of a first start. Unpacked beside the folder and renamed into place, so a crash half-way leaves no
// half cluster that PGlite would take for a real one. Anything unexpected (a link, a name leaving the
// folder, a bad checksum) throws: the caller then runs initdb.
const unpackSnapshot = (tarFile, target) => {
  const archive = fs.readFileSync(tarFile);
  const staging = target + '.unpacking';
  fs.rmSync(staging, { recursive: true, force: true });
  const folders = new Set();
  const folder = (dir) => folders.has(dir) || (fs.mkdirSync(dir, { recursive: true }), folders.add(dir));
  folder(staging);
  let offset = 0;
  let version = false;
  for (;;) {
    if (offset + 512 > archive.length) throw new Error('tar: no end-of-archive block');
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start, length) => {
      const field = header.subarray(start, start + length);
      const end = field.indexOf(0);
      return field.subarray(0, end === -1 ? length : end).toString('utf8');
    };
    const octal = (start, length) => {
      const digits = text(start, length).trim();
      if (!/^[0-7]+$/.test(digits)) throw new Error('tar: bad number ' + JSON.stringify(digits));
      return parseInt(digits, 8);
    };
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    if (sum !== octal(148, 8)) throw new Error('tar: bad header checksum at ' + offset);
    const prefix = text(345, 155);
    const parts = ((prefix ? prefix + '/' : '') + text(0, 100)).split('/').filter((part) => part !== '');
    if (parts.length === 0 || parts.some((part) => part === '.' || part === '..')) throw new Error('tar: refusing a name');
    const size = octal(124, 12);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]); // NUL: an old-style file
    const start = offset + 512;
    if (start + size > archive.length) throw new Error('tar: truncated');
    const destination = path.join(staging, ...parts);
    if (type === '5') folder(destination);
    else if (type === '0') {
      folder(path.dirname(destination));
      fs.writeFileSync(destination, archive.subarray(start, start + size));
      version ||= parts.join('/') === 'PG_VERSION';
    } else throw new Error('tar: entry type ' + JSON.stringify(type) + ' is not a file or a folder');
    offset = start + Math.ceil(size / 512) * 512;
  }
  if (!version) throw new Error('the snapshot holds no PG_VERSION');
  fs.rmdirSync(target);
  fs.renameSync(staging, target);
};
(async () => {
  const { PGlite } = require(workerData.pglite);
  const { PGLiteSocketServer } = require(workerData.socket);
  const options = { dataDir: workerData.dataDir, startParams: [...PGlite.defaultStartParams, ...workerData.settings], pgliteWasmModule: compiled('pglite.wasm') };
  if (workerData.template) {
    try {
      unpackSnapshot(workerData.template, workerData.dataDir);
    } catch {
      // An unusable snapshot: the folder stays (or is again) empty, and initdb runs instead.
      fs.rmSync(workerData.dataDir + '.unpacking', { recursive: true, force: true });
      fs.mkdirSync(workerData.dataDir, { recursive: true });
    }
  }
  // A new cluster (no snapshot unpacked) is made by initdb, a WebAssembly module of its own, with the
  // same settings (initdb's -c): its bootstrap runs of PostgreSQL then zero the smaller shared memory too.
  const fresh = !fs.existsSync(path.join(workerData.dataDir, 'PG_VERSION'));
  const db = await PGlite.create({ ...options, ...(fresh ? { initdbWasmModule: compiled('initdb.wasm'), initDbStartParams: workerData.settings } : {}) });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: workerData.maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  parentPort.once('message', () => {
    (async () => {
      await server.stop();
      await db.close();
      parentPort.postMessage({ closed: true });
    })().catch(failed);
  });
  parentPort.postMessage({ listening: server.getServerConn() });
})().catch(failed);
`;

/**
 * A data directory on disk (created if missing, locked to this process; PGlite lives in its
 * `pglite/` folder), served from a worker thread.
 */
async function serveInWorker(
  dataDir: string,
  maxConnections: number,
  settings: string[],
  notice: (message: string) => void,
  creating: () => void,
): Promise<EmbeddedServer> {
  const pgliteDir = join(dataDir, 'pglite');
  await mkdir(pgliteDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  let worker: Worker;
  try {
    // A new directory is initialised first (initdb in WebAssembly): say so rather than go quiet.
    const fresh = !existsSync(join(pgliteDir, 'PG_VERSION'));
    notice(
      fresh
        ? `Initialising the embedded database in ${dataDir} (first start: this takes a few seconds)`
        : `Opening the embedded database in ${dataDir}`,
    );
    if (fresh) creating();
    // An empty new directory starts from this machine's snapshot of a fresh cluster, if there is one.
    const template = fresh && readdirSync(pgliteDir).length === 0 ? savedTemplateFile() : null;
    const require = createRequire(import.meta.url);
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pglite: require.resolve('@electric-sql/pglite'), socket: require.resolve('@electric-sql/pglite-socket'), dataDir: pgliteDir, maxConnections, settings, template },
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  // Every answer of the worker, in order; its exit (a crash) fails whatever waits.
  const answers: { resolve: (answer: WorkerAnswer) => void }[] = [];
  let exited: Error | null = null;
  const next = () =>
    new Promise<WorkerAnswer>((resolveAnswer) => {
      if (exited) resolveAnswer({ error: exited.message });
      else answers.push({ resolve: resolveAnswer });
    });
  worker.on('message', (answer: WorkerAnswer) => answers.shift()?.resolve(answer));
  worker.on('error', (error) => (exited = error));
  worker.on('exit', (code) => {
    exited ??= new Error(`the embedded database's worker exited (${code})`);
    for (const waiting of answers.splice(0)) waiting.resolve({ error: exited.message });
  });
  const started = await next();
  if (!('listening' in started)) {
    await worker.terminate();
    await lock.release();
    throw new Error(`The embedded database in ${dataDir} did not open: ${'error' in started ? started.error : 'no answer'}`);
  }
  performance.mark('agentstack:database');
  let closed: Promise<void> | null = null;
  return {
    connectionString: connectionStringOf(started.listening),
    close: () =>
      (closed ??= (async () => {
        try {
          if (exited) return;
          const answer = next();
          worker.postMessage('close');
          const result = await answer;
          if ('error' in result) throw new Error(`The embedded database in ${dataDir} did not close cleanly: ${result.error}`);
        } finally {
          await worker.terminate();
          await lock.release();
        }
      })()),
  };
}

type WorkerAnswer = { listening: string } | { closed: true } | { error: string };
