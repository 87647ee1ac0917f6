import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';

export interface GatewaySubgraph {
  name: string;
  /** The subgraph's HTTP endpoint, e.g. http://127.0.0.1:4001/graphql. */
  url: string;
  sdl: string;
}

export interface RunningHiveGateway {
  url: string;
  wsUrl: string;
  supergraphSdl: string;
  close(): Promise<void>;
}

/**
 * A real Hive Gateway (open source, from npm) serving the composed supergraph, the way
 * docs/gateways.md configures it: queries and mutations over HTTP, and subscriptions to the
 * `wsSubgraphs` over graphql-ws at their `/graphql` path. Clients reach it over HTTP and
 * graphql-ws on one port.
 */
export async function startHiveGateway(subgraphs: GatewaySubgraph[], wsSubgraphs: string[]): Promise<RunningHiveGateway> {
  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (composed.errors) throw new Error(`Composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);
  const supergraphSdl = composed.supergraphSdl;

  const gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: process.env.HIVE_LOG ? 'debug' : false,
    // Queries and mutations over HTTP carry the caller's identity header to the subgraphs.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ 'x-agentstack-did': request.headers.get('x-agentstack-did') }),
    },
    transportEntries: Object.fromEntries(
      wsSubgraphs.map((name) => [
        name,
        {
          options: {
            subscriptions: {
              kind: 'ws',
              location: '/graphql',
              // The caller's identity, forwarded from the gateway client's connectionParams.
              options: { connectionParams: { 'x-agentstack-did': '{context.connectionParams.x-agentstack-did}' } },
            },
          },
        },
      ]),
    ),
  });

  const httpServer = createServer(gateway);
  const wss = new WebSocketServer({ server: httpServer, path: gateway.graphqlEndpoint });
  const graphqlWs = useServer(
    getGraphQLWSOptions<Record<string, unknown>, { request: IncomingMessage; socket: WebSocket }>(gateway, (ctx) => ({
      req: ctx.extra?.request,
      socket: ctx.extra?.socket,
    })),
    wss,
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${gateway.graphqlEndpoint}`;
  // The runtime loads the supergraph on its first HTTP request; a WebSocket operation that comes
  // first finds no schema yet ("Expected null to be a GraphQL schema"). Warm it up once.
  const warmUp = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!warmUp.ok) throw new Error(`Hive Gateway did not answer: ${warmUp.status} ${await warmUp.text()}`);
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    supergraphSdl,
    async close() {
      await graphqlWs.dispose();
      await gateway.dispose();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
