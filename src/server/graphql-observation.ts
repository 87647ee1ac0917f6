import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { getOperationAST } from 'graphql';
import { requestLog, type Logger } from './logging.js';
import type { ServerMetrics } from './metrics.js';
import { isUnexpected, reportUnexpected, withRequestId } from '../graphql/errors.js';
import { contextScopeOf, finalOutcome, noteResponse, setRequestScope, trackOutcome, type RequestOutcome, type RequestScope } from './request-context.js';

/**
 * In front of `/graphql` over HTTP (after the request logger, before the body parser): the
 * request's scope (its id, logger and outcome, on the request: request-context.ts), and,
 * once its response is done, one observation in the metrics: operation, outcome, duration. The
 * request's log line (logging.ts) carries the same operation and outcome.
 */
export function graphqlRequestScope(metrics: ServerMetrics, fallbackLog: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const outcome = trackOutcome(res);
    res.once('close', () => {
      const final = finalOutcome(res);
      if (final) metrics.observeOperation(final.operationName, final.outcome, Number(process.hrtime.bigint() - started) / 1e9);
    });
    setRequestScope(req, new HttpRequestScope(req, fallbackLog, outcome));
    next();
  };
}

/**
 * Apollo's view of each request, in the request's scope (found from its context): unexpected
 * errors go to the request's log (before Apollo formats them: formatError knows no request), every
 * error of the response gets the request's id, and the scope records the operation Apollo resolved
 * from the document and the outcome: the first error's `extensions.code`, or OK. (Requests that fail
 * before Apollo's plugins run — identity, a malformed body — are completed by apolloHandler.)
 */
export function observationPlugin(fallbackLog: Logger): ApolloServerPlugin {
  const logUnplaced = (message: string, err: unknown) => fallbackLog.error({ err }, message);
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const scope = contextScopeOf(contextValue);
          for (const error of errors) if (isUnexpected(error)) reportUnexpected(error, scope, logUnplaced);
        },
        async willSendResponse({ response, operationName, request, document, contextValue }) {
          const scope = contextScopeOf(contextValue);
          if (!scope) return;
          const { body } = response;
          if (body.kind === 'single' && body.singleResult.errors) {
            body.singleResult = { ...body.singleResult, errors: body.singleResult.errors.map((error) => withRequestId(error, scope.requestId)) };
          }
          if (!scope.outcome) return;
          // Resolved once the document validated; a document that parsed but failed validation still names its operation.
          const named = operationName ?? (document ? getOperationAST(document, request.operationName)?.name?.value : undefined);
          if (body.kind === 'single') noteResponse(scope.outcome, named ?? request.operationName ?? null, body.singleResult.errors);
          else scope.outcome.operationName = named ?? request.operationName ?? null;
        },
      };
    },
  };
}

/**
 * A POST /graphql request's scope. Its logger only when asked: most requests log nothing but their
 * last line (logging.ts). A class, not an object literal with `get log()`: a literal's getter is a
 * new closure per request, and an accessor of its own gives each object a hidden class of its own
 * (what V8 then keeps until a full collection: logging.ts, requestLog).
 */
class HttpRequestScope implements RequestScope {
  readonly requestId: string;

  constructor(
    private readonly req: IncomingMessage,
    private readonly fallbackLog: Logger,
    readonly outcome: RequestOutcome,
  ) {
    this.requestId = String(req.id);
  }

  get log(): Logger {
    return requestLog(this.req) ?? this.fallbackLog;
  }
}
