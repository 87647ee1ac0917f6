import type { IncomingMessage } from 'node:http';
import express from 'express';

/**
 * The JSON body of a request to /graphql. The plain case, nearly every request (a router's, a
 * client's): `Content-Type: application/json` (UTF-8), a Content-Length within the limit, no
 * Content-Encoding. It is read here in a few lines: body-parser's general machinery (media type
 * parsing, charset lookup, iconv decoding, raw-body's stream handling) was ~5% of the CPU of a
 * small query. Everything else (another media type or charset, a compressed or chunked body, a
 * declared length over the limit) goes to express.json, which answers it as it always has.
 *
 * The outcomes are express.json's: `req.body` the parsed object or array (`{}` for an empty body);
 * failures are errors with body-parser's `type` and status (http-errors.ts answers them the same
 * way): `entity.parse.failed` (400) for JSON that does not parse or is not an object or array
 * (express.json is strict), `request.aborted` (400) for a client that went away mid-body.
 */
export function jsonBody(limitBytes: number): express.RequestHandler {
  const general = express.json({ limit: limitBytes });
  return (req, res, next) => {
    const length = plainLength(req, limitBytes);
    if (length === null) return general(req, res, next);
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (error: Error | null, body?: unknown) => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('aborted', onAborted).off('error', onError);
      if (error) return next(error);
      (req as { body?: unknown }).body = body;
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => {
      // Node's parser frames the body by Content-Length, so a complete body has exactly that many bytes.
      if (received !== length) return settle(clientError('request size did not match content length', 'request.size.invalid'));
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8');
      try {
        settle(null, parseStrict(text));
      } catch (error) {
        settle(clientError((error as Error).message, 'entity.parse.failed'));
      }
    };
    const onAborted = () => settle(clientError('request aborted', 'request.aborted'));
    const onError = (error: Error) => settle(Object.assign(error, { status: 400, statusCode: 400, expose: true, type: 'request.aborted' }));
    req.on('data', onData).on('end', onEnd).on('aborted', onAborted).on('error', onError);
  };
}

/** The declared length when the request is the plain case (above), else null. */
function plainLength(req: IncomingMessage, limitBytes: number): number | null {
  const { 'content-type': type, 'content-length': declared, 'content-encoding': encoding, 'transfer-encoding': transfer } = req.headers;
  if (type === undefined || !PLAIN_TYPES.has(type.toLowerCase().replace(/\s+/g, ''))) return null;
  if ((encoding !== undefined && encoding.toLowerCase() !== 'identity') || transfer !== undefined || declared === undefined) return null;
  if (!/^\d{1,9}$/.test(declared)) return null;
  const length = Number(declared);
  return length <= limitBytes ? length : null;
}

/** The media types read here (spaces removed, lower case): JSON in UTF-8, said or implied. */
const PLAIN_TYPES = new Set(['application/json', 'application/json;charset=utf-8', 'application/json;charset="utf-8"']);

/** As express.json parses (strict): empty is `{}`; otherwise only an object or an array. */
function parseStrict(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(body)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError(`Unexpected token ${JSON.stringify(first ?? '')}: the body must be a JSON object or array`);
  return JSON.parse(body) as unknown;
}

function clientError(message: string, type: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type });
}
