import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Fresh in-memory PGlite databases, fast. Creating a cluster runs initdb inside WASM
 * (1.8–4 s here); loading a snapshot of a freshly created, still empty cluster takes
 * ~0.5 s. The snapshot is taken once and kept in memory and in the OS temp directory (keyed
 * by the PGlite version), so test files in other workers and later runs reuse it. It holds
 * no AgentStack tables: migrations still run on every open, as they would in production.
 */
let template: Promise<Blob> | null = null;

/** `settings`: `-c name=value` arguments added to PGlite's own start arguments. */
export async function freshInMemoryPglite(settings: string[] = []): Promise<PGlite> {
  // Loaded on first use: a server on a data directory (or on a real PostgreSQL) never needs it here.
  const { PGlite } = await import('@electric-sql/pglite');
  const startParams = [...PGlite.defaultStartParams, ...settings];
  if (template === null) {
    const cached = await readTemplateFile();
    if (cached) {
      try {
        const db = await PGlite.create({ dataDir: 'memory://', loadDataDir: cached, startParams });
        template = Promise.resolve(cached);
        return db;
      } catch {
        await unlink(templateFile()).catch(() => {}); // unusable cache: rebuild it below
      }
    }
    // First in this process and on this machine: build the cluster and keep a snapshot.
    const db = await PGlite.create({ dataDir: 'memory://', startParams, initDbStartParams: settings });
    template = db.dumpDataDir('none');
    await saveTemplateFile(await template);
    return db;
  }
  return PGlite.create({ dataDir: 'memory://', loadDataDir: await template, startParams });
}

/**
 * The snapshot's file if one was saved on this machine (by tests, or by an earlier open in memory):
 * a new data directory on disk starts from it (a copy, ~0.5 s) instead of running initdb (~4 s).
 */
export function savedTemplateFile(): string | null {
  const file = templateFile();
  return existsSync(file) ? file : null;
}

function templateFile(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `agentstack-pglite-${pgliteVersion()}-${uid}.tar`);
}

async function readTemplateFile(): Promise<Blob | null> {
  try {
    return new Blob([await readFile(templateFile())]);
  } catch {
    return null;
  }
}

/** Written under a unique name, then renamed: concurrent workers never read a half file. */
async function saveTemplateFile(snapshot: Blob): Promise<void> {
  const file = templateFile();
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(partial, file);
  } catch {
    // Only a cache: without it the next process builds its own cluster.
    await unlink(partial).catch(() => {});
  }
}

function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    let dir = dirname(entry);
    for (let depth = 0; depth < 5; depth++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
      } catch {
        // not the package root yet
      }
    }
  } catch {
    // fall through
  }
  return 'unknown';
}
