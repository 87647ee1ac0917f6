import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response } from 'express';
import { isAgentStackError, type Caller } from '../../core/index.js';
import { loadOnce } from '../../core/load-once.js';
import type { McpSession, McpSessionStore } from '../../core/mcp-sessions.js';
import { ToolError } from '../../mcp/tool.js';
import type { HttpServerSeam } from '../app.js';
import type { Identity } from '../identity.js';
import { requestLog } from '../logging.js';
import type { EventFeed } from '../subscriptions/event-feed.js';
import { InProcessBackend, mcpErrorFormatter } from './in-process-backend.js';
import { JSONRPC, sendCodedError, sendJsonRpcError } from './jsonrpc.js';
import { ResourceStream } from './resource-stream.js';

export const MCP_PATH = '/mcp';

/** An identified caller: /mcp answers nobody else. */
type KnownCaller = Identity & { did: string };
/** RFC 9728: where a client finds how to authenticate to /mcp (the MCP authorization specification). */
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';
export const SESSION_HEADER = 'mcp-session-id';

/**
 * JSON-RPC messages one POST may carry: batches left the protocol in 2025-06-18, and one request
 * must not become thousands of operations.
 */
export const MAX_BATCH = 16;
/** A session no request has used for this long is gone (404: the client initializes again). */
export const DEFAULT_SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
/** Resources one session may subscribe to. */
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION = 100;

/**
 * The MCP SDK (zod, ajv) and the tool table, loaded by the first POST /mcp rather than at start:
 * ~0.3 s of modules, a fifth of a restart, that a replica no MCP client calls never needs.
 */
const mcpRuntime = loadOnce(() => Promise.all([import('@modelcontextprotocol/sdk/server/streamableHttp.js'), import('../../mcp/server.js')]));

export interface McpHttpOptions {
  seam: Pick<HttpServerSeam, 'schema' | 'agentStack' | 'identity' | 'limits' | 'production' | 'createContext' | 'logger' | 'metrics'>;
  sessions: McpSessionStore;
  /** The event feed of the server's subscriptions (ws.ts): resource updates come from it. Null: `resources/subscribe` is not offered. */
  feed: Pick<EventFeed, 'subscribe'> | null;
  /** The server's version, in `initialize`'s serverInfo. */
  version: string;
  /** Browser origins besides the server's own that may call /mcp (AGENTSTACK_MCP_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Authorization servers whose tokens this server accepts (RFC 9728 metadata): AGENTSTACK_JWT_ISSUER. */
  authorizationServers?: readonly string[];
  sessionIdleMs?: number;
  maxSubscriptionsPerSession?: number;
  keepAliveMs?: number;
  now?: () => number;
}

export interface McpHttp {
  /** `/mcp` and the protected-resource metadata; mount before the 404 handler. */
  router: express.Router;
  stats(): { sessionsOpened: number; streams: number };
  /** Whether this replica holds a resource stream of the session (what a client waits for before it counts on updates). */
  hasStream(sessionId: string): boolean;
  /** Ends every open resource stream (shutdown). */
  close(): void;
}

/**
 * MCP over Streamable HTTP at /mcp, on the server's port. Stateless transport, sessions in the
 * database (src/core/mcp-sessions.ts): every POST gets a fresh SDK transport and server for its
 * caller (cheap: the tool table and its input checks are built once), so any replica serves any
 * request of any session. `initialize` opens a session (a row; its id in `Mcp-Session-Id`); every
 * later request must carry it and come from the same caller (404 otherwise, as for an unknown or
 * idle session); DELETE ends it. GET opens the session's resource stream (resource-stream.ts).
 *
 * Credentials are GraphQL's (identity.ts), checked on every request; without one, 401 with a
 * `WWW-Authenticate` naming the protected-resource metadata (RFC 9728), as the MCP authorization
 * specification asks.
 */
