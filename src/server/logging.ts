import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { trace } from '@opentelemetry/api';
import { pino, stdSerializers, type DestinationStream, type Level, type LevelWithSilent, type Logger, type LoggerOptions } from 'pino';
import type { RequestHandler } from 'express';
import { finalOutcome } from './request-context.js';

export type { Logger } from 'pino';

/** The header a request id travels in: taken from the caller when valid, always answered. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Headers whose values never reach a log line (credentials, sessions), in any record that carries
 * request or response headers. The rest of the headers are logged; bodies never are.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * The logger of the whole process: JSON lines (one object per line, `level` as a label, `time` in
 * ISO-8601) to stdout; in development, when `pino-pretty` is installed (a dev dependency),
 * human-readable lines instead, written by pino-pretty in a worker thread. `destination` (tests)
 * receives the JSON lines instead of stdout.
 */
export function createLogger(options: { level?: LevelWithSilent; production: boolean; destination?: DestinationStream; pretty?: boolean }): Logger {
  const level = options.level ?? 'info';
  const base = baseOptions(level);
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? (!options.production && prettyAvailable());
  if (pretty) {
    // pino-pretty prints level labels itself; a custom level formatter is not allowed with a transport.
    const { formatters: _formatters, ...rest } = base;
    return pino({
      ...rest,
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: Boolean(process.stdout.isTTY),
          translateTime: 'SYS:HH:MM:ss.l',
          destination: 1,
          // A request on one line: `request completed POST /graphql 200 Tasks OK 12 ms` (JSON keeps it all).
          messageFormat: PRETTY_MESSAGE,
          ignore: 'pid,hostname,service,req,res,responseTime,operationName,outcome',
        },
      },
    });
  }
  return pino(base);
}

const PRETTY_MESSAGE =
  '{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}' +
  '{if operationName} {operationName}{end}{if outcome} {outcome}{end}{if responseTime} {responseTime} ms{end}';

