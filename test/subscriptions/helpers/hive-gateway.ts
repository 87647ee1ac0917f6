import { startDevGateway, type DevGateway, type GatewaySubgraph } from '../../../scripts/dev/gateway.js';

export type { GatewaySubgraph } from '../../../scripts/dev/gateway.js';
export type RunningHiveGateway = DevGateway;

/**
 * A real Hive Gateway (open source, from npm) serving the composed supergraph, the way
 * docs/gateways.md configures it and `npm run dev:supergraph` runs it: queries and mutations over
 * HTTP, subscriptions to the `wsSubgraphs` over graphql-ws, on one free loopback port.
 */
export function startHiveGateway(subgraphs: GatewaySubgraph[], wsSubgraphs: string[]): Promise<RunningHiveGateway> {
  return startDevGateway(subgraphs, wsSubgraphs, 0);
}
