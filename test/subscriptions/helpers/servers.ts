import { createAgentStackServer, type AgentStackServer } from '../../../src/server/app.js';
import { attachSubscriptions, type AttachSubscriptionsOptions, type SubscriptionServer } from '../../../src/server/ws.js';
import type { OpenedDatabase } from '../../helpers/databases.js';

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
  'maxBuffered' | 'maxSubscriptions' | 'maxSubscriptionsPerConnection' | 'batchSize' | 'replayBatchSize' | 'safetyPollMs' | 'keepAliveMs' | 'closeGraceMs' | 'wakeSource'
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
        createContext: seam.createContext,
        logger,
        ...tuning,
      });
      const attached = subscriptions;
      return () => attached.close();
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
