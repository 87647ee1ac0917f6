import type { DomainErrorCode, ErrorCode, StreamEndCode } from './protocol.js';

/**
 * Errors with a stable `code` (from the table in protocol.ts) that every transport copies into
 * `extensions.code`, so clients branch on it without parsing messages. `extensions` holds what
 * else a client needs to act on the error (e.g. where to resume).
 * Invariant: a domain call that throws one of these has changed nothing and emitted nothing.
 */
export abstract class AgentStackError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra fields for `extensions`, beside `code`. */
  readonly extensions: Readonly<Record<string, string | number | boolean>> = {};
  override get name(): string {
    return this.constructor.name;
  }
}

abstract class DomainError extends AgentStackError {
  abstract override readonly code: DomainErrorCode;
}

/** Malformed input: an invalid DID, an empty title, a bad URL, a non-object metadata. */
export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
}

/** An unknown agent, task or delegation grant. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
}

/** The request is well-formed but the current state forbids it (illegal transition, stale version, …). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}

/** The caller is known but not allowed to do this. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

/** The caller could not be identified. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
}

/** A new subscription would exceed a connection's or the process's limit. */
export class SubscriptionLimitError extends AgentStackError {
  readonly code = 'SUBSCRIPTION_LIMIT' as const;
}

/**
 * A live event stream ended early. Nothing is lost: the log keeps every event, and the client
 * resumes with `after: resumeAfter` (the cursor of the last event it received).
 */
export class StreamEndedError extends AgentStackError {
  override readonly extensions: Readonly<{ resumeAfter: string }>;

  constructor(
    readonly code: StreamEndCode,
    /** The sequence of the last event delivered (or the starting cursor, before any). */
    readonly resumeAfter: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // Event cursors are the sequence as a decimal string, everywhere.
    this.extensions = { resumeAfter: String(resumeAfter) };
  }
}

/** The operation's execution budget ran out, or its client went away (src/graphql/budget.ts). */
export class OperationStoppedError extends AgentStackError {
  readonly code = 'TIMEOUT' as const;
}

/**
 * A dependency failed transiently (the database restarting, unreachable, timed out; a
 * serialization or deadlock victim). Retrying the same request later may succeed.
 * `outcome: 'unknown'`: the connection was lost while committing, so the write may or may not
 * have happened; `outcome: 'none'`: nothing was changed.
 */
export class ServiceUnavailableError extends AgentStackError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  override readonly extensions: Readonly<{ outcome: 'none' | 'unknown' }>;

  constructor(message: string, outcome: 'none' | 'unknown', options?: { cause?: unknown }) {
    super(message, options);
    this.extensions = { outcome };
  }
}

export function isAgentStackError(value: unknown): value is AgentStackError {
  return value instanceof AgentStackError;
}
