/**
 * The processes of the fan-out and memory benchmarks: replicas (ws-server-child.ts) and subscriber
 * processes (subscriber-child.ts), forked with tsx and driven over IPC; a bearer token for the
 * bench's identity (the replicas verify the bench's HS256 secret, as http.ts's server does).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import './http.js'; // sets BENCH_JWT_SECRET (shared with every server process through the environment)
import { PRODUCTION_ENV, serverNodeFlags } from './production-runtime.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Every process of the bench reads the same monotonic clock (process.hrtime is CLOCK_MONOTONIC on Linux). */
export const CLOCK_BASE_NS = process.hrtime.bigint();
export const clockMs = (): number => Number(process.hrtime.bigint() - CLOCK_BASE_NS) / 1e6;

export async function bearer(did: string): Promise<string> {
  const secret = new TextEncoder().encode(process.env.BENCH_JWT_SECRET);
  return `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(did).setExpirationTime('2h').sign(secret)}`;
}

/** A forked child answering requests: `ask(message, key)` resolves with the first reply carrying `key`. */
class Driven {
  private readonly waiting: { key: string; resolve: (value: any) => void; reject: (error: Error) => void }[] = [];
  private exited: Error | null = null;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: Record<string, unknown>) => {
      if (typeof message.failed === 'string') {
        for (const w of this.waiting.splice(0)) w.reject(new Error(message.failed));
        return;
      }
      const index = this.waiting.findIndex((w) => w.key in message);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message);
    });
    child.once('exit', (code, signal) => {
      this.exited = new Error(`a bench process exited (${code ?? signal})`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  ask<T = any>(message: Record<string, unknown>, key: string): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      this.child.send(message);
    });
  }

  close(): Promise<void> {
    return new Promise<void>((done) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return done();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      if (this.child.connected) this.child.disconnect();
      else this.child.kill('SIGTERM');
    });
  }
}

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
}

export interface ServerStats {
  subscriptions: number;
  opened: number;
  connections: number;
  polls: number;
  head: number;
}

export class Replica extends Driven {
  constructor(
    child: ChildProcess,
    readonly url: string,
  ) {
    super(child);
  }

  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  async stats(): Promise<ServerStats> {
    return (await this.ask<{ stats: ServerStats }>({ stats: true }, 'stats')).stats;
  }

  /** Writes a V8 heap snapshot of the replica to `path` (collects first). */
  async heapSnapshot(path: string): Promise<string> {
    return (await this.ask<{ heapSnapshot: string }>({ heapSnapshot: path }, 'heapSnapshot')).heapSnapshot;
  }

  /** After a full collection when started with `exposeGc`. */
  async memory(): Promise<MemoryUsage> {
    return (await this.ask<{ memory: MemoryUsage }>({ memory: true }, 'memory')).memory;
  }
}

/** One replica in a process of its own on the bench's (migrated) schema. */
export async function startReplica(databaseUrl: string, schema: string, options: { exposeGc?: boolean } = {}): Promise<Replica> {
  const child = fork(here('./ws-server-child.ts'), [], {
    // BENCH_SERVER_CPU_PROF=<dir>: a V8 CPU profile of each replica (written when it stops).
    execArgv: [
      '--import',
      'tsx',
      ...serverNodeFlags(),
      ...(options.exposeGc ? ['--expose-gc'] : []),
      ...(process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : []),
    ],
    env: { ...process.env, ...PRODUCTION_ENV, BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((done, fail) => {
    const onMessage = (message: { url?: string }) => {
      if (!message.url) return;
      child.off('message', onMessage);
      done(message.url);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => fail(new Error(`a replica exited (${code}) before it listened`)));
  });
  return new Replica(child, url);
}

export interface SubscriberReport {
  /** Per subscription, the task ids it received, in order. */
  keys: string[][];
  /** Per task id, when each subscription received it (clockMs). */
  times: Record<string, number[]>;
  failures: number;
}

export class Subscribers extends Driven {
  async connect(urls: string[], count: number, authorization: string): Promise<number> {
    return (await this.ask<{ connected: number }>({ connect: { urls, count, authorization } }, 'connected')).connected;
  }

  async subscribe(query: string, perConnection: number, connections?: number): Promise<number> {
    return (await this.ask<{ subscribed: number }>({ subscribe: { query, perConnection, connections } }, 'subscribed')).subscribed;
  }

  async unsubscribe(): Promise<void> {
    await this.ask({ unsubscribe: true }, 'unsubscribed');
  }

  async count(): Promise<{ count: number; failures: number }> {
    return this.ask({ count: true }, 'count');
  }

  async report(): Promise<SubscriberReport> {
    return (await this.ask<{ report: SubscriberReport }>({ report: true }, 'report')).report;
  }
}

/** Subscriber processes; each may hold thousands of sockets (see `fdLimit`). */
export function startSubscribers(processes: number): Subscribers[] {
  return Array.from(
    { length: processes },
    () =>
      new Subscribers(
        fork(here('./subscriber-child.ts'), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, BENCH_CLOCK_BASE_NS: String(CLOCK_BASE_NS) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      ),
  );
}

/**
 * The soft limit on open files of this process (children inherit it): 10,000 sockets need more than
 * 10,000 descriptors in the replica. Null when unknown (not Linux).
 */
export function fdLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.trim().split(/\s+/)[3];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

/** Polls `probe` every 20 ms until it answers true, for at most `timeoutMs`. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
