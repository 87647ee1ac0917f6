import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { parse } from 'graphql';

/** A small subgraph running on this machine: its name, where it listens, and its SDL (for composition). */
export interface DevSubgraph {
  name: string;
  url: string;
  sdl: string;
  close(): Promise<void>;
}

/** Apollo's start-up notes would only clutter the dev supergraph's output; warnings and errors still show. */
export const quietLogger = { debug() {}, info() {}, warn: console.warn, error: console.error };

/**
 * A real Apollo subgraph server on 127.0.0.1 (loopback only) and `port` (0: any free port),
 * standing in for another team's service in `npm run dev:supergraph`.
 */
export async function startDevSubgraph(name: string, sdl: string, resolvers: GraphQLResolverMap<unknown>, port: number): Promise<DevSubgraph> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }),
    logger: quietLogger,
    // The dev supergraph stops everything itself on SIGINT/SIGTERM; Apollo's own handler would stop
    // this server on its own and then re-send the signal to the process.
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { name, url: new URL('/graphql', url).href, sdl, close: () => server.stop() };
}
