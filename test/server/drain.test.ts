import { describe, expect, it } from 'vitest';
import { HasDelegationDocument } from '../../src/client/generated/graphql.js';
import { execute } from './helpers/client.js';
import { startTestServer } from './helpers/test-server.js';

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
    const inFlight = execute(server.url, HasDelegationDocument, vars);
    await resolverEntered;

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false); // still draining
    await expect(fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();

    release();
    expect((await inFlight).data).toEqual({ hasDelegation: true });
    await closing;
    expect(closed).toBe(true);
  });
});
