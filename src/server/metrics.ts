import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AgentStack } from '../core/index.js';
import type { DatabasePoolStats } from '../store/index.js';

/** What the subscription transport (ws.ts) reports at each scrape. */
export interface TransportStats {
  /** Open WebSocket connections. */
  connections: number;
  /** Open subscriptions (live, replaying or waiting to replay). */
  subscriptions: number;
  /** The most events any open subscription is behind the log head (event-feed.ts). */
  largestLag: number;
  /** The newest event sequence the feed has read. */
  head: number;
}

/**
 * Operation names are chosen by clients: as labels they must not grow without bound. A name is its
 * own label when it is a GraphQL name of at most 64 characters and among the first
 * `OPERATION_NAMES_LIMIT` distinct names this process has seen (the names real clients send are a
 * small fixed set: the client documents, a router's generated names); anything else is `other`,
 * an operation without a name `anonymous`. A growing `other` says the limit was reached.
 */
export const OPERATION_NAMES_LIMIT = 100;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Outcomes are error codes (SCREAMING_SNAKE_CASE, from protocol.ts or Apollo) or OK; anything else is OTHER. */
const OUTCOME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** How POST /graphql was answered (graphql-direct.ts). */
export type HttpLane = 'direct' | 'apollo';

/** The latency buckets (seconds): 5 ms to the 10 s execution budget and beyond. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The Prometheus metrics of one server (`GET /metrics`): a registry of its own, so several servers
 * in one process (tests) do not collide, and nothing is registered in prom-client's global
 * registry. Process metrics (CPU, memory, event loop, GC) are process-wide: collected once per
 * process into a registry of their own and merged into every exposition.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly operationNamesLimit: number;
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly events: Counter<'type'>;
  private readonly toolCalls: Histogram<'tool' | 'outcome'>;
  private readonly lanes: Record<HttpLane, Counter.Internal>;
  private transport: (() => TransportStats) | null = null;
  private pools: (() => DatabasePoolStats) | null = null;

  constructor(options: { operationNamesLimit?: number } = {}) {
    this.operationNamesLimit = options.operationNamesLimit ?? OPERATION_NAMES_LIMIT;
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'agentstack_graphql_requests_total',
      help: 'GraphQL queries and mutations answered (HTTP and graphql-ws), by operation name and outcome (the first error code, or OK)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'agentstack_graphql_request_duration_seconds',
      help: 'Time to answer a GraphQL query or mutation, by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    // A histogram counts too (its _count): one metric for MCP tool calls, by tool (a fixed set) and outcome.
    this.toolCalls = new Histogram({
      name: 'agentstack_mcp_tool_call_duration_seconds',
      help: 'MCP tool calls answered (Streamable HTTP at /mcp), by tool and outcome (the error code, or OK), and their time',
      labelNames: ['tool', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.events = new Counter({
      name: 'agentstack_events_appended_total',
      help: 'Events this process appended to the event log (each replica counts its own writes), by type',
      labelNames: ['type'],
      registers,
    });
    const lanes = new Counter({
      name: 'agentstack_graphql_http_lane_total',
      help: 'POST /graphql requests by lane: direct (executed without Apollo Server\'s pipeline, graphql-direct.ts) or apollo (handed to it: an invalid document, introspection, persisted queries, a router\'s trace, a failure before execution)',
      labelNames: ['lane'],
      registers,
    });
    this.lanes = { direct: lanes.labels('direct'), apollo: lanes.labels('apollo') };
    const transport = () => this.transport?.() ?? null;
    const connections: Gauge = new Gauge({
      name: 'agentstack_websocket_connections',
      help: 'Open graphql-ws connections',
      registers,
      collect: () => connections.set(transport()?.connections ?? 0),
    });
    const subscriptions: Gauge = new Gauge({
      name: 'agentstack_subscriptions_active',
      help: 'Open subscriptions (live, replaying history, or waiting for their turn to)',
      registers,
      collect: () => subscriptions.set(transport()?.subscriptions ?? 0),
    });
    const lag: Gauge = new Gauge({
      name: 'agentstack_subscriber_lag_events',
      help: 'Events the fullest open subscription holds for its client (live events not taken yet, or a history batch read); replays in progress show in agentstack_subscriptions_active and /health',
      registers,
      collect: () => lag.set(transport()?.largestLag ?? 0),
    });
    const head: Gauge = new Gauge({
      name: 'agentstack_event_log_head',
      help: 'The newest event sequence the subscription feed has read from the log',
      registers,
      collect: () => head.set(transport()?.head ?? 0),
    });
    const pool: Gauge<'pool' | 'state'> = new Gauge({
      name: 'agentstack_db_pool_connections',
      help: 'Database pool connections: used (checked out), free (idle), pending (callers waiting for one); pool read exists only with a read pool of its own',
      labelNames: ['pool', 'state'],
      registers,
      collect: () => {
        pool.reset();
        const stats = this.pools?.();
        if (!stats) return;
        for (const [name, counts] of [['write', stats.write], ['read', stats.read]] as const) {
          if (!counts) continue;
          pool.set({ pool: name, state: 'used' }, counts.used);
          pool.set({ pool: name, state: 'free' }, counts.free);
          pool.set({ pool: name, state: 'pending' }, counts.pending);
        }
      },
    });
  }

  /** A POST /graphql request taken by one lane (graphql-direct.ts). */
  countHttpLane(lane: HttpLane): void {
    this.lanes[lane].inc();
  }

  /** One query or mutation answered: `seconds` from its arrival to its answer. */
  observeOperation(operationName: string | null | undefined, outcome: string, seconds: number): void {
    const labels = { operation: this.operationLabel(operationName), outcome: OUTCOME.test(outcome) ? outcome : 'OTHER' };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  /** One MCP tool call answered (its tool is one of the fixed set: unknown tools never get here). */
  observeToolCall(tool: string, outcome: string, seconds: number): void {
    this.toolCalls.observe({ tool: OPERATION_NAME.test(tool) ? tool : 'other', outcome: OUTCOME.test(outcome) ? outcome : 'OTHER' }, seconds);
  }

  /** The subscription transport's counts, read at each scrape. */
  observeTransport(stats: () => TransportStats): void {
    this.transport = stats;
  }

  /** The database's pools, read at each scrape. */
  observeDatabase(stats: () => DatabasePoolStats): void {
    this.pools = stats;
  }

  /** Counts the events AgentStack commits in this process; answers the function that stops counting. */
  countEvents(agentStack: Pick<AgentStack, 'on'>): () => void {
    return agentStack.on((event) => this.events.inc({ type: event.type }));
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition: this server's metrics and the process's. */
  async exposition(): Promise<string> {
    return Registry.merge([processRegistry(), this.registry]).metrics();
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.operationNamesLimit) return 'other';
    this.operationNames.add(name);
    return name;
  }
}

let processMetrics: Registry | null = null;

/** Process metrics (prom-client's defaults: CPU, memory, handles, event loop lag, GC), once per process. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
