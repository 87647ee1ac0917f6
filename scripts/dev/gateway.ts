import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';

/** The caller's identity in development (no identity configured in AgentStack: README, Authorization). */
export const IDENTITY_HEADER = 'x-agentstack-did';

export interface GatewaySubgraph {
  name: string;
  /** The subgraph's HTTP endpoint, e.g. http://127.0.0.1:4101/graphql. */
  url: string;
  sdl: string;
}

export interface DevGateway {
  url: string;
  wsUrl: string;
  supergraphSdl: string;
  close(): Promise<void>;
}

/**
 * Composes the subgraphs with @apollo/composition and serves the supergraph with Hive Gateway
 * (the open-source runtime, from npm; @apollo/gateway cannot serve a supergraph that links
 * @authenticated, nor subscriptions): queries and mutations over HTTP, subscriptions over
 * graphql-ws on the same port and path, reaching the `wsSubgraphs` over graphql-ws at their own
 * `/graphql` (docs/gateways.md, Hive Gateway). The caller's `x-agentstack-did` (and
 * `authorization`, if any) is forwarded to every subgraph request; over WebSocket, the
 * client's `connectionParams['x-agentstack-did']`.
 */
export async function startDevGateway(subgraphs: GatewaySubgraph[], wsSubgraphs: string[], port: number): Promise<DevGateway> {
  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (composed.errors) throw new Error(`Composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);
  const supergraphSdl = composed.supergraphSdl;

  const gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: process.env.HIVE_LOG ? 'debug' : false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        [IDENTITY_HEADER]: request.headers.get(IDENTITY_HEADER),
        authorization: request.headers.get('authorization'),
      }),
    },
    transportEntries: Object.fromEntries(
      wsSubgraphs.map((name) => [
        name,
        {
          options: {
            subscriptions: {
              kind: 'ws',
              location: '/graphql',
              options: { connectionParams: { [IDENTITY_HEADER]: `{context.connectionParams.${IDENTITY_HEADER}}` } },
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
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}${gateway.graphqlEndpoint}`;
  const close = async () => {
    await graphqlWs.dispose();
    await gateway.dispose();
    httpServer.closeAllConnections();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  };
  // The runtime loads the supergraph on its first HTTP request; a WebSocket operation that comes
  // first would find no schema yet. Warm it up once.
  try {
    const warmUp = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!warmUp.ok) throw new Error(`Hive Gateway did not answer: ${warmUp.status} ${await warmUp.text()}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, wsUrl: url.replace(/^http/, 'ws'), supergraphSdl, close };
}
