/** The figures of `npm run bench`: their shape (also the `--json` output) and the text table. */
import type { CpuSample } from './cpu.js';
import type { LatencySummary } from './measure.js';

/** `floor`: the HTTP floor of a read (http-floor.ts): its transport alone. */
export type Layer = 'agentstack' | 'raw-pg' | 'http' | 'peer' | 'floor';
export type Mode = 'sequential' | 'concurrent';

export interface ResultRow {
  operation: string;
  layer: Layer;
  mode: Mode;
  concurrency: number;
  ops: number;
  seconds: number;
  opsPerSec: number;
  latencyMs: LatencySummary;
  /** SQL statements sent per call (BEGIN and COMMIT included); null when not counted. */
  statementsPerOp: number | null;
  /** CPU milliseconds per call: the server's processes, its database backends, the client; null when not accounted. */
  cpuMsPerOp?: CpuSample | null;
  error: string | null;
}

/** A layer against its lower bound at the same mode: AgentStack vs raw pg, HTTP vs AgentStack. */
export interface Overhead {
  operation: string;
  mode: Mode;
  layer: Layer;
  baseline: { layer: Layer; operation: string };
  /** layer p50 / baseline p50. */
  p50Ratio: number;
  /** layer p50 − baseline p50, in ms. */
  p50DeltaMs: number;
  /** layer ops/s / baseline ops/s. */
  throughputRatio: number;
}

export interface MemorySnapshot {
  at: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

export interface BenchReport {
  date: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; totalMemoryMb: number };
  database: { kind: 'postgres' | 'embedded'; source: string; url: string; serverVersion: string; schema: string };
  settings: { quick: boolean; concurrency: number; warmupMs: number; durationMs: number; rounds: number; seedTasks: number; http: boolean; peer?: string | null };
  results: ResultRow[];
  overheads: Overhead[];
  memory: { snapshots: MemorySnapshot[]; maxRssMb: number };
  notes: string[];
  totalSeconds: number;
  ok: boolean;
}

export function memorySnapshot(at: string): MemorySnapshot {
  const usage = process.memoryUsage();
  return { at, rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external) };
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** Pairs every non-baseline row with its baseline at the same mode. */
export function overheads(
  results: ResultRow[],
  pairs: { operation: string; layer: Layer; baseline: { layer: Layer; operation: string } }[],
): Overhead[] {
  const found: Overhead[] = [];
  for (const pair of pairs) {
    for (const mode of ['sequential', 'concurrent'] as const) {
      const row = results.find((r) => r.operation === pair.operation && r.layer === pair.layer && r.mode === mode);
      const base = results.find((r) => r.operation === pair.baseline.operation && r.layer === pair.baseline.layer && r.mode === mode);
      if (!row || !base || row.error || base.error || row.ops === 0 || base.ops === 0) continue;
      found.push({
        operation: pair.operation,
        mode,
        layer: pair.layer,
        baseline: pair.baseline,
        p50Ratio: row.latencyMs.p50 / base.latencyMs.p50,
        p50DeltaMs: row.latencyMs.p50 - base.latencyMs.p50,
        throughputRatio: row.opsPerSec / base.opsPerSec,
      });
    }
  }
  return found;
}

const LAYER_LABEL: Record<Layer, string> = { agentstack: 'AgentStack', 'raw-pg': 'raw pg', http: 'HTTP', peer: 'PostGraphile', floor: 'HTTP floor' };

