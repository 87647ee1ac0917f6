import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createAgentStackServer, type AgentStackServer } from '../../../src/server/app.js';
import { attachSubscriptions, type AttachSubscriptionsOptions, type SubscriptionServer } from '../../../src/server/ws.js';
import type { DatabaseTarget, OpenedDatabase } from '../../helpers/databases.js';
import { waitFor } from '../../helpers/wait.js';
import { asCaller } from './operations.js';
import { Collector, connect } from './ws-client.js';

/** A real AgentStack server (HTTP + graphql-ws on one port) on 127.0.0.1 and a free port. */
export interface RunningServer {
  url: string;
  wsUrl: string;
  server: AgentStackServer;
  subscriptions: SubscriptionServer;
  loggedErrors: unknown[];
  close(): Promise<void>;
}

export type SubscriptionTuning = Pick<
  AttachSubscriptionsOptions,
  | 'maxBuffered'
  | 'maxSubscriptions'
  | 'maxSubscriptionsPerConnection'
  | 'batchSize'
  | 'replayBatchSize'
  | 'maxReplaying'
  | 'maxReplayingPerConnection'
  | 'replayEventsPerSecond'
  | 'replayStallMs'
  | 'safetyPollMs'
  | 'keepAliveMs'
  | 'closeGraceMs'
  | 'wakeSource'
>;

export async function startServer(opened: OpenedDatabase, tuning: SubscriptionTuning = {}): Promise<RunningServer> {
  const loggedErrors: unknown[] = [];
  const logger = { info: () => {}, error: (_message: string, error?: unknown) => loggedErrors.push(error) };
  let subscriptions: SubscriptionServer | null = null;
  const server = await createAgentStackServer({
    agentStack: opened.agentStack,
    database: opened.database.ping ? { ping: () => opened.database.ping!() } : null,
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
    logger,
    onHttpServer: async (httpServer, seam) => {
      subscriptions = await attachSubscriptions(httpServer, {
        schema: seam.schema,
        agentStack: seam.agentStack,
        database: opened.database,
        identity: seam.identity,
        limits: seam.limits,
        createContext: seam.createContext,
        logger,
        ...tuning,
      });
      const attached = subscriptions;
      return { dispose: () => attached.close(), health: () => attached.health() };
    },
  });
  const { url } = await server.listen();
  if (!subscriptions) throw new Error('attachSubscriptions did not run');
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    server,
    subscriptions,
    loggedErrors,
    close: () => server.close(),
  };
}

/**
 * The scaffold of a subscription test file: one server on the target for the whole file (opened
 * before its tests, closed after), identified graphql-ws clients that are closed after each test,
 * and DIDs unique per test (the database is shared by the file's tests).
 */
export function liveServerOn(target: DatabaseTarget, label: string) {
  let opened: OpenedDatabase | undefined;
  let server: RunningServer | undefined;
  const clients: Client[] = [];
  let run = 0;
  beforeAll(async () => {
    opened = await target.open({ label });
    server = await startServer(opened);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(async () => {
    await server?.close();
    await opened?.close();
  });
  return {
    get opened(): OpenedDatabase {
      return opened!;
    },
    get server(): RunningServer {
      return server!;
    },
    /** A DID name unique to this test: `<name>-<target>-<n>`. */
    fresh: (name: string) => `${name}-${target.name}-${++run}`,
    /** A graphql-ws client identified as `did` (connectionParams), or with exactly these connectionParams. */
    client(identity: string | Record<string, unknown>): Client {
      const created = connect(server!.wsUrl, typeof identity === 'string' ? asCaller(identity) : identity);
      clients.push(created);
      return created;
    },
    /** Subscribes and waits until the server has opened the feed subscriptions. */
    async subscribeAll<T>(on: Client, specs: { query: string; variables?: Record<string, unknown> }[]): Promise<Collector<T>[]> {
      const before = server!.subscriptions.stats().opened;
      const collectors = specs.map((spec) => new Collector<T>(on, spec.query, spec.variables));
      await waitFor('the server to open the subscriptions', () => server!.subscriptions.stats().opened >= before + specs.length);
      return collectors;
    },
  };
}
