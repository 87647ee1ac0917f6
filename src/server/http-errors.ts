import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { httpStatusOf, type ErrorCode } from '../core/protocol.js';
import { requestLog, type Logger } from './logging.js';
import { noteResponseCode } from './request-context.js';

/**
 * Every HTTP failure outside GraphQL execution answers as GraphQL over HTTP does: JSON
 * `{ errors: [{ message, extensions: { code, requestId } }] }` with the status of the code
 * (protocol.ts); never express's HTML page, never a stack trace or a file path. Only unexpected
 * failures are logged (on the request's logger), and never with the request's body: body-parser's
 * errors carry the raw body they could not parse, which logging.ts's error serializer drops.
 */
export function jsonErrors(fallbackLog: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const failure = error as { type?: unknown; status?: unknown; limit?: unknown };
    // express.json's own failures carry a `type`: the client's mistake, answered, not logged as errors.
    if (failure.type === 'entity.too.large') return send(res, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${String(failure.limit)} bytes`);
    if (failure.type === 'entity.parse.failed') return send(res, 'BAD_REQUEST', 'The request body is not valid JSON');
    // Any other 4xx failure of the body parser (an unsupported charset, a body that does not
    // decompress: zlib's error, marked 400, has no `type`) is the client's too.
    if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
      return send(res, 'BAD_REQUEST', 'The request body could not be read');
    }
    (requestLog(req) ?? fallbackLog).error({ err: error }, 'Unexpected error while handling an HTTP request');
    send(res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/** Anything but the served paths: a JSON 404. */
export const notFound: RequestHandler = (req, res) => {
  send(res, 'NOT_FOUND', `Nothing is served at ${req.method} ${req.path}: GraphQL is at /graphql`);
};

/** A failure answered before GraphQL ran: its code (recorded as the request's outcome) and the request's id. */
export function send(res: ServerResponse, code: ErrorCode, message: string): void {
  noteResponseCode(res, code);
  const requestId = typeof res.req.id === 'string' ? res.req.id : undefined;
  // Node's own response API, not express's helpers: POST /graphql is served without express (app.ts).
  writeJson(res, httpStatusOf(code), { errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] });
}

/** A whole JSON response, with Node's own response API (no express helpers: see `send`). */
export function writeJson(res: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  for (const [name, header] of Object.entries(headers)) res.setHeader(name, header);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
