import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isAgentStackError, type AgentStackError } from '../core/index.js';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '../core/protocol.js';

export interface ErrorFormatterOptions {
  /**
   * Where unexpected errors go when the request they belong to is not known (they are masked in
   * the response, so this is the only trace); with a request, they go to its log.
   */
  log?: (message: string, error: unknown) => void;
  /** Keep Apollo's `extensions.stacktrace` (development only). */
  includeStacktrace?: boolean;
  /** Drop graphql-js's "Did you mean …?" hints, which spell out the schema (production). */
  hideSuggestions?: boolean;
}

/**
 * The request (or graphql-ws operation) an error is answered in, as the transport knows it: its id,
 * copied into every error's `extensions.requestId` (what a client quotes, what finds the request's
 * log lines), and its logger.
 */
export interface ErrorRequest {
  readonly requestId: string;
  readonly log: { error(object: { err: unknown }, message: string): void };
}

/**
 * Formats one error as `formatError` does for Apollo Server (which calls it with two arguments: its
 * plugin adds the request's id, observationPlugin in src/server), or for a transport that knows the
 * request (the third argument).
 */
export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown, request?: ErrorRequest) => GraphQLFormattedError;

/**
 * One mapping from failures to GraphQL errors:
 *  - AgentStack's errors keep their message and get `extensions.code` = their code (one of
 *    protocol.ts's ERROR_CODES), plus the error's own extensions (e.g. `resumeAfter`);
 *  - GraphQL's own errors (parse, validation, variable coercion, explicit GraphQLErrors) keep
 *    Apollo's formatting and codes;
 *  - anything else is a bug or an outage: logged, and answered as a masked INTERNAL_SERVER_ERROR.
 */
export function createErrorFormatter(options: ErrorFormatterOptions = {}): ErrorFormatter {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const format = (formatted: GraphQLFormattedError, error: unknown, request?: ErrorRequest): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const location = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    const stacktrace = options.includeStacktrace ? formatted.extensions?.stacktrace : undefined;
    if (isAgentStackError(original)) {
      return {
        message: original.message,
        ...location,
        extensions: { ...extensionsOf(original), ...(stacktrace ? { stacktrace } : {}) },
      };
    }
    if (original instanceof GraphQLError) {
      const message = options.hideSuggestions ? withoutSuggestions(formatted.message) : formatted.message;
      // Apollo wraps validation errors in its own (GRAPHQL_VALIDATION_FAILED): a rule of ours that
      // raised one of AgentStack's codes (QUERY_TOO_COMPLEX) keeps it.
      const cause = original.originalError;
      const code = cause instanceof GraphQLError && isErrorCode(cause.extensions.code) ? cause.extensions.code : formatted.extensions?.code;
      // `http` is an instruction to Apollo Server's HTTP transport, not something to send.
      const { stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
      return {
        ...formatted,
        message,
        ...(formatted.extensions
          ? { extensions: { ...extensions, ...(code !== undefined ? { code } : {}), ...(options.includeStacktrace && stacktrace ? { stacktrace } : {}) } }
          : {}),
      };
    }
    reportUnexpected(original, request, log);
    return {
      message: 'Internal server error',
      ...location,
      extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, ...(stacktrace ? { stacktrace } : {}) },
    };
  };
  return (formatted, error, request) => {
    const result = format(formatted, error, request);
    return request ? withRequestId(result, request.requestId) : result;
  };
}

/** The error with `extensions.requestId`. */
export function withRequestId(error: GraphQLFormattedError, requestId: string): GraphQLFormattedError {
  return { ...error, extensions: { ...error.extensions, requestId } };
}

/** Whether an error is neither AgentStack's nor GraphQL's own: a bug or an outage, masked in responses. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return !isAgentStackError(original) && !(original instanceof GraphQLError);
}

/** Unexpected errors already logged: each is logged once, by whoever knows its request first. */
const reported = new WeakSet<object>();

/**
 * Logs an unexpected error once: to its request's log when the request is known (Apollo Server's
 * plugin reports a request's errors before formatting them), else to `fallback`.
 */
export function reportUnexpected(error: unknown, request: ErrorRequest | undefined, fallback: (message: string, error: unknown) => void): void {
  const original = unwrapResolverError(error);
  if (typeof original === 'object' && original !== null) {
    if (reported.has(original)) return;
    reported.add(original);
  }
  if (request) request.log.error({ err: original }, UNEXPECTED);
  else fallback(UNEXPECTED, original);
}

const UNEXPECTED = 'Unexpected error while executing a GraphQL operation';

/**
 * What a client gets in `extensions` for one of AgentStack's errors: its code, its own extensions
 * (e.g. `resumeAfter`, `outcome`), and `retryable: true` when the same request may succeed later
 * unchanged (protocol.ts), so clients need no list of codes to decide whether to retry.
 */
export function extensionsOf(error: AgentStackError): Record<string, unknown> {
  return { ...error.extensions, code: error.code, ...(ERROR_CODES[error.code].retryable ? { retryable: true } : {}) };
}

/** `Cannot query field "tsk" on type "Query". Did you mean "task"?` → without the hint. */
function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean .+\?$/s, '');
}

/** The same error with an `extensions.code` (graphql-js's parse and validation errors have none). */
export function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    extensions: { ...error.extensions, code },
  });
}
