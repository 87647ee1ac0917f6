/**
 * `npm run bench -- --only fanout`: how fast one write reaches every subscriber, on real PostgreSQL.
 *
 * Replicas are server processes (ws-server-child.ts) on the bench's schema, woken by NOTIFY;
 * subscribers are graphql-ws connections (one subscription each, `agentStackEvents` without a
 * cursor, as the tasks' owner) held by subscriber processes of their own (subscriber-child.ts), so
 * no single client event loop is what is measured. The bench creates tasks over HTTP, one at a
 * time, alternating over the replicas, and times each delivery from the moment the mutation's
 * response was read (every process reads the same monotonic clock). Every subscription must
 * receive every event exactly once, in commit order: that is checked, not assumed.
 */
import { processCpuMs } from './cpu.js';
import { graphql } from './http.js';
import { bearer, clockMs, percentile, startReplica, startSubscribers, until, type Replica, type Subscribers } from './ws-processes.js';

export interface FanoutShape {
  name: string;
  replicas: number;
  subscribers: number;
  subscriberProcesses: number;
  /** Events timed (after `warmup` untimed ones), one mutation at a time, `gapMs` apart. */
  events: number;
  warmup: number;
  gapMs: number;
}

export interface FanoutResult {
  shape: FanoutShape;
  /** Every delivery (event × subscriber), ms after the mutation's response was read. */
  p50: number;
  p99: number;
  max: number;
  /** Per event, when its last subscriber received it: the median and the worst over events. */
  lastP50: number;
  lastMax: number;
  deliveries: number;
  /** Every subscription received every event once, in order (and nothing else). */
  exactlyOnce: boolean;
  problems: string[];
  /** From sending the subscribe messages to every subscription open on the replicas. */
  subscribeSeconds: number;
  /** Log reads of the replicas' pollers during the run (one per wake-up that found something, or a re-read). */
  polls: number;
  /** CPU (µs) per delivery over the events (warm-up included), of the replicas and of the subscriber processes (Linux). */
  replicaCpuUs: number;
  subscriberCpuUs: number;
  error: string | null;
}

export const FANOUT_SHAPES: FanoutShape[] = [
  // Events far enough apart that each is measured on its own (not queued behind the previous one's fan-out).
  { name: '1,000 subscribers over 2 replicas', replicas: 2, subscribers: 1_000, subscriberProcesses: 2, events: 40, warmup: 5, gapMs: 200 },
  { name: '10,000 subscribers on 1 replica', replicas: 1, subscribers: 10_000, subscriberProcesses: 4, events: 8, warmup: 2, gapMs: 1_500 },
];

const QUERY = 'subscription BenchFanout { agentStackEvents { cursor task { id } } }';
const CREATE = 'mutation BenchFanoutCreate($input: CreateTaskInput!) { createTask(input: $input) { id } }';

