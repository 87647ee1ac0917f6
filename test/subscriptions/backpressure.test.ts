import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userDid } from '../../src/core/did.js';
import { databaseTargets, type OpenedDatabase } from '../helpers/databases.js';
import { RawGraphQLWs } from './helpers/raw-ws.js';
import { startServer, type RunningServer } from './helpers/servers.js';
import { waitFor } from '../helpers/wait.js';
import { asCaller } from './helpers/operations.js';
import { Collector, connect } from './helpers/ws-client.js';
import { logSequences } from './helpers/world.js';

const MAX_BUFFERED = 50;
/** Large events fill the TCP buffers between server and a client that stopped reading. */
const PADDING = 'x'.repeat(32 * 1024);
const EVENTS_WITH_METADATA = /* GraphQL */ `
  subscription($after: String, $filter: AgentStackEventFilter) {
    events: agentStackEvents(after: $after, filter: $filter) { cursor task { id metadata } }
  }
`;

for (const target of databaseTargets()) {
  describe.runIf(target.enabled)(`backpressure (${target.name})`, () => {
    let opened: OpenedDatabase;
    let server: RunningServer;

    beforeAll(async () => {
      opened = await target.open({ label: 'subs' });
      // No keep-alive pings: a paused client cannot answer them, and this test wants the overflow.
      server = await startServer(opened, { maxBuffered: MAX_BUFFERED, keepAliveMs: 0 });
    });
    afterAll(async () => {
      await server?.close();
      await opened?.close();
    });

    it('ends a subscriber that stops reading with a resume cursor; its buffer never exceeds the bound', async () => {
      const owner = userDid(`slow-${target.name}`);
      const start = await opened.agentStack.lastEventSequence();
      // Every client is the owner of the tasks it watches: it may see each event its filter matches.
      const slow = await RawGraphQLWs.open(server.wsUrl, asCaller(owner));
      slow.subscribe('slow', EVENTS_WITH_METADATA, { after: String(start), filter: { ownerDid: owner } });
      // A control: a client that keeps reading, under the same load, is not ended.
      const healthyClient = connect(server.wsUrl, asCaller(owner));
      const healthy = new Collector<{ events: { cursor: string } }>(healthyClient, EVENTS_WITH_METADATA, {
        after: String(start),
        filter: { ownerDid: owner },
      });
      await waitFor('the subscriptions to open', () => server.subscriptions.stats().subscriptions === 2);
      slow.pause();

      const heapBefore = process.memoryUsage().heapUsed;
      let peakBuffered = 0;
      let written = 0;
      // Write until the server gives up on the slow subscriber (bounded: at most 3,000 events).
      while (server.subscriptions.stats().subscriptions > 1 && written < 3_000) {
        await Promise.all(
          Array.from({ length: 10 }, () =>
            opened.agentStack.createTask(
              { ownerDid: owner, sourceApp: 'test', title: `event ${written++}`, metadata: { padding: PADDING } },
              { actorDid: owner },
            ),
          ),
        );
        peakBuffered = Math.max(peakBuffered, server.subscriptions.stats().largestBuffer);
        // The healthy client keeps pace (it reads everything before the next batch).
        const target = written;
        await waitFor('the healthy client to keep up', () => healthy.results.length >= target || healthy.ended, 10_000);
      }
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      console.info(
        `[${target.name}] slow consumer ended after ${written} events of ~33 KiB; peak buffered ${peakBuffered} ` +
          `(bound ${MAX_BUFFERED}); heap growth meanwhile ${Math.round(heapGrowth / 2 ** 20)} MiB`,
      );
      expect(peakBuffered).toBeLessThanOrEqual(MAX_BUFFERED);
      expect(written).toBeLessThan(3_000);
      // The log is the reference (sequence numbers need not be dense on every store).
      const reference = await logSequences(opened.agentStack, owner, start, { ownerDid: owner });
      expect(reference).toHaveLength(written);
      await healthy.waitForResults(written, 30_000);
      expect(healthy.error).toBeNull();
      expect(healthy.data.map(({ events }) => Number(events.cursor))).toEqual(reference);
      await healthyClient.dispose();
      await waitFor('every subscription to be released', () => server.subscriptions.stats().subscriptions === 0);
      expect(server.subscriptions.stats().buffered).toBe(0);

      // The client reads again: the events it got, then one error that says where to resume, then complete.
      slow.resume();
      await waitFor('the final complete', () => slow.of('slow').some((message) => message.type === 'complete'), 20_000);
      const messages = slow.of('slow');
      const delivered = messages.filter((message) => message.payload?.data).map((message) => Number(message.payload.data.events.cursor));
      const final = messages[messages.length - 2]!;
      expect(messages[messages.length - 1]!.type).toBe('complete');
      expect(final.type).toBe('next');
      expect(final.payload.data).toBeNull();
      expect(final.payload.errors[0].extensions).toEqual({
        code: 'SUBSCRIPTION_OVERFLOW',
        resumeAfter: String(delivered[delivered.length - 1] ?? start),
        retryable: true,
        requestId: expect.any(String), // the subscription's own id (ws.ts)
      });
      expect(delivered).toEqual(reference.slice(0, delivered.length));
      slow.close();

      // Resuming from the cursor yields exactly the rest: nothing lost, nothing twice.
      const client = connect(server.wsUrl, asCaller(owner));
      try {
        const rest = new Collector<{ events: { cursor: string } }>(client, EVENTS_WITH_METADATA, {
          after: final.payload.errors[0].extensions.resumeAfter,
          filter: { ownerDid: owner },
        });
        await rest.waitForResults(written - delivered.length, 30_000);
        const resumed = rest.data.map(({ events }) => Number(events.cursor));
        expect([...delivered, ...resumed]).toEqual(reference);
      } finally {
        await client.dispose();
      }
    });
  });
}