export function mcpRoutes(options: McpHttpOptions): McpHttp {
  const { seam, sessions } = options;
  const now = options.now ?? Date.now;
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const maxSubscriptions = options.maxSubscriptionsPerSession ?? DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION;
  const format = mcpErrorFormatter(seam);
  const streams = new Set<ResourceStream>();
  let sessionsOpened = 0;
  const router = express.Router();

  router.get([PROTECTED_RESOURCE_PATH, `${PROTECTED_RESOURCE_PATH}${MCP_PATH}`], (req, res) => {
    res.set('cache-control', 'public, max-age=3600').json({
      resource: `${originOf(req)}${MCP_PATH}`,
      resource_name: 'AgentStack',
      authorization_servers: [...(options.authorizationServers ?? [])],
      bearer_methods_supported: ['header'],
    });
  });

  // The body is JSON-RPC (1 MiB at most, like /graphql); its failures answer as JSON-RPC.
  const body = express.json({ limit: '1mb', type: () => true });
  router.post(MCP_PATH, (req, res, next) => body(req, res, (error?: unknown) => (error ? bodyFailed(res, error) : next())), handle(post));
  router.get(MCP_PATH, handle(get));
  router.delete(MCP_PATH, handle(remove));
  router.all(MCP_PATH, (_req, res) => sendJsonRpcError(res, 405, JSONRPC.SERVER_ERROR, 'Method not allowed: POST, GET or DELETE', null, { allow: 'POST, GET, DELETE' }));

  return {
    router,
    stats: () => ({ sessionsOpened, streams: streams.size }),
    hasStream: (sessionId) => [...streams].some((stream) => stream.sessionId === sessionId && !stream.closed),
    close() {
      for (const stream of streams) stream.close();
    },
  };

  /** Checks the origin and the caller, then runs the method's handler with the caller. */
  function handle(run: (req: Request, res: Response, caller: KnownCaller) => Promise<void>) {
    return (req: Request, res: Response) => {
      void (async () => {
        // DNS rebinding (the transport specification's MUST): a browser page served from elsewhere
        // is refused; clients that are not browsers send no Origin.
        const origin = req.headers.origin;
        if (origin !== undefined && !sameOrigin(origin, req) && !options.allowedOrigins?.includes(origin)) return sendCodedError(res, 'FORBIDDEN', `Origin ${origin.slice(0, 200)} may not call this server`);
        const caller = await authenticate(req, res);
        if (caller) await run(req, res, caller);
      })().catch((error: unknown) => {
        (requestLog(req) ?? seam.logger).error({ err: error }, 'Unexpected error while serving MCP');
        if (!res.headersSent) sendCodedError(res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        else if (!res.writableEnded) res.end();
      });
    };
  }

  async function authenticate(req: Request, res: Response): Promise<KnownCaller | null> {
    const challenge = (error?: string) =>
      `Bearer resource_metadata="${originOf(req)}${PROTECTED_RESOURCE_PATH}${MCP_PATH}"${error ? `, error="${error}"` : ''}`;
    try {
      const caller = await seam.identity.resolve(req.headers);
      if (caller.did !== null) return caller as KnownCaller;
      sendCodedError(res, 'UNAUTHENTICATED', 'MCP needs a caller: Authorization: Bearer <JWT>, or an app key acting for a DID', { 'www-authenticate': challenge() });
    } catch (error) {
      if (!isAgentStackError(error)) throw error;
      sendCodedError(res, error.code, error.message, error.code === 'UNAUTHENTICATED' ? { 'www-authenticate': challenge('invalid_token') } : {});
    }
    return null;
  }

  async function post(req: Request, res: Response, caller: KnownCaller): Promise<void> {
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    if (messages.length > MAX_BATCH) {
      return sendJsonRpcError(res, 400, JSONRPC.INVALID_REQUEST, `A request carries at most ${MAX_BATCH} JSON-RPC messages`, 'BAD_REQUEST');
    }
    const initialize = messages.find((message) => isRecord(message) && message['method'] === 'initialize') as { params?: { protocolVersion?: unknown } } | undefined;
    let sessionId: string;
    if (initialize) {
      sessionId = await openSession(caller, initialize.params?.protocolVersion);
      res.setHeader(SESSION_HEADER, sessionId);
    } else {
      const session = await findSession(req, res, caller);
      if (!session) return;
      sessionId = session.id;
    }
    const [{ StreamableHTTPServerTransport }, { createAgentStackMcpServer }] = await mcpRuntime();
    const clientGone = new AbortController();
    const server = createAgentStackMcpServer({
      backend: new InProcessBackend(seam, format, callerOf(caller), clientGone.signal),
      version: options.version,
      subscriptions: options.feed
        ? {
            subscribe: async (uri) => {
              if (!(await sessions.subscribeMcpSession(sessionId, uri, maxSubscriptions))) {
                throw new ToolError('BAD_USER_INPUT', `A session subscribes to at most ${maxSubscriptions} resources`);
              }
            },
            unsubscribe: (uri) => sessions.unsubscribeMcpSession(sessionId, uri),
          }
        : null,
      log: (error) => (requestLog(req) ?? seam.logger).error({ err: error }, 'Unexpected error in an MCP tool'),
      onToolCall: (tool, outcome, seconds) => seam.metrics.observeToolCall(tool, outcome, seconds),
    });
    // Stateless: the session is ours (above); a JSON answer per POST, nothing to keep open.
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.once('close', () => {
      clientGone.abort();
      void transport.close().then(() => server.close());
    });
    await server.connect(transport);
    await transport.handleRequest(req as IncomingMessage, res as ServerResponse, req.body);
  }

  async function get(req: Request, res: Response, caller: KnownCaller): Promise<void> {
    if (!options.feed) return sendJsonRpcError(res, 405, JSONRPC.SERVER_ERROR, 'This server sends no notifications outside a request: no GET stream', null, { allow: 'POST, DELETE' });
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      return sendJsonRpcError(res, 406, JSONRPC.SERVER_ERROR, 'Not Acceptable: a GET must accept text/event-stream', null);
    }
    const session = await findSession(req, res, caller);
    if (!session) return;
    const stream = new ResourceStream({
      res,
      sessionId: session.id,
      caller: callerOf(caller),
      sessions,
      feed: options.feed,
      agentStack: seam.agentStack,
      logger: requestLog(req) ?? seam.logger,
      after: lastEventId(req),
      ...(options.keepAliveMs !== undefined ? { keepAliveMs: options.keepAliveMs } : {}),
    });
    try {
      await stream.open();
    } catch (error) {
      if (!isAgentStackError(error)) throw error;
      // SUBSCRIPTION_LIMIT (the process holds as many as it may), or a Last-Event-ID past the log's end.
      return sendCodedError(res, error.code, error.message);
    }
    streams.add(stream);
    res.once('close', () => streams.delete(stream));
    // A stream lives no longer than the credential it was opened with.
    if (caller.expiresAt !== null) {
      const timer = setTimeout(() => stream.close(), Math.max(0, Math.min(caller.expiresAt - now(), 2 ** 31 - 1)));
      timer.unref();
      res.once('close', () => clearTimeout(timer));
    }
  }

  async function remove(req: Request, res: Response, caller: KnownCaller): Promise<void> {
    const id = sessionIdOf(req, res);
    if (id === null) return;
    if (!(await sessions.deleteMcpSession(id, callerOf(caller)))) return sessionNotFound(res);
    for (const stream of streams) if (stream.sessionId === id) stream.close();
    res.status(200).end();
  }

  async function openSession(caller: KnownCaller, protocolVersion: unknown): Promise<string> {
    const at = new Date(now()).toISOString();
    const session: McpSession = {
      id: randomBytes(24).toString('base64url'),
      callerDid: caller.did,
      callerApp: caller.app ?? null,
      protocolVersion: typeof protocolVersion === 'string' ? protocolVersion.slice(0, 64) : null,
      subscriptions: [],
      createdAt: at,
      lastSeenAt: at,
    };
    await sessions.insertMcpSession(session);
    sessionsOpened++;
    // Idle sessions go as new ones come: one indexed DELETE, off the request's path.
    void sessions.deleteIdleMcpSessions(new Date(now() - idleMs).toISOString()).catch((error: unknown) => seam.logger.warn({ err: error }, 'Could not delete idle MCP sessions'));
    return session.id;
  }

  async function findSession(req: Request, res: Response, caller: KnownCaller): Promise<McpSession | null> {
    const id = sessionIdOf(req, res);
    if (id === null) return null;
    const session = await sessions.touchMcpSession(id, callerOf(caller), new Date(now()).toISOString(), new Date(now() - idleMs).toISOString());
    if (!session) sessionNotFound(res);
    return session;
  }
}

function callerOf(identity: KnownCaller): Caller & { did: string; app: string | null } {
  return { did: identity.did, app: identity.app ?? null };
}

function sessionIdOf(req: Request, res: Response): string | null {
  const id = req.headers[SESSION_HEADER];
  if (typeof id === 'string' && /^[\x21-\x7e]{1,128}$/.test(id)) return id;
  sendJsonRpcError(res, 400, JSONRPC.SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required (initialize first)', 'BAD_REQUEST');
  return null;
}

function sessionNotFound(res: Response): void {
  sendJsonRpcError(res, 404, JSONRPC.SESSION_NOT_FOUND, 'Session not found: initialize a new session', 'NOT_FOUND');
}

function lastEventId(req: Request): number | null {
  const value = req.headers['last-event-id'];
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function bodyFailed(res: Response, error: unknown): void {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return sendJsonRpcError(res, 413, JSONRPC.INVALID_REQUEST, 'The request body is larger than 1 MiB', 'PAYLOAD_TOO_LARGE');
  sendJsonRpcError(res, 400, JSONRPC.PARSE_ERROR, 'Parse error: the request body is not valid JSON', 'BAD_REQUEST');
}

/** The origin clients reach this server at, as the request names it. */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function sameOrigin(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