export async function runFanout(
  databaseUrl: string,
  schema: string,
  owner: string,
  shape: FanoutShape,
  log: (message: string) => void,
): Promise<FanoutResult> {
  const replicas: Replica[] = [];
  let subscribers: Subscribers[] = [];
  const result: FanoutResult = { shape, p50: NaN, p99: NaN, max: NaN, lastP50: NaN, lastMax: NaN, deliveries: 0, exactlyOnce: false, problems: [], subscribeSeconds: NaN, polls: 0, replicaCpuUs: NaN, subscriberCpuUs: NaN, error: null };
  try {
    for (let i = 0; i < shape.replicas; i++) replicas.push(await startReplica(databaseUrl, schema));
    subscribers = startSubscribers(shape.subscriberProcesses);
    const authorization = await bearer(owner);
    const urls = replicas.map((replica) => replica.wsUrl);
    const per = Math.ceil(shape.subscribers / shape.subscriberProcesses);
    let left = shape.subscribers;
    const counts = subscribers.map(() => {
      const n = Math.min(per, left);
      left -= n;
      return n;
    });
    await Promise.all(subscribers.map((s, i) => s.connect(urls, counts[i]!, authorization)));
    const subscribing = clockMs();
    await Promise.all(subscribers.map((s) => s.subscribe(QUERY, 1)));
    await until(
      `${shape.subscribers} subscriptions on the replicas`,
      async () => (await Promise.all(replicas.map((r) => r.stats()))).reduce((sum, s) => sum + s.subscriptions, 0) >= shape.subscribers,
      180_000,
    );
    const pollsBefore = (await Promise.all(replicas.map((r) => r.stats()))).reduce((sum, s) => sum + s.polls, 0);
    result.subscribeSeconds = (clockMs() - subscribing) / 1000;
    log(
      `  fan-out: ${shape.name}: ${shape.subscribers} subscriptions open in ${result.subscribeSeconds.toFixed(1)} s; ` +
        `${shape.warmup} + ${shape.events} events, ${shape.gapMs} ms apart`,
    );

    const cpuOf = (pids: (number | undefined)[]) => pids.reduce<number>((sum, pid) => sum + (pid === undefined ? NaN : (processCpuMs(pid) ?? NaN)), 0);
    const replicaPids = replicas.map((r) => r.child.pid);
    const subscriberPids = subscribers.map((s) => s.child.pid);
    const cpuBefore = { replicas: cpuOf(replicaPids), subscribers: cpuOf(subscriberPids) };
    const created: { id: string; at: number; timed: boolean }[] = [];
    for (let i = 0; i < shape.warmup + shape.events; i++) {
      const replica = replicas[i % replicas.length]!;
      const data = await graphql<{ createTask: { id: string } }>(replica.url, CREATE, { input: { ownerDid: owner, sourceApp: 'bench', title: `Fan-out ${i}` } }, owner);
      created.push({ id: data.createTask.id, at: clockMs(), timed: i >= shape.warmup });
      await new Promise((resolve) => setTimeout(resolve, shape.gapMs));
    }
    const expected = created.length * shape.subscribers;
    await until(
      `${expected} deliveries`,
      async () => (await Promise.all(subscribers.map((s) => s.count()))).reduce((sum, c) => sum + c.count, 0) >= expected,
      30_000,
    ).catch((error: unknown) => result.problems.push(String(error instanceof Error ? error.message : error)));
    const allDeliveries = created.length * shape.subscribers;
    result.replicaCpuUs = ((cpuOf(replicaPids) - cpuBefore.replicas) * 1000) / allDeliveries;
    result.subscriberCpuUs = ((cpuOf(subscriberPids) - cpuBefore.subscribers) * 1000) / allDeliveries;
    await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would arrive now
    result.polls = (await Promise.all(replicas.map((r) => r.stats()))).reduce((sum, s) => sum + s.polls, 0) - pollsBefore;

    const reports = await Promise.all(subscribers.map((s) => s.report()));
    const order = created.map((c) => c.id);
    let wrong = 0;
    let failures = 0;
    const latencies: number[] = [];
    const lasts: number[] = [];
    const times = new Map<string, number[]>();
    for (const report of reports) {
      failures += report.failures;
      for (const keys of report.keys) if (keys.length !== order.length || keys.some((key, i) => key !== order[i])) wrong++;
      for (const [key, list] of Object.entries(report.times)) times.set(key, [...(times.get(key) ?? []), ...list]);
    }
    for (const event of created) {
      if (!event.timed) continue;
      const received = times.get(event.id) ?? [];
      let last = -Infinity;
      for (const at of received) {
        latencies.push(at - event.at);
        last = Math.max(last, at - event.at);
      }
      if (received.length > 0) lasts.push(last);
    }
    if (wrong > 0) result.problems.push(`${wrong} subscriptions did not receive exactly the ${order.length} events once each, in order`);
    if (failures > 0) result.problems.push(`${failures} protocol errors or abnormal closes`);
    latencies.sort((a, b) => a - b);
    lasts.sort((a, b) => a - b);
    Object.assign(result, {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      lastP50: percentile(lasts, 50),
      lastMax: lasts.at(-1) ?? NaN,
      deliveries: latencies.length,
      exactlyOnce: wrong === 0 && failures === 0 && result.problems.length === 0,
    });
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    await Promise.all(subscribers.map((s) => s.close()));
    await Promise.all(replicas.map((r) => r.close()));
  }
  return result;
}

export function formatFanout(results: FanoutResult[]): string[] {
  const lines = ['fan-out (ms from the mutation\'s response to each delivery; subscribers in processes of their own; real PostgreSQL, NOTIFY):'];
  for (const r of results) {
    if (r.error) {
      lines.push(`  ${r.shape.name.padEnd(36)} FAILED: ${r.error}`);
      continue;
    }
    lines.push(
      `  ${r.shape.name.padEnd(36)} p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  last per event: p50 ${ms(r.lastP50)}, worst ${ms(r.lastMax)}` +
        `  (${r.deliveries} deliveries of ${r.shape.events} events; exactly once, in order: ${r.exactlyOnce ? 'yes' : 'NO'}; ${r.polls} log reads; ` +
        `subscribed in ${r.subscribeSeconds.toFixed(1)} s; CPU per delivery: replicas ${r.replicaCpuUs.toFixed(1)} µs, subscribers ${r.subscriberCpuUs.toFixed(1)} µs)`,
    );
    for (const problem of r.problems) lines.push(`    ! ${problem}`);
  }
  return lines;
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1).padStart(6) : '     -';
}
