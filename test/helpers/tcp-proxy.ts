import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server: clients connect to the proxy, and `dropAll()`
 * cuts every connection at once, as a flaky network or a restarting load balancer would (the
 * server itself keeps running). New connections go through as before.
 */
export interface TcpProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>` + the path of the target URL. */
  url(path?: string): string;
  /** Connections open through the proxy now. */
  readonly open: number;
  /** Destroys every open connection (both sides); answers how many. */
  dropAll(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream).pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropAll = () => {
    const count = pairs.size;
    for (const [client, upstream] of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
    return count;
  };
  return {
    port,
    get open() {
      return pairs.size;
    },
    url: (path = '/graphql') => `http://127.0.0.1:${port}${path}`,
    dropAll,
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
