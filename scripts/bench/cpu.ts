/**
 * CPU time spent on a contender's behalf: its server's processes, the PostgreSQL backends
 * serving it, and this process (the client). On a machine whose cores are shared, throughput and
 * latency move with whatever else runs; the CPU a call costs each side hardly does, so the
 * benchmark prints it next to ops/s (Linux only: it reads /proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import type pg from 'pg';

/** Milliseconds per clock tick in /proc/<pid>/stat (USER_HZ is 100 on every Linux we run on). */
const MS_PER_TICK = 10;

export interface CpuSample {
  /** The server's process tree (the peer's includes its shell wrapper). */
  server: number;
  /** The PostgreSQL backends whose application_name is the contender's. */
  database: number;
  /** This process: the fetch loop (or, in process, AgentStack itself). */
  client: number;
}

/** Where a contender's CPU is read; a missing part reads as 0. */
export interface CpuSources {
  serverPid?: number;
  applicationName?: string;
}

export const CPU_ACCOUNTING = process.platform === 'linux';

/** Reads the CPU each side has used so far, in milliseconds (monotonic per side). */
export async function sampleCpu(sources: CpuSources, admin: pg.Pool | pg.Client): Promise<CpuSample> {
  const client = cpuUsage();
  return {
    server: sources.serverPid ? treeCpuMs(sources.serverPid) : 0,
    database: sources.applicationName ? await backendsCpuMs(admin, sources.applicationName) : 0,
    client: (client.user + client.system) / 1000,
  };
}

export function cpuSpent(before: CpuSample, after: CpuSample): CpuSample {
  return { server: after.server - before.server, database: after.database - before.database, client: after.client - before.client };
}

/**
 * Backends come and go with pools, and a backend that exited between two samples takes its CPU
 * with it: so the pools must be warm (the warm-up opens them) and keep their connections.
 */
async function backendsCpuMs(admin: pg.Pool | pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return rows.reduce((sum, row) => sum + (processCpuMs(row.pid) ?? 0), 0);
}

function treeCpuMs(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === null) continue;
    const siblings = children.get(parent);
    if (siblings) siblings.push(Number(entry));
    else children.set(parent, [Number(entry)]);
  }
  let total = 0;
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop()!;
    total += processCpuMs(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** utime + stime of a live process (its own threads included), or null once it has exited. */
export function processCpuMs(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK : null;
}

function parentOf(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : null;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
