import type { ErrorRequestHandler, RequestHandler } from 'express';
import { httpStatusOf, type ErrorCode } from '../core/protocol.js';

/**
 * Every HTTP failure outside GraphQL execution answers as GraphQL over HTTP does: JSON
 * `{ errors: [{ message, extensions: { code } }] }` with the status of the code (protocol.ts);
 * never express's HTML page, never a stack trace or a file path.
 */
export function jsonErrors(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const failure = error as { type?: unknown; status?: unknown; limit?: unknown };
    // express.json's own failures carry a `type`.
    if (failure.type === 'entity.too.large') return send(res, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${String(failure.limit)} bytes`);
    if (failure.type === 'entity.parse.failed') return send(res, 'BAD_REQUEST', 'The request body is not valid JSON');
    if (typeof failure.type === 'string' && typeof failure.status === 'number' && failure.status < 500) {
      return send(res, 'BAD_REQUEST', 'The request body could not be read');
    }
    log('Unexpected error while handling an HTTP request', error);
    send(res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/** Anything but the served paths: a JSON 404. */
export const notFound: RequestHandler = (req, res) => {
  send(res, 'NOT_FOUND', `Nothing is served at ${req.method} ${req.path}: GraphQL is at /graphql`);
};

function send(res: Parameters<RequestHandler>[1], code: ErrorCode, message: string): void {
  res.status(httpStatusOf(code)).json({ errors: [{ message, extensions: { code } }] });
}