function baseOptions(level: LevelWithSilent): LoggerOptions {
  return {
    level,
    base: { service: 'agentstack', pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    // With tracing on (telemetry.ts), a line logged within a span names its trace: logs and traces
    // join on trace_id. (The API alone is a no-op without the SDK: nothing is added then.)
    mixin: traceFields,
    serializers: { err: serializeError, error: serializeError },
  };
}

function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}`.slice(-2) };
}

/** pino-pretty is a dev dependency: a production install (npm ci --omit=dev) has none. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * pino's error serializer (type, message, stack, cause, own fields), minus what may hold a request
 * body: body-parser's errors carry the raw body they failed to parse (`body`), and a malformed
 * request must never end up in the logs.
 */
export function serializeError(error: unknown): unknown {
  // pino-http hands its serializers an error already serialized (wrapErrorSerializer): both forms.
  const serialized = error instanceof Error ? (stdSerializers.err(error) as unknown) : error;
  if (serialized === null || typeof serialized !== 'object') return serialized;
  const { body: _body, rawBody: _rawBody, ...rest } = serialized as Record<string, unknown>;
  return rest;
}

/** The request as logged: no query string (a GET's query and variables are a body), headers redacted above. */
function serializeRequest(request: { id?: unknown; method?: unknown; url?: unknown; headers?: unknown; remoteAddress?: unknown }) {
  const url = typeof request.url === 'string' ? request.url.split('?')[0] : request.url;
  return { id: request.id, method: request.method, url, headers: request.headers, remoteAddress: request.remoteAddress };
}

function serializeResponse(response: { statusCode?: unknown; headers?: unknown }) {
  return { statusCode: response.statusCode, headers: response.headers };
}

/** A caller's request id is kept when it is a plain token: at most 128 of [A-Za-z0-9._-]. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The caller's `x-request-id` when valid (so a trace across services keeps one id), else a fresh UUID. */
export function requestIdFrom(headers: IncomingMessage['headers']): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && VALID_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Probes and scrapes: logged at debug, so a load balancer polling every second does not fill the logs. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id (`requestIdFrom`), set by `httpLogger`. */
    id?: string;
  }
}

/** What `requestLog` makes a request's child logger from, set by `httpLogger`. */
const REQUEST_LOG = Symbol('agentstack.requestLog');
interface RequestLogSource {
  readonly parent: Logger;
  readonly requestId: string;
  child?: Logger;
}
type WithRequestLog = IncomingMessage & { [REQUEST_LOG]?: RequestLogSource };

/**
 * The request's child logger (every line carries its `requestId`), made on first use: most
 * requests log nothing but the line that ends them. Undefined for a request `httpLogger` did not
 * see. A function rather than a `req.log` accessor defined on each request: an accessor with its
 * own closures gave every request object a hidden class of its own, which V8 kept (and copied)
 * until a full collection: ~6 MB promoted per young collection, about half of a small request's
 * server CPU in a bisection.
 */
export function requestLog(req: IncomingMessage): Logger | undefined {
  const source = (req as WithRequestLog)[REQUEST_LOG];
  if (!source) return undefined;
  return (source.child ??= source.parent.child({ requestId: source.requestId }));
}

/**
 * Every HTTP request: an id (`requestIdFrom`, echoed in `x-request-id`), `requestLog(req)` (a child
 * logger carrying `requestId`, for every line logged while serving it) and one line when it ends:
 * method, path, status, headers (credentials redacted), `responseTime` in ms and, for GraphQL, the
 * operation name and outcome code. Failures at 5xx are `error` (500) or `warn` (503, 504: they pass).
 *
 * Written here rather than with pino-http (the same line): pino-http made two child loggers per
 * request, one of them serializing and redacting the request's headers up front, ~8% of a small
 * read's CPU; here the child is made only when something logs, and the request is serialized
 * once, on the line that ends it (below its level, not at all).
 */
export function httpLogger(logger: Logger): RequestHandler {
  // pino's wrappers read a Node request / response as pino-http did (url, remote address, headers sent).
  const lines = logger.child(
    {},
    {
      serializers: {
        req: stdSerializers.wrapRequestSerializer(serializeRequest),
        res: stdSerializers.wrapResponseSerializer(serializeResponse),
        err: serializeError,
      },
    },
  );
  return (req, res, next) => {
    const started = Date.now();
    const requestId = requestIdFrom(req.headers);
    req.id = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    (req as WithRequestLog)[REQUEST_LOG] = { parent: logger, requestId };
    const ended = (error?: unknown) => {
      res.off('close', ended);
      res.off('finish', ended);
      res.off('error', ended);
      const failure = error instanceof Error ? error : res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined;
      const level = levelOf(req, res, error);
      if (!lines.isLevelEnabled(level)) return;
      const fields = { requestId, req, res, ...(failure ? { err: failure } : {}), responseTime: Date.now() - started, ...graphqlFields(res) };
      lines[level](fields, failure ? `request failed with status ${res.statusCode}` : res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.on('close', ended);
    res.on('finish', ended);
    res.on('error', ended);
    next();
  };
}

function levelOf(req: IncomingMessage, res: ServerResponse, error: unknown): Level {
  if (res.statusCode === 500 || (error && res.statusCode < 400)) return 'error';
  if (res.statusCode >= 500) return 'warn';
  return QUIET_PATHS.has((req.url ?? '').split('?')[0]!) ? 'debug' : 'info';
}

/** For a GraphQL request: its operation name and outcome code (request-context.ts). */
function graphqlFields(res: ServerResponse): Record<string, unknown> {
  return finalOutcome(res) ?? {};
}

// ---- the older seam: { info(message), error(message, error) } -------------------------------

/** The logger seam before pino (tests and tools still pass one): only messages, and the error for failures. */
export interface ServerLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** A pino logger, or a ServerLogger turned into one (levels `error` and `fatal` go to its `error`, the rest to `info`). */
export function toLogger(logger: Logger | ServerLogger | Pick<ServerLogger, 'error'>): Logger {
  if (isPino(logger)) return logger;
  const discard: DestinationStream = { write: () => {} };
  return pino(
    {
      level: 'info',
      hooks: {
        // Called with what was passed to the logging method, before anything is serialized: the
        // error object itself reaches the seam, as it did before.
        logMethod(args, _method, level) {
          const [first, ...rest] = args as unknown[];
          const message = typeof first === 'string' ? first : typeof rest[0] === 'string' ? rest[0] : '';
          if (level >= 50) {
            const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
            logger.error(message, error);
          } else if ('info' in logger) {
            logger.info(message);
          }
        },
      },
    },
    discard,
  );
}

function isPino(logger: Logger | ServerLogger | Pick<ServerLogger, 'error'>): logger is Logger {
  return typeof (logger as Logger).child === 'function' && typeof (logger as Logger).levels === 'object';
}
