import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, type GraphQLError } from 'graphql';
import { AgentStackClientError } from '../../client/index.js';
import type { Caller } from '../../core/index.js';
import { operationSignal } from '../../graphql/budget.js';
import { createErrorFormatter } from '../../graphql/errors.js';
import type { McpBackend } from '../../mcp/backend.js';
import type { HttpServerSeam } from '../app.js';

export type McpErrorFormatter = ReturnType<typeof createErrorFormatter>;

/** POST /graphql's error formatting, without stack traces (a tool's text is no place for them). */
export function mcpErrorFormatter(seam: Pick<HttpServerSeam, 'production' | 'logger'>): McpErrorFormatter {
  return createErrorFormatter({
    includeStacktrace: false,
    hideSuggestions: seam.production,
    log: (message, error) => seam.logger.error({ err: error }, message),
  });
}

/**
 * The MCP tools' backend inside the server: each document runs in-process against the same
 * schema, context (the caller's loaders and policy), execution budget and error formatting as
 * POST /graphql, without an HTTP round trip. The documents are the client's, checked against the
 * API schema by codegen, so they are not parsed or validated again here.
 */
export class InProcessBackend implements McpBackend {
  constructor(
    private readonly seam: Pick<HttpServerSeam, 'schema' | 'createContext' | 'limits'>,
    /** The server's error formatting for MCP (`mcpErrorFormatter`), made once. */
    private readonly format: McpErrorFormatter,
    private readonly caller: Caller,
    /** Aborted when the MCP request's client goes away: the operation stops. */
    private readonly clientGone: AbortSignal,
  ) {}

  get callerDid(): string | null {
    return this.caller.did;
  }

  async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    const budget = operationSignal(this.seam.limits.executionMs);
    const stop = () => budget.stop('The client went away before its answer; the operation was stopped');
    this.clientGone.addEventListener('abort', stop, { once: true });
    try {
      const result = await execute({
        schema: this.seam.schema,
        document,
        variableValues: variables as Record<string, unknown>,
        contextValue: this.seam.createContext(this.caller, undefined, budget.signal),
      });
      if (result.errors?.length) {
        // No data at all: the variables were refused before execution (GraphQL's coercion), a
        // client's mistake as Apollo Server reports it.
        const requestError = result.data === undefined;
        throw AgentStackClientError.fromErrors(result.errors.map((error) => this.formatted(error, requestError)), null);
      }
      return result.data as TResult;
    } finally {
      this.clientGone.removeEventListener('abort', stop);
      budget.done();
    }
  }

  private formatted(error: GraphQLError, requestError: boolean) {
    const formatted = this.format(error.toJSON(), error);
    if (!requestError || formatted.extensions?.code !== undefined) return formatted;
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
}
