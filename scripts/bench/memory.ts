/**
 * `npm run bench -- --only memory`: what idle graphql-ws connections and subscriptions cost the
 * server process, on real PostgreSQL. A fresh replica per shape (ws-server-child.ts, started with
 * --expose-gc: only there), subscribers in processes of their own; RSS and V8 heap after full
 * collections, before and after opening 10,000 idle connections, then 10,000 idle subscriptions
 * (`agentStackEvents` from now): 10,000 connections × 1, and 100 connections × 100.
 */
import { bearer, fdLimit, startReplica, startSubscribers, until, type MemoryUsage, type Replica, type Subscribers } from './ws-processes.js';

export interface MemoryShape {
  name: string;
  connections: number;
  perConnection: number;
  subscriberProcesses: number;
}

export interface MemoryResult {
  shape: MemoryShape;
  /** Server process: before, with the idle connections, with the idle subscriptions too. */
  before: MemoryUsage | null;
  connected: MemoryUsage | null;
  subscribed: MemoryUsage | null;
  /** KiB per idle connection and per idle subscription: RSS, and the V8 heap's share of it. */
  perConnectionKiB: { rss: number; heap: number } | null;
  perSubscriptionKiB: { rss: number; heap: number } | null;
  error: string | null;
}

export const MEMORY_SHAPES: MemoryShape[] = [
  { name: '10,000 connections × 1 subscription', connections: 10_000, perConnection: 1, subscriberProcesses: 4 },
  { name: '100 connections × 100 subscriptions', connections: 100, perConnection: 100, subscriberProcesses: 1 },
];

const QUERY = 'subscription BenchIdle { agentStackEvents { cursor task { id } } }';

export async function runMemory(databaseUrl: string, schema: string, owner: string, shape: MemoryShape, log: (message: string) => void): Promise<MemoryResult> {
  const result: MemoryResult = { shape, before: null, connected: null, subscribed: null, perConnectionKiB: null, perSubscriptionKiB: null, error: null };
  const limit = fdLimit();
  if (limit !== null && limit < shape.connections + 1_000) {
    result.error = `the open-file limit (ulimit -n ${limit}) is below ${shape.connections + 1_000}: raise it (ulimit -n 20000) and run again`;
    return result;
  }
  let replica: Replica | null = null;
  let subscribers: Subscribers[] = [];
  try {
    replica = await startReplica(databaseUrl, schema, { exposeGc: true });
    const server = replica;
    const authorization = await bearer(owner);
    // Warm-up: one connection and subscription, so the code paths are loaded before the baseline.
    const [warm] = startSubscribers(1);
    await warm!.connect([server.wsUrl], 1, authorization);
    await warm!.subscribe(QUERY, 1);
    await until('the warm-up subscription', async () => (await server.stats()).subscriptions === 1, 10_000);
    await warm!.close();
    await until('the warm-up connection to close', async () => (await server.stats()).connections === 0, 10_000);

    result.before = await server.memory();
    if (!result.before.gc) throw new Error('the replica has no gc(): --expose-gc was not applied');
    subscribers = startSubscribers(shape.subscriberProcesses);
    const per = Math.ceil(shape.connections / shape.subscriberProcesses);
    await Promise.all(subscribers.map((s, i) => s.connect([server.wsUrl], Math.min(per, shape.connections - i * per), authorization)));
    await until(`${shape.connections} connections`, async () => (await server.stats()).connections >= shape.connections, 60_000);
    result.connected = await server.memory();
    await Promise.all(subscribers.map((s) => s.subscribe(QUERY, shape.perConnection)));
    const total = shape.connections * shape.perConnection;
    await until(`${total} subscriptions`, async () => (await server.stats()).subscriptions >= total, 120_000);
    result.subscribed = await server.memory();
    const kib = (a: MemoryUsage, b: MemoryUsage, n: number) => ({ rss: (b.rss - a.rss) / 1024 / n, heap: (b.heapUsed - a.heapUsed) / 1024 / n });
    result.perConnectionKiB = kib(result.before, result.connected, shape.connections);
    result.perSubscriptionKiB = kib(result.connected, result.subscribed, total);
    log(
      `  memory: ${shape.name}: ${result.perConnectionKiB.rss.toFixed(1)} KiB RSS per connection, ` +
        `${result.perSubscriptionKiB.rss.toFixed(1)} KiB RSS (${result.perSubscriptionKiB.heap.toFixed(1)} KiB heap) per subscription`,
    );
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    await Promise.all(subscribers.map((s) => s.close()));
    await replica?.close();
  }
  return result;
}

export function formatMemory(results: MemoryResult[]): string[] {
  const lines = ['idle graphql-ws memory (the replica process, after full GCs; subscribers in processes of their own):'];
  const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(1));
  for (const r of results) {
    if (r.error || !r.perConnectionKiB || !r.perSubscriptionKiB) {
      lines.push(`  ${r.shape.name.padEnd(38)} FAILED: ${r.error ?? 'incomplete'}`);
      continue;
    }
    lines.push(
      `  ${r.shape.name.padEnd(38)} per connection ${r.perConnectionKiB.rss.toFixed(1).padStart(5)} KiB RSS (${r.perConnectionKiB.heap.toFixed(1)} heap)` +
        `   per subscription ${r.perSubscriptionKiB.rss.toFixed(1).padStart(5)} KiB RSS (${r.perSubscriptionKiB.heap.toFixed(1)} heap)` +
        `   rss ${mb(r.before?.rss)} → ${mb(r.connected?.rss)} → ${mb(r.subscribed?.rss)} MB`,
    );
  }
  return lines;
}
