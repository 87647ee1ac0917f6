/**
 * MCP sessions (src/core/mcp-sessions.ts) in the database and in memory, one contract: a session
 * is found only by its caller and while not idle (found = seen now), subscriptions are a bounded
 * set changed by single statements (concurrent subscribes all land), idle sessions are deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMcpSessions, type McpSession, type McpSessionStore } from '../../src/core/mcp-sessions.js';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';

const ALICE = { did: 'did:coinpay:agent:alice', app: null };
const T0 = '2026-12-02T10:00:00.000Z';
const T1 = '2026-12-02T11:00:00.000Z';
const T2 = '2026-12-02T12:00:00.000Z';

function session(id: string, overrides: Partial<McpSession> = {}): McpSession {
  return { id, callerDid: ALICE.did, callerApp: null, protocolVersion: '2025-06-18', subscriptions: [], createdAt: T0, lastSeenAt: T0, ...overrides };
}

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`MCP sessions (${target.name})`, () => {
    let db: OpenedDatabase;
    let sessions: McpSessionStore;
    beforeAll(async () => {
      db = await target.open({ label: 'mcp_sessions' });
      sessions = db.sql?.mcpSessions ?? new MemoryMcpSessions();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('finds a session only for its caller and while it is not idle, and seeing it keeps it alive', async () => {
      await sessions.insertMcpSession(session('s-found'));
      expect(await sessions.touchMcpSession('s-found', { did: 'did:coinpay:agent:mallory', app: null }, T1, T0)).toBeNull();
      expect(await sessions.touchMcpSession('s-found', { did: ALICE.did, app: 'ugig' }, T1, T0)).toBeNull();
      expect(await sessions.touchMcpSession('s-unknown', ALICE, T1, T0)).toBeNull();
      // Last seen at T0: idle when the cut-off is T0 or later.
      expect(await sessions.touchMcpSession('s-found', ALICE, T1, T0)).toBeNull();
      expect(await sessions.touchMcpSession('s-found', ALICE, T1, '2026-12-02T09:00:00.000Z')).toEqual(session('s-found', { lastSeenAt: T1 }));
      // Seen at T1 now: a cut-off between T0 and T1 keeps it.
      expect(await sessions.touchMcpSession('s-found', ALICE, T2, '2026-12-02T10:30:00.000Z')).toMatchObject({ lastSeenAt: T2 });
    });

    it('keeps subscriptions as a bounded set: once each, in order, at most max, removable', async () => {
      await sessions.insertMcpSession(session('s-subs'));
      expect(await sessions.subscribeMcpSession('s-subs', 'agentstack://tasks/a', 2)).toBe(true);
      expect(await sessions.subscribeMcpSession('s-subs', 'agentstack://tasks/a', 2)).toBe(true);
      expect(await sessions.subscribeMcpSession('s-subs', 'agentstack://tasks/b?x=\'"', 2)).toBe(true);
      expect(await sessions.subscribeMcpSession('s-subs', 'agentstack://tasks/c', 2)).toBe(false);
      // Already there: still true at the limit.
      expect(await sessions.subscribeMcpSession('s-subs', 'agentstack://tasks/a', 2)).toBe(true);
      expect(await sessions.mcpSessionSubscriptions('s-subs')).toEqual(['agentstack://tasks/a', 'agentstack://tasks/b?x=\'"']);
      await sessions.unsubscribeMcpSession('s-subs', 'agentstack://tasks/a');
      await sessions.unsubscribeMcpSession('s-subs', 'agentstack://tasks/never');
      expect(await sessions.mcpSessionSubscriptions('s-subs')).toEqual(['agentstack://tasks/b?x=\'"']);
      await sessions.unsubscribeMcpSession('s-subs', 'agentstack://tasks/b?x=\'"');
      expect(await sessions.mcpSessionSubscriptions('s-subs')).toEqual([]);
      expect(await sessions.subscribeMcpSession('s-gone', 'agentstack://tasks/a', 2)).toBe(false);
      expect(await sessions.mcpSessionSubscriptions('s-gone')).toBeNull();
    });

    it('lands every one of concurrent subscribes', async () => {
      await sessions.insertMcpSession(session('s-race'));
      const uris = Array.from({ length: 20 }, (_v, i) => `agentstack://tasks/t${i}`);
      expect(await Promise.all(uris.map((uri) => sessions.subscribeMcpSession('s-race', uri, 100)))).toEqual(uris.map(() => true));
      expect([...(await sessions.mcpSessionSubscriptions('s-race'))!].sort()).toEqual([...uris].sort());
    });

    it("deletes a session for its caller only, and idle sessions by when they were last seen", async () => {
      await sessions.insertMcpSession(session('s-delete'));
      expect(await sessions.deleteMcpSession('s-delete', { did: 'did:coinpay:agent:mallory', app: null })).toBe(false);
      expect(await sessions.deleteMcpSession('s-delete', ALICE)).toBe(true);
      expect(await sessions.deleteMcpSession('s-delete', ALICE)).toBe(false);
      await sessions.insertMcpSession(session('s-old', { lastSeenAt: '2026-01-01T00:00:00.000Z' }));
      await sessions.insertMcpSession(session('s-new', { lastSeenAt: '2027-01-01T00:00:00.000Z' }));
      expect(await sessions.deleteIdleMcpSessions('2026-06-01T00:00:00.000Z')).toBe(1);
      expect(await sessions.mcpSessionSubscriptions('s-old')).toBeNull();
      expect(await sessions.mcpSessionSubscriptions('s-new')).toEqual([]);
    });
  });
}
