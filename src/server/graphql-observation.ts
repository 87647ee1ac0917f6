import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { getOperationAST } from 'graphql';
import type { Logger } from './logging.js';
import type { ServerMetrics } from './metrics.js';
import { currentRequest, finalOutcome, noteResponse, runInRequest, trackOutcome } from './request-context.js';

/**
 * In front of `/graphql` over HTTP (after the request logger, before the body parser): the
 * request's scope, in which Apollo, the resolvers and formatError run (its id and logger), and,
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
    // The logger only when asked: most requests log nothing but their last line (logging.ts).
    runInRequest(
      {
        requestId: String(req.id),
        get log() {
          return req.log ?? fallbackLog;
        },
        outcome,
      },
      next,
    );
  };
}

/**
 * Apollo's view of each request, recorded in its scope: the operation it resolved from the document,
 * and the outcome of the response sent: the first error's `extensions.code`, or OK. (Requests that
 * fail before Apollo's plugins run — identity, a malformed body — get their code where they fail.)
 */
export function observationPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operationName, request, document }) {
          const outcome = currentRequest()?.outcome;
          if (!outcome) return;
          // Resolved once the document validated; a document that parsed but failed validation still names its operation.
          const named = operationName ?? (document ? getOperationAST(document, request.operationName)?.name?.value : undefined);
          if (response.body.kind === 'single') noteResponse(outcome, named ?? request.operationName ?? null, response.body.singleResult.errors);
          else outcome.operationName = named ?? request.operationName ?? null;
        },
      };
    },
  };
}