export function formatTable(report: BenchReport): string {
  const lines: string[] = [];
  const { database: db, machine: m, settings: s } = report;
  lines.push(`AgentStack benchmark, ${report.date} (measured on this machine)`);
  lines.push(`machine:  ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryMb} MB RAM, Node ${m.node} (${m.platform})`);
  lines.push(
    db.kind === 'postgres'
      ? `database: PostgreSQL ${db.serverVersion}, ${db.source}: ${db.url}, schema ${db.schema}`
      : `database: embedded (PGlite over pglite-socket, in memory; server_version ${db.serverVersion}), ${db.source}, schema ${db.schema}`,
  );
  lines.push(
    `settings: ${s.quick ? 'quick' : 'full'}; per row ${s.warmupMs} ms warm-up + ${s.durationMs} ms timed in ${s.rounds} ` +
      `turn${s.rounds === 1 ? '' : 's'} alternating with the other layers; concurrent = ${s.concurrency} in flight; ${s.seedTasks} seeded tasks`,
  );
  lines.push('lower bound: raw pg for the AgentStack rows, AgentStack (same operation, same mode) for the HTTP rows;');
  if (s.peer) lines.push('PostGraphile rows: the peer over HTTP, alternating with the HTTP rows; their ratio is AgentStack over HTTP ÷ PostGraphile;');
  lines.push('×: AgentStack ÷ raw (or HTTP ÷ AgentStack); seq = one call at a time, c=N = N calls in flight. Times in ms.');
  lines.push('');
  const header = ['operation', 'mode', 'layer', 'ops', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'stmts/op', 'cpu ms/op srv+db+cli', 'vs lower bound: p50, ops/s'];
  const rows: string[][] = [];
  let previous = '';
  for (const row of report.results) {
    const mode = row.mode === 'sequential' ? 'seq' : `c=${row.concurrency}`;
    const name = row.operation === previous ? '' : row.operation;
    previous = row.operation;
    if (row.error) {
      rows.push([name, mode, LAYER_LABEL[row.layer], String(row.ops), 'FAILED', row.error.slice(0, 60), '', '', '', '', '']);
      continue;
    }
    const overhead = report.overheads.find((o) => o.operation === row.operation && o.layer === row.layer && o.mode === row.mode);
    rows.push([
      name,
      mode,
      LAYER_LABEL[row.layer],
      String(row.ops),
      row.opsPerSec.toFixed(0),
      ms(row.latencyMs.p50),
      ms(row.latencyMs.p95),
      ms(row.latencyMs.p99),
      row.statementsPerOp === null ? '' : row.statementsPerOp.toFixed(1),
      cpuCell(row.cpuMsPerOp ?? null),
      overhead && overhead.layer === 'peer'
        ? // The peer row: AgentStack (over HTTP) ÷ the peer.
          `AgentStack ÷ PostGraphile: ops/s ×${(1 / overhead.throughputRatio).toFixed(2)}, p50 ×${(1 / overhead.p50Ratio).toFixed(2)}`
        : overhead
        ? `p50 ×${overhead.p50Ratio.toFixed(2)} (${overhead.p50DeltaMs >= 0 ? '+' : '−'}${ms(Math.abs(overhead.p50DeltaMs))} ms), ` +
          `ops/s ×${overhead.throughputRatio.toFixed(2)}` +
          (overhead.baseline.layer === 'agentstack' ? ' vs AgentStack' : overhead.layer === 'http' || overhead.layer === 'floor' ? ' vs raw pg' : '')
        : '',
    ]);
  }
  const numeric = new Set([3, 4, 5, 6, 7, 8, 9]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  lines.push(render(header));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(render(row));
  lines.push('');
  lines.push('memory (this process: benchmark, agentStack, pools' + (db.kind === 'embedded' ? ', PGlite' : '') + (s.http ? ', HTTP server' : '') + '):');
  for (const snap of report.memory.snapshots) {
    lines.push(
      `  ${snap.at.padEnd(22)} rss ${snap.rssMb.toFixed(1).padStart(7)} MB  heap used ${snap.heapUsedMb.toFixed(1).padStart(6)} MB` +
        `  heap total ${snap.heapTotalMb.toFixed(1).padStart(6)} MB  external ${snap.externalMb.toFixed(1).padStart(6)} MB`,
    );
  }
  lines.push(`  peak rss ${report.memory.maxRssMb.toFixed(1)} MB`);
  if (report.notes.length) {
    lines.push('');
    lines.push('notes:');
    for (const note of report.notes) lines.push(`  - ${note}`);
  }
  lines.push('');
  lines.push(`total ${report.totalSeconds.toFixed(1)} s${report.ok ? '' : '  (INCOMPLETE OR FAILED: see the table and notes)'}`);
  return lines.join('\n');
}

/** "total = server+database+client", the sides a row does not account left out. */
function cpuCell(cpu: CpuSample | null): string {
  if (!cpu) return '';
  const total = cpu.server + cpu.database + cpu.client;
  return `${total.toFixed(2)} = ${cpu.server.toFixed(2)}+${cpu.database.toFixed(2)}+${cpu.client.toFixed(2)}`;
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}
