import type { GraphQLFormattedError } from 'graphql';

/**
 * Every failure the client reports: a GraphQL error from the server (its `extensions.code`, e.g.
 * BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, SERVICE_UNAVAILABLE), or the
 * transport's own (`NETWORK_ERROR`: the server could not be reached; `BAD_RESPONSE`: it answered
 * something that is not GraphQL). Branch on `code`, never on the message.
 */
export class AgentStackClientError extends Error {
  override readonly name = 'AgentStackClientError';

  constructor(
    message: string,
    /** `extensions.code` of the first error, or NETWORK_ERROR / BAD_RESPONSE. */
    readonly code: string,
    /** The HTTP status, when there was an HTTP response. */
    readonly status: number | null,
    /** Every GraphQL error of the response, as the server sent them. */
    readonly errors: readonly GraphQLFormattedError[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The server says the same request may succeed later unchanged (extensions.retryable). */
  get retryable(): boolean {
    if (this.code === 'NETWORK_ERROR') return true;
    return this.errors[0]?.extensions?.retryable === true;
  }

  /** The first error's extensions (e.g. `resumeAfter`, `outcome`). */
  get extensions(): Readonly<Record<string, unknown>> {
    return this.errors[0]?.extensions ?? {};
  }

  static fromErrors(errors: readonly GraphQLFormattedError[], status: number | null): AgentStackClientError {
    const first = errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    return new AgentStackClientError(first?.message ?? 'The request failed', code, status, errors);
  }
}
