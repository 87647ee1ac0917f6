/**
 * Domain errors. Each carries a stable `code` that the GraphQL layer copies into
 * `extensions.code`, so clients can branch on it without parsing messages.
 * Invariant: a call that throws one of these has changed nothing and emitted nothing.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export abstract class AgentStackError extends Error {
  abstract readonly code: ErrorCode;
  override get name(): string {
    return this.constructor.name;
  }
}

/** Malformed input: an invalid DID, an empty title, a bad URL, a non-object metadata. */
export class BadUserInputError extends AgentStackError {
  readonly code = 'BAD_USER_INPUT' as const;
}

/** An unknown agent, task or delegation grant. */
export class NotFoundError extends AgentStackError {
  readonly code = 'NOT_FOUND' as const;
}

/** The request is well-formed but the current state forbids it (illegal transition, stale version, …). */
export class ConflictError extends AgentStackError {
  readonly code = 'CONFLICT' as const;
}

/** The caller is known but not allowed to do this. */
export class ForbiddenError extends AgentStackError {
  readonly code = 'FORBIDDEN' as const;
}

/** The caller could not be identified. */
export class UnauthenticatedError extends AgentStackError {
  readonly code = 'UNAUTHENTICATED' as const;
}

export function isAgentStackError(value: unknown): value is AgentStackError {
  return value instanceof AgentStackError;
}
