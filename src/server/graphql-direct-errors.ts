import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import type { ErrorFormatter, ErrorRequest } from '../graphql/errors.js';

/** The status and headers a response's errors ask for (Apollo Server's HTTPGraphQLHead). */
export interface ResponseHead {
  status: number | undefined;
  headers: Map<string, string>;
}

/**
 * An execution result's errors as Apollo Server formats them for its response (its
 * requestPipeline and errorNormalize, which it does not export), for graphql-direct.ts:
 *  - a variable that did not coerce and has no code is BAD_USER_INPUT;
 *  - every error gets `extensions.code` (INTERNAL_SERVER_ERROR when it has none), and
 *    `extensions.stacktrace` when stack traces are included;
 *  - an `extensions.http` (status, headers) goes into the response's head, not its body;
 *  - then `formatError`; one that throws gives a masked INTERNAL_SERVER_ERROR (or, with stack
 *    traces, the formatter's own error).
 */
export function formatResultErrors(
  errors: readonly GraphQLError[],
  head: ResponseHead,
  options: { formatError: ErrorFormatter; includeStacktrace: boolean },
  request: ErrorRequest | undefined,
): GraphQLFormattedError[] {
  const enrich = (error: GraphQLError): GraphQLFormattedError => {
    // (graphql-jit's errors may carry no extensions object at all.)
    const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR' };
    if (isPartialHead(extensions.http)) {
      if (extensions.http.status) head.status = extensions.http.status;
      for (const [name, value] of extensions.http.headers ?? []) head.headers.set(name, value);
      delete extensions.http;
    }
    if (options.includeStacktrace) extensions.stacktrace = error.stack?.split('\n');
    return { ...error.toJSON(), extensions };
  };
  return errors.map((raw) => {
    const error = isUncodedVariableError(raw) ? userInputError(raw) : raw;
    try {
      return options.formatError(enrich(error), error, request);
    } catch (formatting) {
      if (options.includeStacktrace) return enrich(formatting instanceof GraphQLError ? formatting : asGraphQLError(formatting));
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
}

/** Apollo Server's test for graphql-js's variable coercion errors. */
function isUncodedVariableError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION || error.extensions?.code != null) return false;
  const variable = `Variable "$${node.variable.name.value}"`;
  return VARIABLE_ERROR_STARTS.some((start) => error.message.startsWith(`${variable} ${start}`));
}

const VARIABLE_ERROR_STARTS = ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '];

/** Apollo Server's UserInputError (not exported): the same error, coded BAD_USER_INPUT. */
function userInputError(error: GraphQLError): GraphQLError {
  const wrapped = new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
  wrapped.name = 'UserInputError';
  return wrapped;
}

function asGraphQLError(thrown: unknown): GraphQLError {
  const error = thrown instanceof Error ? thrown : new GraphQLError(`Unexpected error value: ${String(thrown)}`);
  return error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
}

function isPartialHead(value: unknown): value is { status?: number; headers?: Map<string, string> } {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as { status?: unknown; headers?: unknown };
  return (!('status' in head) || typeof head.status === 'number') && (!('headers' in head) || head.headers instanceof Map);
}
