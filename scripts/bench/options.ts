/** Command-line options of `npm run bench`, and the loopback rule for the target database. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  /** Force the embedded database even when DATABASE_URL is set. */
  embedded: boolean;
  http: boolean;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Turns each contender's timed window is split into (contenders alternate). */
  rounds: number;
  seedTasks: number;
  /** A peer served over the same tables, measured over HTTP beside AgentStack's HTTP rows. */
  peer: 'postgraphile' | null;
  /** Only the operations whose name starts with one of these (null: all). */
  only: string[] | null;
}

export const USAGE = `npm run bench [-- options]

Measures AgentStack (the agentStack over the PostgreSQL store) against raw pg on the same
tables, and the HTTP GraphQL endpoint, on DATABASE_URL (loopback only) or the embedded database.

  --quick            short windows (~15 s in all) instead of the default (~75 s)
  --json             print the figures as JSON on stdout (progress still goes to stderr)
  --embedded         use the embedded database even if DATABASE_URL is set (no raw baseline)
  --no-http          skip the HTTP GraphQL measurements
  --concurrency N    calls in flight in the concurrent runs (default 8)
  --duration MS      timed calls per layer, operation and mode (default 2000, quick 350)
  --rounds N         split into N turns, the layers alternating (default 4, quick 2)
  --warmup MS        untimed calls before each measurement (default 300, quick 100)
  --seed N           tasks seeded for the reads (default 10000, quick 2000)
  --peer postgraphile  add PostGraphile 5 (../shared/peers/postgraphile/run.sh) over the same
                     tables: HTTP rows for task by id and a page of 50 tasks, alternating with
                     AgentStack's, with the ratio AgentStack ÷ PostGraphile (real PostgreSQL only)
  --only A,B         only the operations whose name starts with A or B (e.g. getTask,listTasks);
                     startup: the start-up rows, npm start → /ready (scripts/bench/startup.ts);
                     fanout and memory name the graphql-ws rows (real PostgreSQL only): fan-out
                     latency (1,000 subscribers over 2 replicas, 10,000 on one) and idle memory
                     per connection and per subscription (10,000 × 1, 100 × 100)
  -h, --help         this text`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      embedded: { type: 'boolean', default: false },
      'no-http': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      peer: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  return {
    quick,
    json: values.json === true,
    embedded: values.embedded === true,
    http: values['no-http'] !== true,
    concurrency: integer('--concurrency', values.concurrency, 8, 1, 64),
    durationMs: integer('--duration', values.duration, quick ? 350 : 2000, 50, 30_000),
    warmupMs: integer('--warmup', values.warmup, quick ? 100 : 300, 0, 10_000),
    rounds: integer('--rounds', values.rounds, quick ? 2 : 4, 1, 100),
    seedTasks: integer('--seed', values.seed, quick ? 2000 : 10_000, 100, 1_000_000),
    peer: peerName(values.peer),
    only: values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null,
  };
}

function peerName(text: string | undefined): 'postgraphile' | null {
  if (text === undefined) return null;
  if (text !== 'postgraphile') throw new Error(`--peer must be postgraphile, not ${JSON.stringify(text)}`);
  return text;
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** The benchmark talks to this machine only: 127.0.0.0/8, ::1, localhost or a Unix socket. */
export function isLoopbackUrl(databaseUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return false;
  }
  const socketHost = url.searchParams.get('host');
  if (socketHost !== null) return socketHost.startsWith('/');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return true; // libpq default: the local Unix socket
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The URL with any password blanked, for printing. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
