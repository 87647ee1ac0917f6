import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTaskDocument } from '../../src/client/generated/graphql.js';
import { withoutLiterals } from '../../src/server/telemetry.js';
import { tracingRequested } from '../../src/server/tracing-switch.js';
import { waitFor } from '../helpers/wait.js';
import { as, bearer, data } from './helpers/client.js';

// Tracing needs its instrumentation in place before express, pg and graphql load, and a module
// loader hook for ESM: each test runs a server process of its own, started the way main.ts starts.

const ROOT = resolve(import.meta.dirname, '../..');
const OWNER = 'did:coinpay:user:traced';
const TITLE = 'Secret plans for the trace';
const START_TIMEOUT_MS = 60_000;

interface SpanView {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  scope: string;
  attributes: Record<string, unknown>;
  service?: string;
}

const SERVER = 1; // SpanKind.SERVER

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts a process; resolves with its lines (stdout and stderr) once one matches `ready`. */
async function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(`stderr: ${line}`));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const match = await waitFor(
    `the process to be ready (${lines.join('\n')})`,
    () => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${lines.join('\n')}`);
      return lines.map((line) => ready.exec(line)).find(Boolean);
    },
    START_TIMEOUT_MS,
  );
  return { child, lines, match: match!, exited };
}

/** The ancestors of a span, nearest first, within the spans seen. */
function ancestors(span: SpanView, spans: SpanView[]): SpanView[] {
  const chain: SpanView[] = [];
  for (let current = span; current.parentSpanId; ) {
    const parent = spans.find((candidate) => candidate.spanId === current.parentSpanId);
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** One mutation's trace: HTTP server span at the root, GraphQL below it, the INSERT below that. */
function assertMutationTrace(spans: SpanView[]) {
  const insert = spans.find((span) => span.scope === '@opentelemetry/instrumentation-pg' && /^pg\.query:/.test(span.name) && String(span.attributes['db.query.text'] ?? span.attributes['db.statement']).includes('INSERT INTO "tasks"'));
  expect(insert, 'a pg span for the INSERT into tasks').toBeDefined();
  const trace = spans.filter((span) => span.traceId === insert!.traceId);
  const chain = ancestors(insert!, trace);
  const root = chain.at(-1)!;
  expect(root).toMatchObject({ scope: '@opentelemetry/instrumentation-http', kind: SERVER, name: 'POST /graphql', parentSpanId: null });
  expect(chain.map((span) => span.name)).toContain('graphql.resolve createTask');
  expect(chain.map((span) => span.name)).toContain('mutation CreateTask');
  // The event appended by the same statement (src/store/event-log.ts): one span for the write.
  expect(String(insert!.attributes['db.query.text'] ?? insert!.attributes['db.statement'])).toContain('INSERT INTO "events"');
  // SQL without its values: the title the client sent is not in any span.
  expect(JSON.stringify(spans)).not.toContain(TITLE);
  return { trace, root };
}

describe('tracing (OpenTelemetry)', () => {
  it('one mutation over HTTP is one trace: HTTP → Express → GraphQL → SQL (in-memory exporter)', async () => {
    const server = await start(['--import', 'tsx', 'test/server/fixtures/traced-server.ts'], { ...process.env, NODE_ENV: 'test' }, /^READY (\S+)$/);
    const url = server.match[1]!;
    const origin = url.replace(/\/graphql$/, '');
    await fetch(`${origin}/health`, { signal: AbortSignal.timeout(10_000) });
    await data(url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: TITLE } }, as(OWNER));

    server.child.stdin!.write('spans\n');
    const line = await waitFor('the spans', () => server.lines.find((candidate) => candidate.startsWith('SPANS ')));
    const spans = JSON.parse(line.slice('SPANS '.length)) as SpanView[];
    const { trace, root } = assertMutationTrace(spans);
    expect(root.service).toBe('agentstack-test');
    expect(trace.some((span) => span.scope === '@opentelemetry/instrumentation-express')).toBe(true);
    expect(root.attributes).toMatchObject({ 'http.route': '/graphql' });
    // Probes make no traces; neither does GraphQL's own parsing at start-up.
    expect(spans.filter((span) => span.kind === SERVER).map((span) => span.name)).toEqual(['POST /graphql']);
    expect(spans.filter((span) => span.parentSpanId === null).map((span) => span.name)).toEqual(['POST /graphql']);

    server.child.stdin!.end();
    expect(await server.exited).toBe(0);
  }, 90_000);

  it('main.ts with OTEL_EXPORTER_OTLP_ENDPOINT exports the trace over OTLP/HTTP', async () => {
    // A collector: OTLP/HTTP JSON on /v1/traces.
    const received: SpanView[] = [];
    const collector: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.url === '/v1/traces') received.push(...fromOtlpJson(JSON.parse(body)));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => collector.listen(0, '127.0.0.1', listening));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      // Production: JSON logs (to read their trace ids), bearer tokens.
      const secret = 'tracing-test-secret-of-at-least-32-bytes';
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', AGENTSTACK_JWT_SECRET: secret, PORT: '0', HOST: '127.0.0.1', AGENTSTACK_DATA_DIR: 'memory://', LOG_LEVEL: 'info' };
      for (const name of ['DATABASE_URL', 'AGENTSTACK_JWKS_URL', 'AGENTSTACK_JWT_ISSUER', 'AGENTSTACK_JWT_AUDIENCE']) delete env[name];
      Object.assign(env, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'agentstack-main', OTEL_BSP_SCHEDULE_DELAY: '100' });
      const server = await start(['--import', 'tsx', 'src/server/main.ts'], env, /ready at (http:\/\/\S+)/);
      expect(server.lines.join('\n')).toContain('Tracing: exporting spans over OTLP');
      const url = server.match[1]!;
      await data(url, CreateTaskDocument, { input: { ownerDid: OWNER, sourceApp: 'app', title: TITLE } }, await bearer(OWNER, secret));
      await waitFor('the trace at the collector', () => received.some((span) => /^pg\.query:/.test(span.name)) && received.some((span) => span.kind === SERVER), 15_000);
      const { root } = assertMutationTrace(received);
      expect(root.service).toBe('agentstack-main');
      // The request's log line names the trace (logs and traces join on trace_id).
      // It reaches this process through a pipe, in its own time (under load, after the spans).
      const logged = await waitFor('the request\'s log line', () =>
        server.lines.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [])).find((line) => line.operationName === 'CreateTask'),
      );
      expect(logged).toMatchObject({ outcome: 'OK', trace_id: root.traceId });

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.lines.join('\n')).toContain('Shut down cleanly');
    } finally {
      await new Promise<void>((closed) => collector.close(() => closed()));
    }
  }, 90_000);

  it('is on only with an OTLP endpoint (and not OTEL_SDK_DISABLED); SQL in spans has no literals', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);

    expect(withoutLiterals(`SELECT * FROM "tasks" WHERE "owner_did" = 'did:coinpay:user:o''brien' AND "version" = 3 LIMIT 51`)).toBe(
      'SELECT * FROM "tasks" WHERE "owner_did" = ? AND "version" = ? LIMIT ?',
    );
    expect(withoutLiterals(`INSERT INTO "t2" ("a") VALUES (E'x\\'y', $$body$$, $tag$more$tag$, -1.5e3)`)).toBe('INSERT INTO "t2" ("a") VALUES (?, ?, ?, ?)');
    expect(withoutLiterals('x'.repeat(3_000))).toHaveLength(2_001);
  });
});

/** OTLP/HTTP JSON (ExportTraceServiceRequest) → the span view the tests read. */
function fromOtlpJson(request: {
  resourceSpans: {
    resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
    scopeSpans: { scope: { name: string }; spans: { name: string; kind: number; traceId: string; spanId: string; parentSpanId?: string; attributes?: { key: string; value: Record<string, unknown> }[] }[] }[];
  }[];
}): SpanView[] {
  const value = (attribute: { value: Record<string, unknown> }) => Object.values(attribute.value)[0];
  return request.resourceSpans.flatMap((resourceSpans) => {
    const service = resourceSpans.resource?.attributes?.find((attribute) => attribute.key === 'service.name');
    return resourceSpans.scopeSpans.flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        name: span.name,
        // OTLP numbers kinds from 1 (INTERNAL); the API from 0.
        kind: span.kind - 1,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || null,
        scope: scopeSpans.scope.name,
        attributes: Object.fromEntries((span.attributes ?? []).map((attribute) => [attribute.key, value(attribute)])),
        service: service ? String(value(service)) : undefined,
      })),
    );
  });
}
