import type express from 'express';
import { execute, type GraphQLSchema } from 'graphql';
import Negotiator from 'negotiator';
import type { GraphQLContext } from '../graphql/context.js';
import type { ErrorFormatter } from '../graphql/errors.js';
import { KnownDocuments } from '../graphql/known-documents.js';
import { assertCostWithin, type OperationLimits } from '../graphql/limits.js';
import { retryableHead } from '../graphql/status-plugin.js';
import { formatResultErrors, type ResponseHead } from './graphql-direct-errors.js';
import { encodeJsonInPieces } from './json-pieces.js';
import { noteResponse, requestScopeOf } from './request-context.js';

/*
 * POST /graphql's direct lane: a request that needs nothing but execution runs here, without
 * Apollo Server's per-request pipeline (a sha256 of the query text, content negotiation twice,
 * eleven plugin hooks, a copy of the context: ~15% of a small read's server CPU) and without
 * lexing a text already known to be within the token limit.
 *
 * It answers exactly as Apollo Server would (same status, headers and body; test:
 * graphql-direct.test.ts sends the same requests both ways), by doing only what Apollo's pipeline
 * does for such a request: the caller's identity (the context), the cost limit (limits.ts),
 * execution (graphql-js's `execute` the first time, then the operation compiled by graphql-jit:
 * known-documents.ts), Apollo's error normalisation (graphql-direct-errors.ts), then what our
 * plugins do to the response (the retryable status, the request's outcome). Everything else goes
 * on to Apollo Server, untouched: a text not known valid (KnownDocuments: a syntax error, a validation error, introspection,
 * @defer), a subscription or unknown operation name, `extensions` (persisted queries), a body of
 * another shape (batches, variables not an object), an Accept header that wants another media
 * type, a router asking for a trace (`apollo-federation-include-trace`), and a request that
 * fails before execution (its identity, its cost): nothing has run yet, and Apollo Server answers
 * the failure its own way with the same context (made once per request: `context`).
 */

export interface DirectLaneOptions {
  schema: GraphQLSchema;
  limits: OperationLimits;
  /** The request's context, the same promise Apollo Server is given for this request. */
  context(req: express.Request, res: express.Response): Promise<GraphQLContext>;
  /** Apollo Server's `formatError` (given the request here: its id, its log). */
  formatError: ErrorFormatter;
  /** Apollo Server's `includeStacktraceInErrorResponses`. */
  includeStacktrace: boolean;
  /** Called for each request this lane answers (the metrics count it). */
  taken?: () => void;
}

/** A request Apollo Server would run as it is: the fields of a POST body it reads. */
interface PlainRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

export function directLane(options: DirectLaneOptions): express.RequestHandler {
  const documents = new KnownDocuments(options.schema, options.limits);
  const responseTypes = new ResponseTypes();
  return (req, res, next) => {
    const request = plainRequest((req as { body?: unknown }).body);
    if (!request || req.headers['apollo-federation-include-trace'] !== undefined) return next();
    const contentType = responseTypes.of(req.headers.accept);
    if (!contentType) return next();
    void (async () => {
      // As Apollo Server does: who is calling first, then the document (nothing is parsed for a
      // request whose identity fails).
      let contextValue: GraphQLContext;
      try {
        contextValue = await options.context(req, res);
      } catch {
        return next(); // Apollo Server answers it (above)
      }
      const known = documents.get(request.query);
      const operation = known?.operation(request.operationName);
      if (!known || !operation) return next();
      try {
        assertCostWithin(options.schema, known.document, request.variables, request.operationName, options.limits);
      } catch {
        return next();
      }
      options.taken?.();
      const compiled = known.compiled(operation);
      const result = await (compiled
        ? compiled(contextValue, request.variables)
        : execute({ schema: options.schema, document: known.document, contextValue, variableValues: request.variables, operationName: request.operationName }));
      const head: ResponseHead = { status: undefined, headers: new Map() };
      const scope = requestScopeOf(req);
      const errors = result.errors ? formatResultErrors(result.errors, head, options, scope) : undefined;
      // Apollo Server: errors and no data (variables that did not coerce) is a bad request.
      if (errors && result.data === undefined && head.status === undefined) head.status = 400;
      const retryable = retryableHead(errors);
      if (retryable) {
        head.status = retryable.status;
        for (const [name, value] of retryable.headers) head.headers.set(name, value);
      }
      if (scope?.outcome) noteResponse(scope.outcome, operation.name?.value ?? request.operationName ?? null, errors);
      const answer = { errors, data: result.data, extensions: result.extensions };
      const body = encodeJsonInPieces(answer, '\n') ?? responseBody(JSON.stringify(answer));
      for (const [name, value] of head.headers) res.setHeader(name, value);
      res.setHeader('content-type', contentType);
      res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
      res.statusCode = head.status ?? 200;
      res.end(body);
    })().catch(next);
  };
}

/**
 * The JSON and Apollo Server's closing newline. A small answer stays a string: Node sends it with
 * the headers in one write (a Buffer goes out as a second chunk of a `writev`): −3 to −5% of a
 * small call's server CPU (A/B). A large one is encoded once into a Buffer: `json + "\n"` would be a
 * second string that Content-Length's byte count flattens (a copy of the whole answer, 60 KB for
 * 1,000 entities) before the socket encodes it again (a third).
 */
function responseBody(json: string): string | Buffer {
  if (json.length <= LARGE_ANSWER) return `${json}\n`;
  const length = Buffer.byteLength(json);
  const body = Buffer.allocUnsafe(length + 1);
  body.write(json, 0, length, 'utf8');
  body[length] = 0x0a;
  return body;
}

/** Characters from which an answer is encoded once into a Buffer (responseBody). */
const LARGE_ANSWER = 16_384;

/** The body's query, operationName and variables when Apollo Server would take it as it is, else null. */
function plainRequest(body: unknown): PlainRequest | null {
  if (!isRecord(body)) return null;
  const { query, operationName, variables, extensions } = body;
  if (typeof query !== 'string' || query.length === 0) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
  if (extensions !== undefined && extensions !== null && !(isRecord(extensions) && isEmpty(extensions))) return null;
  for (const key in body) if (!PLAIN_FIELDS.has(key)) return null;
  return { query, operationName: operationName ?? undefined, variables: variables ?? undefined };
}

const PLAIN_FIELDS = new Set(['query', 'operationName', 'variables', 'extensions']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/**
 * The media type of the answer, as Apollo Server negotiates it for a single result (none asked:
 * `application/json`), remembered per Accept header (a client sends the same one every time; at
 * most 64 remembered). Null: an Accept header Apollo Server answers otherwise (406, or the
 * subscription callback protocol's type).
 */
class ResponseTypes {
  readonly #known = new Map<string, string | null>();

  of(accept: string | undefined): string | null {
    if (accept === undefined || accept === '') return JSON_TYPE;
    let type = this.#known.get(accept);
    if (type === undefined) {
      const preferred = new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE, CALLBACK_TYPE]);
      type = preferred === JSON_TYPE || preferred === GRAPHQL_RESPONSE_TYPE ? preferred : null;
      if (this.#known.size >= 64) this.#known.clear();
      this.#known.set(accept, type);
    }
    return type;
  }
}

// Apollo Server's MEDIA_TYPES (ApolloServer.ts), in its order of preference.
const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const CALLBACK_TYPE = 'application/json; callbackSpec=1.0; charset=utf-8';
