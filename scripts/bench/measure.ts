/**
 * The timing harness of `npm run bench`: runs competing implementations of one operation
 * (AgentStack, raw pg, HTTP) for a fixed wall-clock budget each, either one call at a time or
 * with N in flight, and answers latency percentiles, throughput and statements per call.
 *
 * The timed window of each contender is cut into rounds, and the contenders take turns
 * (A B C, then C B A, …), so drift during the run (tables and the event log growing,
 * autovacuum, checkpoints, the JIT) falls on all of them alike instead of on whoever runs last.
 */
import { performance } from 'node:perf_hooks';
import { cpuSpent, type CpuSample } from './cpu.js';

/** One call of the measured operation; `worker` (0 … concurrency-1) lets it use per-worker state. */
export type Operation = (worker: number) => Promise<unknown>;

export interface Contender {
  name: string;
  operation: Operation;
  /** A monotonic counter of SQL statements sent on this contender's behalf (for statements/op); read between timed runs only. */
  statements: () => number | Promise<number>;
  /** The CPU each side has used so far (cpu.ts), read between timed runs only; absent: not accounted. */
  cpu?: () => Promise<CpuSample>;
}

export interface MeasureOptions {
  /** 1: sequential; N: N workers, each starting its next call as soon as its last one ends. */
  concurrency: number;
  /** Untimed calls first (JIT, pool connections, caches), per contender. */
  warmupMs: number;
  /** Timed calls, per contender, in all (calls in flight at a deadline still count). */
  durationMs: number;
  /** The timed window is split into this many turns per contender. */
  rounds: number;
  /** Asked before every call: true stops the run early (signal, watchdog). */
  stopped: () => boolean;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface Measurement {
  ops: number;
  /** Wall-clock seconds of the timed windows (each: first start to last end), summed. */
  seconds: number;
  opsPerSec: number;
  latencyMs: LatencySummary;
  /** SQL statements per timed call; null when nothing was timed. */
  statementsPerOp: number | null;
  /** CPU milliseconds per timed call, by side; null when not accounted. */
  cpuMsPerOp: CpuSample | null;
  /** The first error thrown by a call; a failing call ends that contender's measurement. */
  error: string | null;
}

export async function compare(contenders: Contender[], options: MeasureOptions): Promise<Measurement[]> {
  const state = contenders.map(() => ({
    latencies: [] as number[],
    seconds: 0,
    statements: 0,
    cpu: { server: 0, database: 0, client: 0 } as CpuSample,
    error: null as string | null,
  }));
  if (options.warmupMs > 0) {
    for (const [i, contender] of contenders.entries()) {
      const warm = await run(contender.operation, options.concurrency, options.warmupMs, options.stopped);
      state[i]!.error = warm.error;
    }
  }
  const slice = options.durationMs / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    const order = contenders.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const s = state[i]!;
      if (s.error !== null) continue;
      const { statements, cpu, operation } = contenders[i]!;
      const before = await statements();
      const cpuBefore = await cpu?.();
      const timed = await run(operation, options.concurrency, slice, options.stopped);
      const cpuAfter = await cpu?.();
      s.statements += (await statements()) - before;
      if (cpuBefore && cpuAfter) s.cpu = add(s.cpu, cpuSpent(cpuBefore, cpuAfter));
      s.latencies.push(...timed.latencies);
      s.seconds += timed.seconds;
      s.error = timed.error;
    }
  }
  return state.map((s, i) => {
    const measured = summarize(s.latencies, s.seconds, s.statements, s.error);
    const per = (ms: number) => ms / measured.ops;
    const accounted = contenders[i]!.cpu !== undefined && measured.ops > 0 && s.error === null;
    return { ...measured, cpuMsPerOp: accounted ? { server: per(s.cpu.server), database: per(s.cpu.database), client: per(s.cpu.client) } : null };
  });
}

function add(a: CpuSample, b: CpuSample): CpuSample {
  return { server: a.server + b.server, database: a.database + b.database, client: a.client + b.client };
}

interface TimedRun {
  latencies: number[];
  seconds: number;
  error: string | null;
}

async function run(operation: Operation, concurrency: number, durationMs: number, stopped: () => boolean): Promise<TimedRun> {
  const latencies: number[] = [];
  let error: string | null = null;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async (index: number): Promise<void> => {
    while (error === null && !stopped() && performance.now() < deadline) {
      const began = performance.now();
      try {
        await operation(index);
      } catch (thrown) {
        error ??= thrown instanceof Error ? thrown.message : String(thrown);
        return;
      }
      latencies.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return { latencies, seconds: (performance.now() - start) / 1000, error };
}

function summarize(latencies: number[], seconds: number, statements: number, error: string | null): Omit<Measurement, 'cpuMsPerOp'> {
  const sorted = Float64Array.from(latencies).sort();
  const ops = sorted.length;
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    ops,
    seconds,
    opsPerSec: seconds > 0 ? ops / seconds : 0,
    latencyMs: {
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      mean: ops ? sum / ops : Number.NaN,
      max: ops ? sorted[ops - 1]! : Number.NaN,
    },
    statementsPerOp: ops > 0 && error === null ? statements / ops : null,
    error,
  };
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}
