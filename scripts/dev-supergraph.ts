/**
 * `npm run dev:supergraph`: a whole supergraph on this machine, no Docker — AgentStack (in this
 * process, on the embedded database in memory), small example CoinPay and uGig subgraphs
 * (scripts/dev/), composed with @apollo/composition and served by Hive Gateway (queries, mutations
 * and subscriptions). Seeds a little data, prints the gateway's URL and a federated query to try,
 * and runs until Ctrl-C (SIGINT) or SIGTERM, which stop everything cleanly (exit 0).
 *
 *   PORT             the gateway (default 4100; 0: any free port, and then the subgraphs too)
 *   AGENTSTACK_PORT  AgentStack (default PORT + 1), COINPAY_PORT (PORT + 2), UGIG_PORT (PORT + 3)
 *
 * Everything listens on 127.0.0.1 only: AgentStack runs without identity configured, so it trusts
 * the `x-agentstack-did` header (development only; README, Authorization). The data lives in
 * memory and is seeded afresh at every start.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { AgentStack } from '../src/core/index.js';
import { createAgentStackServer, type AgentStackServer } from '../src/server/app.js';
import { attachSubscriptions } from '../src/server/ws.js';
import { openDatabase, type Database } from '../src/store/index.js';
import { startCoinPay } from './dev/coinpay.js';
import { IDENTITY_HEADER, startDevGateway, type DevGateway } from './dev/gateway.js';
import { OWNER_DID, seed } from './dev/seed.js';
import type { DevSubgraph } from './dev/subgraph.js';
import { startUGig } from './dev/ugig.js';

const DEFAULT_GATEWAY_PORT = 4100;
/** Past this, shutdown gives up and exits non-zero rather than hang. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Tasks from AgentStack, each joined with its CoinPay payment intent and its uGig gig. */
const FEDERATED_QUERY =
  '{ tasks(first: 10) { edges { node { id title status assignee { name } paymentIntent { amount currency status } gig { title budget } } } } }';

/** A port from the environment: a number 0-65535, or the fallback when unset. */
function port(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65_535) throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main(): Promise<void> {
  const gatewayPort = port('PORT', DEFAULT_GATEWAY_PORT);
  const next = (offset: number) => (gatewayPort === 0 ? 0 : gatewayPort + offset);
  const ports = { agentstack: port('AGENTSTACK_PORT', next(1)), coinpay: port('COINPAY_PORT', next(2)), ugig: port('UGIG_PORT', next(3)) };

  // Everything started so far, stopped in reverse order (also when start-up fails half-way).
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | null = null;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop();
    })());

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      console.log(`${signal} again: exiting now`);
      process.exit(130);
    }
    shuttingDown = true;
    console.log(`\n${signal}: stopping the dev supergraph`);
    setTimeout(() => {
      console.error(`Stopping took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    stopAll().then(
      () => {
        console.log('Stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Stopping failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    const database: Database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    stops.push(() => database.close());
    const agentStack = new AgentStack({ store: database.store });

    // AgentStack as src/server/main.ts serves it: HTTP and graphql-ws on one port and path. No
    // identity given: in development it trusts x-agentstack-did.
    const server: AgentStackServer = await createAgentStackServer({
      agentStack,
      database,
      config: { port: ports.agentstack, host: '127.0.0.1', nodeEnv: 'development' },
      logger: { info: () => {}, error: (message, error) => console.error(message, error) },
      onHttpServer: async (httpServer, seam) => {
        const subscriptions = await attachSubscriptions(httpServer, { ...seam, database });
        return { dispose: () => subscriptions.close(), health: () => subscriptions.health() };
      },
    });
    const { url: agentStackUrl } = await server.listen();
    stops.push(() => server.close());

    const data = await seed(agentStack);
    const coinpay: DevSubgraph = await startCoinPay(data.coinpay, ports.coinpay);
    stops.push(() => coinpay.close());
    const ugig: DevSubgraph = await startUGig(data.gigs, ports.ugig);
    stops.push(() => ugig.close());

    const gateway: DevGateway = await startDevGateway(
      [{ name: 'agentstack', url: agentStackUrl, sdl: printSubgraphSchema(server.schema) }, coinpay, ugig],
      ['agentstack'],
      gatewayPort,
    );
    stops.push(() => gateway.close());

    if (shuttingDown) return;
    const body = JSON.stringify({ query: FEDERATED_QUERY });
    console.log(
      [
        'AgentStack dev supergraph: AgentStack, CoinPay and uGig behind Hive Gateway (embedded database in memory, seeded)',
        `  agentstack  ${agentStackUrl}`,
        `  coinpay     ${coinpay.url}`,
        `  ugig        ${ugig.url}`,
        `Gateway ready at ${gateway.url} (HTTP, and graphql-ws at ${gateway.wsUrl})`,
        '',
        `A federated query (tasks from AgentStack, payment intents from CoinPay, gigs from uGig), as ${OWNER_DID}:`,
        `curl -s ${gateway.url} -H 'content-type: application/json' -H '${IDENTITY_HEADER}: ${OWNER_DID}' --data '${body}'`,
        '',
        `Subscriptions: connect a graphql-ws client to ${gateway.wsUrl} with connectionParams { "${IDENTITY_HEADER}": "${OWNER_DID}" } and run`,
        `  subscription { taskStatusChanged(ownerDid: "${OWNER_DID}") { title status paymentIntent { amount } } }`,
        'Ctrl-C stops everything.',
      ].join('\n'),
    );
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error('The dev supergraph failed to start', error);
  process.exit(1);
});
