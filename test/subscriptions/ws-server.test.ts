import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { userDid } from '../../src/core/did.js';
import { openTarget } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { post } from './helpers/http.js';
import { asCaller, EVENTS, type EventData } from './helpers/operations.js';
import { startServer } from './helpers/servers.js';
import { waitFor, within } from '../helpers/wait.js';
import { Collector, connect } from './helpers/ws-client.js';

/** The WebSocket server itself: protocol negotiation, shutdown. The store does not matter here. */
describe.runIf(runsOn('memory'))('attachSubscriptions', () => {
  it('refuses the legacy subscriptions-transport-ws protocol (4406) and non-/graphql paths', async () => {
    const opened = await openTarget('memory');
    const server = await startServer(opened);
    try {
      // The handshake answers without a subprotocol (a strict client gives up right there), and
      // graphql-ws closes with 4406 a connection that goes on without one.
      const legacy = new WebSocket(server.wsUrl, 'graphql-ws');
      const outcome = await within(
        'the legacy socket to be refused',
        new Promise<string>((resolve) => {
          legacy.once('error', (error) => resolve(error.message));
          legacy.once('close', (code) => resolve(`close ${code}`));
        }),
      );
      expect(outcome).toMatch(/no subprotocol|close 4406/);
      legacy.terminate();

      const elsewhere = new WebSocket(server.wsUrl.replace(/\/graphql$/, '/other'), 'graphql-transport-ws');
      const refused = await within(
        'the wrong-path socket to fail',
        new Promise<string>((resolve) => {
          elsewhere.once('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
          elsewhere.once('error', (error) => resolve(error.message));
        }),
      );
      expect(refused).toMatch(/400|404|Unexpected server response/);
      elsewhere.terminate();
    } finally {
      await server.close();
      await opened.close();
    }
  });

  it('close() completes open subscriptions, closes their connections and stops the feed', async () => {
    const opened = await openTarget('memory');
    const server = await startServer(opened);
    const owner = userDid('shutdown');
    const client = connect(server.wsUrl, asCaller(owner));
    const watching = new Collector<EventData>(client, EVENTS, { filter: { ownerDid: owner } });
    const idle = new Collector<EventData>(client, EVENTS, { filter: { ownerDid: userDid('nobody') } });
    await waitFor('both subscriptions to open', () => server.subscriptions.stats().subscriptions === 2);
    await opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: 'before shutdown' }, { actorDid: owner });
    await watching.waitForResults(1);

    const started = performance.now();
    await within('server.close()', server.close(), 10_000);
    const took = performance.now() - started;
    expect(server.subscriptions.stats()).toMatchObject({ subscriptions: 0, connections: 0, buffered: 0 });
    await waitFor('the client to see the end', () => watching.ended && idle.ended);
    // 1001 "Going away": graphql-ws clients treat it as retryable (a replica restarting).
    expect(watching.error).toMatchObject({ code: 1001 });
    console.info(`[memory] graceful close with 2 open subscriptions took ${Math.round(took)} ms`);
    await server.close(); // idempotent
    await client.dispose();
    await opened.close();
  });

  it('caps subscriptions per connection: the excess is refused with SUBSCRIPTION_LIMIT, and a completed one frees its place', async () => {
    const opened = await openTarget('memory');
    const server = await startServer(opened, { maxSubscriptionsPerConnection: 2 });
    const owner = userDid('capped');
    const first = connect(server.wsUrl, asCaller(owner));
    const second = connect(server.wsUrl, asCaller(owner));
    try {
      const open = [new Collector<EventData>(first, EVENTS, { filter: { ownerDid: owner } }), new Collector<EventData>(first, EVENTS)];
      await waitFor('two subscriptions on the first connection', () => server.subscriptions.stats().subscriptions === 2);
      const excess = new Collector<EventData>(first, EVENTS);
      await excess.waitForEnd();
      expect(refusalCodes(excess)).toEqual(['SUBSCRIPTION_LIMIT']);
      expect(server.subscriptions.stats()).toMatchObject({ subscriptions: 2, refused: 1, maxPerConnection: 2 });

      // Another connection has places of its own; the refused one changed nothing for the others.
      const elsewhere = new Collector<EventData>(second, EVENTS, { filter: { ownerDid: owner } });
      await waitFor('the second connection to subscribe', () => server.subscriptions.stats().subscriptions === 3);
      await opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: 'seen by both' }, { actorDid: owner });
      await open[0]!.waitForResults(1);
      await elsewhere.waitForResults(1);

      open[1]!.stop(); // `complete`: its place on the first connection is free again
      await waitFor('the completed subscription to be released', () => server.subscriptions.stats().subscriptions === 2);
      const again = new Collector<EventData>(first, EVENTS);
      await waitFor('a new subscription in the freed place', () => server.subscriptions.stats().subscriptions === 3);
      expect(again.ended).toBe(false);
    } finally {
      await first.dispose();
      await second.dispose();
      await server.close();
      await opened.close();
    }
  });

  it('caps subscriptions per process across connections, and says so to the client', async () => {
    const opened = await openTarget('memory');
    const server = await startServer(opened, { maxSubscriptions: 3 });
    const clients = [connect(server.wsUrl, asCaller(userDid('limited-1'))), connect(server.wsUrl, asCaller(userDid('limited-2')))];
    try {
      for (const client of clients) new Collector<EventData>(client, EVENTS);
      new Collector<EventData>(clients[0]!, EVENTS);
      await waitFor('three subscriptions', () => server.subscriptions.stats().subscriptions === 3);
      const excess = new Collector<EventData>(clients[1]!, EVENTS);
      await excess.waitForEnd();
      expect(refusalCodes(excess)).toEqual(['SUBSCRIPTION_LIMIT']);
      expect(refusalMessages(excess)[0]).toMatch(/holds 3 subscriptions, its limit/);
      expect(server.subscriptions.stats()).toMatchObject({ subscriptions: 3, maxSubscriptions: 3, refused: 1 });
      // /health reports the counts (no identity needed, nothing about callers).
      const health = await fetch(server.url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(5_000) });
      expect(await health.json()).toEqual({
        status: 'ok',
        subscriptions: { open: 3, limit: 3, refused: 1, connections: 2, refusedConnections: 0, replaying: 0, replayWaiting: 0, replayEventsPerSecond: 5_000 },
      });
    } finally {
      for (const client of clients) await client.dispose();
      await server.close();
      await opened.close();
    }
  });
});

/** A subscription refused when it starts gets one result with the errors (no data), then `complete`. */
function refusalCodes(refused: Collector<EventData>): unknown[] {
  expect(refused.completed).toBe(true);
  expect(refused.results).toHaveLength(1);
  return (refused.results[0]!.errors ?? []).map((e) => e.extensions?.code);
}

function refusalMessages(refused: Collector<EventData>): string[] {
  return (refused.results[0]!.errors ?? []).map((e) => e.message);
}

describe.runIf(runsOn('memory'))('a subscription sent over HTTP', () => {
  it('is answered with BAD_REQUEST that points to graphql-ws, not an internal error', async () => {
    const opened = await openTarget('memory');
    const server = await startServer(opened);
    try {
      const result = await post(server.url, 'subscription { agentStackEvents { cursor } }');
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
      expect(result.errors?.[0]?.message).toContain('graphql-ws');
      expect(server.loggedErrors).toEqual([]);
    } finally {
      await server.close();
      await opened.close();
    }
  });
});
