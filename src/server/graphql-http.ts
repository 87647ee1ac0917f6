import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { assertTokensWithin, type OperationLimits } from '../graphql/limits.js';
import { send } from './http-errors.js';
import { withRequestId } from '../graphql/errors.js';
import { noteErrorCode, requestScopeOf, type RequestScope } from './request-context.js';
import { tracingRequested } from './tracing-switch.js';

/*
 * The pieces of POST /graphql that app.ts puts together: the token limit before parsing, Apollo
 * Server behind express or behind Node's request alone, and the request's outcome.
 */

/**
 * The token limit, before Apollo parses the document (a document of millions of tokens is not even
 * parsed whole): QUERY_TOO_COMPLEX, HTTP 400, as a GraphQL response.
 */
export function tokenLimit(limits: OperationLimits): express.RequestHandler {
  return (req, res, next) => {
    const query: unknown = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string') return next();
    try {
      assertTokensWithin(query, limits);
      next();
    } catch (error) {
      if (!(error instanceof GraphQLError)) return next(error);
      send(res, 'QUERY_TOO_COMPLEX', error.message);
    }
  };
}

/**
 * Whether spans may be recorded: tracing asked for (tracing-switch.ts), or a tracer provider
 * registered anyhow (the API's global is then the SDK's provider, or a proxy delegating to it
 * rather than to the no-op one every unset proxy answers).
 */
export function tracing(): boolean {
  if (tracingRequested()) return true;
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== new ProxyTracerProvider().getDelegate();
}

/**
 * Runs express-style handlers in order on Node's request and response, as express would for one
 * route: `next()` goes on, `next(error)`, a throw or a rejected promise goes to `onError`; a
 * failure once the answer has started ends the connection (express's final handler does the same).
 */
export function pipeline(handlers: express.RequestHandler[], onError: express.ErrorRequestHandler) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const req = request as express.Request;
    const res = response as express.Response;
    let index = 0;
    const fail = (error: unknown) => {
      try {
        onError(error, req, res, () => req.socket.destroy());
      } catch {
        req.socket.destroy();
      }
    };
    const next = (error?: unknown): void => {
      if (error !== undefined && error !== null) return fail(error);
      const handler = handlers[index++];
      if (!handler) return fail(new Error('POST /graphql: no handler answered'));
      try {
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise) result.catch(fail);
      } catch (thrown) {
        fail(thrown);
      }
    };
    next();
  };
}

/**
 * Apollo Server behind express, as @as-integrations/express5's `expressMiddleware` does it, minus
 * what a POST answer never uses: express's `res.send` hashes every body for an ETag and checks
 * freshness (only a GET can be answered 304), and the legacy `url.parse` of every URL. A GET still
 * goes through `res.send` (ETag, 304); incremental delivery is streamed as before.
 */
export function apolloHandler(
  apollo: ApolloServer<GraphQLContext>,
  options: { context: (args: { req: express.Request; res: express.Response }) => Promise<GraphQLContext> },
): express.RequestHandler {
  return async (req, res, next) => {
    if (!('body' in req)) {
      // As expressMiddleware answers it (the json parser ran, but left no body: not JSON).
      res.statusCode = 500;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.');
      return;
    }
    try {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const query = req.url.indexOf('?');
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query === -1 ? '' : req.url.slice(query), body: req.body as unknown },
        context: () => options.context({ req, res }),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        const scope = requestScopeOf(req);
        const body = scope ? completedBeforePlugins(response.body.string, response.headers.get('content-type'), scope) : response.body.string;
        if (req.method !== 'POST') {
          res.send(body);
          return;
        }
        res.setHeader('content-length', Buffer.byteLength(body));
        res.end(body);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Apollo Server answers some requests before any plugin runs (a malformed request, a failed
 * context: identity), formatting their errors without knowing the request: here they get its id,
 * and the first error's code is its outcome. Answers the plugins saw (an outcome is noted) pass.
 */
function completedBeforePlugins(body: string, contentType: string | undefined, scope: RequestScope): string {
  if (!scope.outcome || scope.outcome.outcome !== null || !contentType?.includes('json')) return body;
  let parsed: { errors?: GraphQLFormattedError[] };
  try {
    parsed = JSON.parse(body) as { errors?: GraphQLFormattedError[] };
  } catch {
    return body;
  }
  if (!Array.isArray(parsed.errors) || parsed.errors.length === 0) return body;
  noteErrorCode(scope.outcome, parsed.errors[0]!.extensions?.code);
  // As Apollo Server writes it (prettyJSONStringify): JSON and a newline.
  return `${JSON.stringify({ ...parsed, errors: parsed.errors.map((error) => withRequestId(error, scope.requestId)) })}\n`;
}
