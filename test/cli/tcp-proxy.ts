import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server, for dropping connections on purpose: every
 * connection made to it is piped to the target; `dropAll()` destroys every current connection
 * (both sides) at once, as a network failure would. New connections are accepted as before.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private server: Server | null = null;
  /** Connections accepted so far. */
  accepted = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => {
      this.accepted++;
      const upstream = createConnection({ port: this.targetPort, host: this.targetHost });
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    return (server.address() as AddressInfo).port;
  }

  /** Connections open right now. */
  get open(): number {
    return this.pairs.size;
  }

  /** Destroys every current connection, both sides; answers how many there were. */
  dropAll(): number {
    const count = this.pairs.size;
    for (const [client, upstream] of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    return count;
  }

  async close(): Promise<void> {
    this.dropAll();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
