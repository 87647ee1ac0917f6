/**
 * MCP sessions (src/server/mcp): what a Streamable HTTP session needs to outlive the request that
 * opened it, kept in the database so that any replica serves any of its requests. A session
 * belongs to the caller who opened it (a request from anyone else finds no session), and ends when
 * deleted or after being idle too long. Transport state, not domain state: no event is recorded.
 */
export interface McpSession {
  /** The `Mcp-Session-Id`: random, unguessable. */
  id: string;
  callerDid: string;
  /** The app of the app key the caller used (null: a token or the development header). */
  callerApp: string | null;
  /** The protocol version `initialize` settled on. */
  protocolVersion: string | null;
  /** The resource URIs subscribed to (`resources/subscribe`), in subscription order. */
  subscriptions: string[];
  createdAt: string;
  lastSeenAt: string;
}

export interface McpSessionStore {
  insertMcpSession(session: McpSession): Promise<void>;
  /**
   * The session, if it exists, belongs to the caller and was seen after `idleSince`; its
   * `lastSeenAt` becomes `now` in the same step (one statement).
   */
  touchMcpSession(id: string, caller: McpSessionCaller, now: string, idleSince: string): Promise<McpSession | null>;
  /** The session's subscriptions, without touching it (null: it is gone). */
  mcpSessionSubscriptions(id: string): Promise<string[] | null>;
  /**
   * Adds `uri` to the session's subscriptions unless it holds `max` already; answers false then
   * (true also when it was there already). A session that is gone answers false.
   */
  subscribeMcpSession(id: string, uri: string, max: number): Promise<boolean>;
  unsubscribeMcpSession(id: string, uri: string): Promise<void>;
  /** Ends the caller's session; false when there was none. */
  deleteMcpSession(id: string, caller: McpSessionCaller): Promise<boolean>;
  /** Ends every session last seen before `idleSince`; answers how many. */
  deleteIdleMcpSessions(idleSince: string): Promise<number>;
}

export interface McpSessionCaller {
  did: string;
  app: string | null;
}

/** Sessions in memory: for a server without a database (tests, the in-memory store). */
export class MemoryMcpSessions implements McpSessionStore {
  private readonly sessions = new Map<string, McpSession>();

  async insertMcpSession(session: McpSession): Promise<void> {
    this.sessions.set(session.id, { ...session, subscriptions: [...session.subscriptions] });
  }

  async touchMcpSession(id: string, caller: McpSessionCaller, now: string, idleSince: string): Promise<McpSession | null> {
    const session = this.sessions.get(id);
    if (!session || !sameCaller(session, caller) || session.lastSeenAt <= idleSince) return null;
    session.lastSeenAt = now;
    return { ...session, subscriptions: [...session.subscriptions] };
  }

  async mcpSessionSubscriptions(id: string): Promise<string[] | null> {
    const session = this.sessions.get(id);
    return session ? [...session.subscriptions] : null;
  }

  async subscribeMcpSession(id: string, uri: string, max: number): Promise<boolean> {
    const session = this.sessions.get(id);
    if (!session) return false;
    if (session.subscriptions.includes(uri)) return true;
    if (session.subscriptions.length >= max) return false;
    session.subscriptions.push(uri);
    return true;
  }

  async unsubscribeMcpSession(id: string, uri: string): Promise<void> {
    const session = this.sessions.get(id);
    if (session) session.subscriptions = session.subscriptions.filter((each) => each !== uri);
  }

  async deleteMcpSession(id: string, caller: McpSessionCaller): Promise<boolean> {
    const session = this.sessions.get(id);
    if (!session || !sameCaller(session, caller)) return false;
    return this.sessions.delete(id);
  }

  async deleteIdleMcpSessions(idleSince: string): Promise<number> {
    let deleted = 0;
    for (const [id, session] of this.sessions) {
      if (session.lastSeenAt <= idleSince && this.sessions.delete(id)) deleted++;
    }
    return deleted;
  }
}

function sameCaller(session: McpSession, caller: McpSessionCaller): boolean {
  return session.callerDid === caller.did && session.callerApp === caller.app;
}
