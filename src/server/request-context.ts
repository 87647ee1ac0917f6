import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** What one GraphQL request turned out to be, learned as it is served (for its log line and metrics). */
export interface RequestOutcome {
  /** The operation executed (Apollo resolves it from the document), else the name the client sent. */
  operationName: string | null;
  /** The first error's `extensions.code`, or `OK`; null until known. */
  outcome: string | null;
}

/** The request (HTTP) or operation (graphql-ws) being served. */
export interface RequestScope {
  readonly requestId: string;
  /** A child logger: every line carries `requestId`. */
  readonly log: Logger;
  /** Present for GraphQL requests: filled in by the GraphQL layer's hooks (graphql-observation.ts). */
  readonly outcome?: RequestOutcome;
}

// No AsyncLocalStorage: on Node 20, once one is entered, every promise of the process runs its
// hooks (~9% of a small request's CPU, measured A/B). The scope travels explicitly instead: on the
// request, and from a GraphQL context to Apollo Server's plugins.
const SCOPE = Symbol('agentstack.requestScope');
type Scoped = IncomingMessage & { [SCOPE]?: RequestScope };

/** The request's scope, from now on (graphqlRequestScope, graphql-observation.ts). */
export function setRequestScope(req: IncomingMessage, scope: RequestScope): void {
  (req as Scoped)[SCOPE] = scope;
}

export function requestScopeOf(req: IncomingMessage): RequestScope | undefined {
  return (req as Scoped)[SCOPE];
}

/**
 * The scope of the request a GraphQL context was made for: how Apollo Server's plugins find it. A
 * property, not a WeakMap entry: Apollo Server executes a shallow copy of the context it is given.
 */
export function bindContextScope(context: object, scope: RequestScope | undefined): void {
  if (scope) (context as { [SCOPE]?: RequestScope })[SCOPE] = scope;
}

export function contextScopeOf(context: object): RequestScope | undefined {
  return (context as { [SCOPE]?: RequestScope })[SCOPE];
}

/** Records the first error code seen, unless an outcome is known already. */
export function noteErrorCode(outcome: RequestOutcome | undefined, code: unknown): void {
  if (outcome && outcome.outcome === null && typeof code === 'string') outcome.outcome = code;
}

/** A response about to be sent: its operation, and its outcome (the first error's code, or OK). */
export function noteResponse(outcome: RequestOutcome, operationName: string | null, errors: readonly { extensions?: { code?: unknown } }[] | undefined): void {
  outcome.operationName = operationName;
  const code = errors?.[0]?.extensions?.code;
  outcome.outcome = typeof code === 'string' ? code : errors?.length ? 'INTERNAL_SERVER_ERROR' : 'OK';
}

// ---- on the HTTP response -------------------------------------------------------------

const OUTCOME = Symbol('agentstack.requestOutcome');
type Tracked = ServerResponse & { [OUTCOME]?: RequestOutcome };

/** Marks the response as a GraphQL request's: its outcome is tracked from now on. */
export function trackOutcome(res: ServerResponse): RequestOutcome {
  return ((res as Tracked)[OUTCOME] ??= { operationName: null, outcome: null });
}

/** An HTTP failure answered outside GraphQL execution (a malformed body, a limit): its code, when the request is a GraphQL one. */
export function noteResponseCode(res: ServerResponse, code: string): void {
  noteErrorCode((res as Tracked)[OUTCOME], code);
}

/**
 * A GraphQL request's outcome once its response is done (null for other requests): what the
 * GraphQL layer recorded, else what the status says (`ABORTED` when the client went away first).
 */
export function finalOutcome(res: ServerResponse): { operationName: string | null; outcome: string } | null {
  const recorded = (res as Tracked)[OUTCOME];
  if (!recorded) return null;
  return {
    operationName: recorded.operationName ?? clientOperationName(res.req),
    outcome: recorded.outcome ?? (res.writableFinished ? statusOutcome(res.statusCode) : 'ABORTED'),
  };
}

function statusOutcome(status: number): string {
  if (status < 400) return 'OK';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
}

/** The operationName a client sent (POST body or GET query), when GraphQL never got to resolve one. */
function clientOperationName(req: IncomingMessage | undefined): string | null {
  const request = req as (IncomingMessage & { body?: unknown; query?: unknown }) | undefined;
  const fromBody = (request?.body as { operationName?: unknown } | undefined)?.operationName;
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery = (request?.query as { operationName?: unknown } | undefined)?.operationName;
  return typeof fromQuery === 'string' ? fromQuery : null;
}
