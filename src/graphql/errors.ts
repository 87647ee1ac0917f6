import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isAgentStackError } from '../core/index.js';
import type { ErrorCode } from '../core/protocol.js';

export interface ErrorFormatterOptions {
  /** Where unexpected errors go; they are masked in the response, so this is the only trace. */
  log?: (message: string, error: unknown) => void;
  /** Keep Apollo's `extensions.stacktrace` (development only). */
  includeStacktrace?: boolean;
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
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const location = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    const stacktrace = options.includeStacktrace ? formatted.extensions?.stacktrace : undefined;
    if (isAgentStackError(original)) {
      return {
        message: original.message,
        ...location,
        extensions: { ...original.extensions, code: original.code, ...(stacktrace ? { stacktrace } : {}) },
      };
    }
    if (original instanceof GraphQLError) {
      if (options.includeStacktrace || !formatted.extensions?.stacktrace) return formatted;
      const { stacktrace: _dropped, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    log('Unexpected error while executing a GraphQL operation', original);
    return {
      message: 'Internal server error',
      ...location,
      extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, ...(stacktrace ? { stacktrace } : {}) },
    };
  };
}
