import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isAgentStackError, type AgentStackError } from '../core/index.js';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '../core/protocol.js';

export interface ErrorFormatterOptions {
  /** Where unexpected errors go; they are masked in the response, so this is the only trace. */
  log?: (message: string, error: unknown) => void;
  /** Keep Apollo's `extensions.stacktrace` (development only). */
  includeStacktrace?: boolean;
  /** Drop graphql-js's "Did you mean …?" hints, which spell out the schema (production). */
  hideSuggestions?: boolean;
  /**
   * The id of the request being answered (the transport knows it), copied into every error's
   * `extensions.requestId`: what a client quotes, what finds the request's log lines.
   */
  requestId?: () => string | undefined;
}

/**
 * One mapping from failures to GraphQL errors:
 *  - AgentStack's errors keep their message and get `extensions.code` = their code (one of
 *    protocol.ts's ERROR_CODES), plus the error's own extensions (e.g. `resumeAfter`);
 *  - GraphQL's own errors (parse, validation, variable coercion, explicit GraphQLErrors) keep
 *    Apollo's formatting and codes;
 *  - anything else is a bug or an outage: logged, and answered as a masked INTERNAL_SERVER_ERROR.
 */
export function createErrorFormatter(options: ErrorFormatterOptions = {}) {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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
    log('Unexpected error while executing a GraphQL operation', original);
    return {
      message: 'Internal server error',
      ...location,
      extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, ...(stacktrace ? { stacktrace } : {}) },
    };
  };
  if (!options.requestId) return format;
  const requestIdOf = options.requestId;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    const requestId = requestIdOf();
    return requestId === undefined ? result : { ...result, extensions: { ...result.extensions, requestId } };
  };
}

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
