import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HasDelegationDocument } from '../../src/client/generated/graphql.js';
import { waitFor } from '../helpers/wait.js';
import { as, execute } from './helpers/client.js';
import { startTestServer } from './helpers/test-server.js';

/** Whether a new TCP connection to 127.0.0.1:`port` is refused, i.e. the server has stopped listening. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('graceful close', () => {
  it('lets an in-flight request finish, refuses new connections, then resolves', async () => {
    let entered!: () => void;
    const resolverEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A resolver that holds the request open until the test releases it.
    const server = await startTestServer({
      extraResolvers: {
        Query: {
          hasDelegation: async () => {
            entered();
            await released;
            return true;
          },
        },
      },
    });
    const vars = { ownerDid: 'did:coinpay:user:a', agentDid: 'did:coinpay:agent:b', scope: 'tasks:read' };
    const inFlight = execute(server.url, HasDelegationDocument, vars, as(vars.ownerDid));
    await resolverEntered;

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    // Closing stops the listener a few ticks later: wait for that, not for a guessed while.
    await waitFor('the server to refuse new connections', () => refusesConnections(Number(new URL(server.url).port)), 5_000);
    await expect(fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    // Deterministic, not a race: the resolver holds the in-flight request until release() below,
    // so close() cannot have finished (the drain's 10 s grace is far off).
    expect(closed).toBe(false);

    release();
    expect((await inFlight).data).toEqual({ hasDelegation: true });
    await closing;
    expect(closed).toBe(true);
  });

  it('answers /ready with 503 (draining) as soon as close begins, while /health and requests keep answering', async () => {
    // Long enough for the three requests below on a busy machine; close() then finishes normally.
    const server = await startTestServer({ shutdownDelayMs: 3_000 });
    expect((await fetch(`${server.origin}/ready`)).status).toBe(200);
    const closing = server.close();
    const ready = await fetch(`${server.origin}/ready`, { signal: AbortSignal.timeout(2_000) });
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'draining' }]);
    expect((await fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(2_000) })).status).toBe(200);
    const vars = { ownerDid: 'did:coinpay:user:a', agentDid: 'did:coinpay:agent:b', scope: 'tasks:read' };
    expect((await execute(server.url, HasDelegationDocument, vars, as(vars.ownerDid))).data).toEqual({ hasDelegation: false });
    await closing;
    await expect(fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
