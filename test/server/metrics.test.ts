import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTaskDocument, TasksDocument, UpdateTaskStatusDocument } from '../../src/client/generated/graphql.js';
import { AgentStack } from '../../src/core/index.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { createAgentStackServer, type AgentStackServer } from '../../src/server/app.js';
import { ServerMetrics } from '../../src/server/metrics.js';
import { EventFeed } from '../../src/server/subscriptions/event-feed.js';
import { attachSubscriptions } from '../../src/server/ws.js';
import { openDatabase, type Database } from '../../src/store/index.js';
import { waitFor } from '../helpers/wait.js';
import { createTasks } from '../subscriptions/helpers/world.js';
import { Collector, connect } from '../subscriptions/helpers/ws-client.js';
import { as, data, errorCodes, execute } from './helpers/client.js';

// `GET /metrics` scraped over HTTP as Prometheus would, on a real server (HTTP, graphql-ws) on the
// embedded database (real pools, real SQL), and the exposition parsed line by line.

const OWNER = 'did:coinpay:user:metrics';

// ---- the text exposition format (version 0.0.4), parsed -------------------------------------
// prom-client writes it and has no parser; the parsers on npm are unmaintained, and the format is
// small: `# HELP name text`, `# TYPE name type`, and `name{label="value",…} value` samples whose
// label values escape \\, \" and \n.

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;

function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      else if (!/^# HELP \S+ .*$/.test(line)) throw new Error(`Not a HELP or TYPE line: ${line}`);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? '';
    LABEL.lastIndex = 0;
    let consumed = 0;
    for (let label = LABEL.exec(body); label; label = LABEL.exec(body)) {
      labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
      consumed = LABEL.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`Labels not parsed: ${line}`);
    // Go's ParseFloat, which Prometheus uses, takes NaN and Inf in any case (prom-client writes `Nan`).
    const text = match[3]!.toLowerCase();
    const value = text === '+inf' || text === 'inf' ? Infinity : text === '-inf' ? -Infinity : text === 'nan' ? NaN : Number(text);
    if (Number.isNaN(value) && text !== 'nan') throw new Error(`Not a value: ${line}`);
    samples.push({ name: match[1]!, labels, value });
  }
  // Every sample belongs to a declared family (histograms: _bucket, _sum, _count).
  for (const sample of samples) {
    const family = sample.name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(sample.name) && !types.has(family)) throw new Error(`No TYPE for ${sample.name}`);
  }
  return { types, samples };
}

