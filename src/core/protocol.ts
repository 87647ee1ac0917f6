/**
 * AgentStack's protocol as data: the names and numbers other programs depend on, in one place.
 * Clients branch on error codes, gateways on HTTP statuses and WebSocket close codes, replicas
 * on the NOTIFY channel, subscribers on event types. Code elsewhere reads these tables; it never
 * spells a code, a status or a channel itself.
 */

/**
 * Every `extensions.code` AgentStack answers, with what each transport makes of it:
 *  - `httpStatus`: the status of an HTTP response that fails as a whole with this code (an error
 *    raised before execution, e.g. by identity; field errors inside a result keep HTTP 200);
 *  - `closeCode`: the WebSocket close code when a graphql-ws *connection* is refused with it
 *    (null: never a reason to refuse a connection; `closeCodeOf` answers 4500 for those).
 *    graphql-ws clients treat 4401 as final and retry 4403 with backoff, so a caller who could not
 *    be identified gets 4401 (retrying cannot help), and one who is known but not allowed 4403;
 *  - `retryable`: the same request may succeed later without any change by the client.
 */
export const ERROR_CODES = Object.freeze({
  /** Malformed input: an invalid DID, an empty title, a bad cursor, a non-object metadata. */
  BAD_USER_INPUT: { httpStatus: 400, closeCode: 4400, retryable: false },
  /** An operation beyond the limits on depth, aliases, root fields, tokens, directives or cost. */
  QUERY_TOO_COMPLEX: { httpStatus: 400, closeCode: null, retryable: false },
  /** Not a GraphQL operation this server serves that way (e.g. a subscription over HTTP). */
  BAD_REQUEST: { httpStatus: 400, closeCode: 4400, retryable: false },
  /** The request body is larger than the server reads (1 MiB). */
  PAYLOAD_TOO_LARGE: { httpStatus: 413, closeCode: null, retryable: false },
  /** The caller could not be identified. */
  UNAUTHENTICATED: { httpStatus: 401, closeCode: 4401, retryable: false },
  /** The caller is known but not allowed to do this. */
  FORBIDDEN: { httpStatus: 403, closeCode: 4403, retryable: false },
  /** An unknown agent, task or delegation grant. */
  NOT_FOUND: { httpStatus: 404, closeCode: null, retryable: false },
  /** Well-formed, but the current state forbids it (illegal transition, stale version, …). */
  CONFLICT: { httpStatus: 409, closeCode: null, retryable: false },
  /** A subscription refused because its connection or the process holds as many as allowed. */
  SUBSCRIPTION_LIMIT: { httpStatus: 429, closeCode: 4429, retryable: true },
  /** A subscriber fell too far behind; it resumes from `extensions.resumeAfter`. */
  SUBSCRIPTION_OVERFLOW: { httpStatus: 503, closeCode: null, retryable: true },
  /** The event log could not be read for a subscription; it resumes from `extensions.resumeAfter`. */
  SUBSCRIPTION_INTERRUPTED: { httpStatus: 503, closeCode: null, retryable: true },
  /**
   * The operation ran out of its execution budget (or its client went away) and was stopped
   * before every field was resolved; fields that had resolved keep their data.
   */
  TIMEOUT: { httpStatus: 504, closeCode: null, retryable: true },
  /**
   * A dependency failed in a way that passes: the database is restarting, unreachable, out of
   * connections, timed out, or chose this transaction as a serialization or deadlock victim.
   * Nothing was changed unless `extensions.outcome` is `"unknown"` (the connection was lost while
   * committing): then read before writing again.
   */
  SERVICE_UNAVAILABLE: { httpStatus: 503, closeCode: 1013, retryable: true },
  /** A bug; the message is masked. */
  INTERNAL_SERVER_ERROR: { httpStatus: 500, closeCode: 4500, retryable: false },
} as const satisfies Record<string, ErrorCodeInfo>);

export interface ErrorCodeInfo {
  readonly httpStatus: number;
  readonly closeCode: number | null;
  readonly retryable: boolean;
}

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** The HTTP status for a response that fails as a whole with `code`. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].httpStatus;
}

/** The WebSocket close code for a connection refused with `code` (4500, internal, when none fits). */
export function closeCodeOf(code: ErrorCode): number {
  return ERROR_CODES[code].closeCode ?? ERROR_CODES.INTERNAL_SERVER_ERROR.closeCode;
}

/** The codes the domain itself raises (the others belong to transports and the live feed). */
export type DomainErrorCode = Extract<ErrorCode, 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED'>;

/** The codes that end a live subscription early; the client resumes with `after: resumeAfter`. */
export type StreamEndCode = Extract<ErrorCode, 'SUBSCRIPTION_OVERFLOW' | 'SUBSCRIPTION_INTERRUPTED'>;

/**
 * Every event type, with the kind of entity it carries and whether it can change a task's status
 * (what `taskStatusChanged` streams: such an event whose `previousStatus` differs from the task's
 * status). Order is the order of the GraphQL enum and of the plugin manifest.
 */
export const EVENT_TYPE_TABLE = Object.freeze({
  'agent.registered': { subject: 'agent', changesStatus: false },
  'task.created': { subject: 'task', changesStatus: false },
  'task.assigned': { subject: 'task', changesStatus: true },
  'task.updated': { subject: 'task', changesStatus: true },
  'delegation.granted': { subject: 'grant', changesStatus: false },
  'delegation.revoked': { subject: 'grant', changesStatus: false },
  'webhook.disabled': { subject: 'webhook', changesStatus: false },
} as const satisfies Record<string, { subject: 'agent' | 'task' | 'grant' | 'webhook'; changesStatus: boolean }>);

export type EventType = keyof typeof EVENT_TYPE_TABLE;

export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(EVENT_TYPE_TABLE) as EventType[]);

/** The event types whose events may be status changes. */
export const STATUS_CHANGE_EVENT_TYPES: readonly EventType[] = Object.freeze(
  EVENT_TYPES.filter((type) => EVENT_TYPE_TABLE[type].changesStatus),
);

/**
 * The PostgreSQL NOTIFY channel every committed event is announced on, with its sequence (as
 * text) as the payload. Per database, not per schema: listeners re-read their own log.
 */
export const EVENTS_CHANNEL = 'agentstack_events';
