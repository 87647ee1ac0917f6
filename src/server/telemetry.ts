/**
 * OpenTelemetry tracing: HTTP (incoming requests), Express, GraphQL (parse, validate, execute,
 * resolvers) and PostgreSQL (`pg`, under knex) spans, one trace per request, exported over OTLP.
 *
 * On only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; main.ts
 * then imports this module, and calls `startTracing` before it imports anything that loads express,
 * pg or graphql. Off, nothing of the SDK is loaded: main.ts never imports this file.
 *
 * ESM on Node 20: the application's own `import`s (express, node:http) are only seen through a
 * module loader hook, import-in-the-middle's, registered here with `module.register` before those
 * modules load, and told to wrap only the modules the instrumentations hook (the message channel);
 * the CommonJS modules below them (pg under knex, graphql's files) are patched by
 * require-in-the-middle as usual. Both work when this runs at the top of the process, before the
 * dynamic import of the server (main.ts), or from `node --import` of a file that calls it.
 */
import { register } from 'node:module';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createAddHookMessageChannel } from 'import-in-the-middle';

export interface Tracing {
  /** Exports what is pending and stops (on shutdown, after the server has closed). */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /**
   * Where spans go. Default: OTLP over HTTP (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`
   * (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), with OTEL_EXPORTER_OTLP_HEADERS, in batches. A given
   * exporter (tests: an InMemorySpanExporter) gets each span as it ends.
   */
  spanExporter?: SpanExporter;
  /** Default: OTEL_SERVICE_NAME, else `agentstack`. */
  serviceName?: string;
}

/** Paths that are polled (probes, scrapes): no traces for them. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);
/** Long statements (batches) are cut in span attributes. */
const MAX_STATEMENT_LENGTH = 2_000;

export async function startTracing(options: TracingOptions = {}): Promise<Tracing> {
  // First the loader hook, so that every module imported from now on can be instrumented.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const [{ NodeSDK }, base, { OTLPTraceExporter }, http, express, graphql, pg] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-graphql'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const spanProcessor = options.spanExporter ? new base.SimpleSpanProcessor(options.spanExporter) : new base.BatchSpanProcessor(new OTLPTraceExporter());
  const ratio = samplingRatio(process.env.OTEL_TRACES_SAMPLER_ARG);
  const sdk = new NodeSDK({
    serviceName: options.serviceName ?? (process.env.OTEL_SERVICE_NAME?.trim() || 'agentstack'),
    spanProcessors: [spanProcessor],
    // A trace starts with a request (or a graphql-ws operation's execution), sampled at
    // OTEL_TRACES_SAMPLER_ARG (default 1: all); its spans follow their parent's decision.
    sampler: new base.ParentBasedSampler({
      root: new WithoutOrphanSteps(ratio >= 1 ? new base.AlwaysOnSampler() : new base.TraceIdRatioBasedSampler(ratio), base.SamplingDecision.NOT_RECORD),
    }),
    instrumentations: [
      new http.HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]!),
      }),
      new express.ExpressInstrumentation(),
      // Default resolvers (a field read off its parent) would be most of the spans and say nothing.
      new graphql.GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new pg.PgInstrumentation({
        // SQL outside a request (the subscription feed's polls, LISTEN, /ready) makes no traces of its own.
        requireParentSpan: true,
        // The store inlines values into its SQL (src/store/sql.ts): spans carry the statement without them.
        requestHook: (span, { query }) => {
          const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
          for (const key of ['db.statement', 'db.query.text']) {
            if (key in attributes) span.setAttribute(key, withoutLiterals(query.text));
          }
        },
      }),
    ],
  });
  sdk.start();
  // The loader has taken note of every module to wrap before anything imports them.
  await waitForAllMessagesAcknowledged();
  return { shutdown: () => sdk.shutdown() };
}

/**
 * GraphQL's parse and validate steps outside any request (building the schema at start-up;
 * graphql-ws checking an operation before it runs) would each be a trace of one span: not recorded.
 */
const ORPHAN_STEPS = new Set(['graphql.parse', 'graphql.parseSchema', 'graphql.validate']);

class WithoutOrphanSteps implements Sampler {
  constructor(
    private readonly delegate: Sampler,
    private readonly drop: SamplingResult['decision'],
  ) {}

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (ORPHAN_STEPS.has(spanName)) return { decision: this.drop };
    return this.delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `WithoutOrphanSteps{${this.delegate.toString()}}`;
  }
}

/** OTEL_TRACES_SAMPLER_ARG: the share of traces kept, 0 to 1 (default 1). */
function samplingRatio(value: string | undefined): number {
  const ratio = Number(value?.trim() || '1');
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  return ratio;
}

/** SQL with its string and number literals replaced by `?`, cut to a bounded length. */
export function withoutLiterals(sql: string): string {
  const masked = sql
    .replace(/\b[Ee]'(?:[^'\\]|\\.|'')*'/g, '?')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, '?')
    .replace(/(?<![\w$."])-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/g, '?');
  return masked.length > MAX_STATEMENT_LENGTH ? `${masked.slice(0, MAX_STATEMENT_LENGTH)}…` : masked;
}