/** The value of the one sample with exactly these labels (undefined when there is none). */
function value(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = exposition.samples.filter(
    (sample) => sample.name === name && Object.keys(sample.labels).length === Object.keys(labels).length && Object.entries(labels).every(([key, v]) => sample.labels[key] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

// ---- a real server -----------------------------------------------------------------------

let database: Database;
let server: AgentStackServer;
let url: string;
let origin: string;
const clients: Client[] = [];

beforeAll(async () => {
  database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  const agentStack = new AgentStack({ store: database.store });
  server = await createAgentStackServer({
    agentStack,
    database,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
    logger: { info: () => {}, error: () => {} },
    onHttpServer: async (httpServer, seam) => {
      const subscriptions = await attachSubscriptions(httpServer, { ...seam, database, logger: { error: () => {} } });
      return { dispose: () => subscriptions.close(), health: () => subscriptions.health() };
    },
  });
  url = (await server.listen()).url;
  origin = url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await server?.close();
  await database?.close();
});

async function scrape(): Promise<Exposition> {
  const response = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await response.text());
}

describe('GET /metrics', () => {
  it('is unauthenticated Prometheus text: the families, their types, process metrics', async () => {
    const metrics = await scrape();
    expect(Object.fromEntries([...metrics.types].filter(([name]) => name.startsWith('agentstack_')))).toEqual({
      agentstack_graphql_requests_total: 'counter',
      agentstack_graphql_request_duration_seconds: 'histogram',
      agentstack_graphql_http_lane_total: 'counter',
      agentstack_mcp_tool_call_duration_seconds: 'histogram',
      agentstack_events_appended_total: 'counter',
      agentstack_websocket_connections: 'gauge',
      agentstack_subscriptions_active: 'gauge',
      agentstack_subscriber_lag_events: 'gauge',
      agentstack_event_log_head: 'gauge',
      agentstack_db_pool_connections: 'gauge',
    });
    // prom-client's process metrics.
    expect(value(metrics, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    // The embedded database has one pool (reads share it): write only, every state.
    for (const state of ['used', 'free', 'pending']) expect(value(metrics, 'agentstack_db_pool_connections', { pool: 'write', state })).toBeGreaterThanOrEqual(0);
    expect(metrics.samples.some((sample) => sample.labels.pool === 'read')).toBe(false);
  });

  it('counts queries and mutations by operation and outcome, with their latency, and the events appended', async () => {
    const before = await scrape();
    const count = (exposition: Exposition, operation: string, outcome: string) => value(exposition, 'agentstack_graphql_requests_total', { operation, outcome }) ?? 0;

    await data(url, TasksDocument, { filter: { ownerDid: OWNER } }, as(OWNER));
    await data(url, TasksDocument, { filter: { ownerDid: OWNER } }, as(OWNER));
    const { createTask } = await data(url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: 'Counted' } }, as(OWNER));
    const failed = await execute(url, UpdateTaskStatusDocument, { taskId: 'task_missing', status: 'RUNNING' }, as(OWNER));
    expect(errorCodes(failed)).toEqual(['NOT_FOUND']);
    await execute(url, '{ __typename }');
    await execute(url, '{ tasks(', {});
    // Refused before GraphQL runs (a malformed body: no name can be read from it): anonymous.
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"operationName":"Broken",' });

    const after = await scrape();
    expect(count(after, 'Tasks', 'OK') - count(before, 'Tasks', 'OK')).toBe(2);
    expect(count(after, 'CreateTask', 'OK') - count(before, 'CreateTask', 'OK')).toBe(1);
    expect(count(after, 'UpdateTaskStatus', 'NOT_FOUND') - count(before, 'UpdateTaskStatus', 'NOT_FOUND')).toBe(1);
    expect(count(after, 'anonymous', 'OK') - count(before, 'anonymous', 'OK')).toBe(1);
    expect(count(after, 'anonymous', 'GRAPHQL_PARSE_FAILED') - count(before, 'anonymous', 'GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(count(after, 'anonymous', 'BAD_REQUEST') - count(before, 'anonymous', 'BAD_REQUEST')).toBe(1);

    // The histogram agrees with the counter: a count, a sum, cumulative buckets ending at +Inf.
    const labels = { operation: 'Tasks', outcome: 'OK' };
    const observed = value(after, 'agentstack_graphql_request_duration_seconds_count', labels);
    expect(observed).toBe(count(after, 'Tasks', 'OK'));
    expect(value(after, 'agentstack_graphql_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    const buckets = after.samples.filter((sample) => sample.name === 'agentstack_graphql_request_duration_seconds_bucket' && sample.labels.operation === 'Tasks' && sample.labels.outcome === 'OK');
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: observed });
    expect(buckets.map((bucket) => bucket.value)).toEqual([...buckets.map((bucket) => bucket.value)].sort((a, b) => a - b));

    // The event the mutation wrote, counted by the process that wrote it.
    const appended = (exposition: Exposition) => value(exposition, 'agentstack_events_appended_total', { type: 'task.created' }) ?? 0;
    expect(appended(after) - appended(before)).toBe(1);
    expect(createTask.id).toBeTruthy();
  });

  it('shows WebSocket connections, open subscriptions and the log head', async () => {
    const client = connect(url.replace(/^http/, 'ws'), { 'x-agentstack-did': OWNER });
    clients.push(client);
    const events = new Collector(client, `subscription { agentStackEvents(filter: { ownerDid: "${OWNER}" }) { cursor type } }`);
    const metrics = await waitFor('the subscription in /metrics', async () => {
      const scraped = await scrape();
      return value(scraped, 'agentstack_subscriptions_active') === 1 ? scraped : undefined;
    });
    expect(value(metrics, 'agentstack_websocket_connections')).toBe(1);
    expect(value(metrics, 'agentstack_subscriber_lag_events')).toBe(0);

    await data(url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: 'Live' } }, as(OWNER));
    await events.waitForResults(1);
    const head = value(await scrape(), 'agentstack_event_log_head')!;
    expect(head).toBe(Number(events.data[0]!.agentStackEvents.cursor));

    // A query over graphql-ws counts like one over HTTP; the subscription itself does not.
    const before = value(await scrape(), 'agentstack_graphql_requests_total', { operation: 'OverWs', outcome: 'OK' }) ?? 0;
    const query = new Collector(client, 'query OverWs { __typename }');
    await query.waitForEnd();
    expect(value(await scrape(), 'agentstack_graphql_requests_total', { operation: 'OverWs', outcome: 'OK' })).toBe(before + 1);

    events.stop();
    await client.dispose();
    await waitFor('the connection to be gone from /metrics', async () => {
      const scraped = await scrape();
      return value(scraped, 'agentstack_websocket_connections') === 0 && value(scraped, 'agentstack_subscriptions_active') === 0;
    });
  });
});

describe('ServerMetrics', () => {
  it('bounds the operation label: the first names seen, then other; anonymous; long or odd names are other', async () => {
    const metrics = new ServerMetrics({ operationNamesLimit: 2 });
    for (const name of ['First', 'Second', 'Third', 'First', null, 'x'.repeat(65), 'x'.repeat(64), 'not a name']) metrics.observeOperation(name, 'OK', 0.01);
    metrics.observeOperation('First', 'not-a-code', 0.01);
    const exposition = parseExposition(await metrics.registry.metrics());
    const counts = Object.fromEntries(
      exposition.samples.filter((sample) => sample.name === 'agentstack_graphql_requests_total').map((sample) => [`${sample.labels.operation} ${sample.labels.outcome}`, sample.value]),
    );
    // 'x'.repeat(64) is a valid name, but the two slots are taken.
    expect(counts).toEqual({ 'First OK': 2, 'Second OK': 1, 'other OK': 4, 'anonymous OK': 1, 'First OTHER': 1 });
  });

  it('two servers in one process keep registries of their own (none in the global registry)', async () => {
    const one = new ServerMetrics();
    const two = new ServerMetrics();
    one.observeOperation('Only', 'OK', 0.1);
    expect(value(parseExposition(await one.exposition()), 'agentstack_graphql_requests_total', { operation: 'Only', outcome: 'OK' })).toBe(1);
    expect(value(parseExposition(await two.exposition()), 'agentstack_graphql_requests_total', { operation: 'Only', outcome: 'OK' })).toBeUndefined();
    const { register } = await import('prom-client');
    expect(await register.getMetricsAsJSON()).toEqual([]);
  });
});

describe('subscriber lag (the feed)', () => {
  it('is what a subscription holds for its client: the history batch it read, then the live events it has not taken', async () => {
    const store = new MemoryStore();
    const agentStack = new AgentStack({ store });
    const feed = new EventFeed({ log: store, replayBatchSize: 4, batchSize: 50, safetyPollMs: 0, replayEventsPerSecond: 0 });
    agentStack.on((event) => feed.wake(event.sequence));
    try {
      await createTasks(agentStack, 10, 'lag');
      await feed.start();
      const subscription = await feed.subscribe({ after: 0 });
      // Positions are not consecutive: how much history is left is not known without reading.
      expect(feed.stats()).toMatchObject({ head: 10, largestLag: 0, replaying: 0 });
      await subscription.next(); // one batch of 4 read from the log, one handed out
      expect(feed.stats().largestLag).toBe(3);
      for (let taken = 1; taken < 10; taken++) await subscription.next();
      await waitFor('the subscription to be live', () => feed.stats().largestLag === 0);
      await createTasks(agentStack, 3, 'live');
      await waitFor('the live events in its buffer', () => feed.stats().largestLag === 3);
      expect(feed.stats()).toMatchObject({ head: 13, buffered: 3 });
      await subscription.return();
      expect(feed.stats().largestLag).toBe(0);
    } finally {
      await feed.close();
    }
  });
});
