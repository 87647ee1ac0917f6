/**
 * Subscribers for the fan-out and memory benchmarks, in a process of their own (several of them),
 * so that what is measured is the server, not one client event loop receiving everything. Holds
 * many graphql-transport-ws connections on bare `ws` sockets (the protocol by hand: the least
 * client work per message), each with some subscriptions.
 *
 * Driven over IPC by the bench (commands, each answered once done):
 *  - `{ connect: { urls, count, authorization } }`: opens `count` connections, round-robin over
 *    `urls`, each acknowledged by the server (connection_ack) → `{ connected }`
 *  - `{ subscribe: { perConnection, connections?, query } }`: that many subscriptions on the first
 *    `connections` connections (default all) → `{ subscribed }` (sent, not yet counted by the server)
 *  - `{ unsubscribe: true }`: completes every subscription → `{ unsubscribed }`
 *  - `{ count: true }` → `{ count, failures }`: events received so far over all subscriptions
 *  - `{ report: true }` → `{ report: { keys, times } }`: per subscription, the task ids it received
 *    in order; per task id, when each subscription received it (ms on the machine's monotonic clock,
 *    process.hrtime, which every process shares, minus BENCH_CLOCK_BASE_NS)
 *  - disconnect: closes everything and exits.
 */
import WebSocket from 'ws';

if (!process.send) throw new Error('subscriber-child: an IPC channel is required');
const send = process.send.bind(process);
const base = BigInt(process.env.BENCH_CLOCK_BASE_NS ?? '0');
const now = (): number => Number(process.hrtime.bigint() - base) / 1e6;

interface Subscription {
  id: string;
  keys: string[];
}
interface Connection {
  socket: WebSocket;
  subscriptions: Subscription[];
}

const connections: Connection[] = [];
const times = new Map<string, number[]>();
let failures = 0;

function open(url: string, authorization: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const connection: Connection = { socket, subscriptions: [] };
    const byId = new Map<string, Subscription>();
    (connection as { byId?: Map<string, Subscription> }).byId = byId;
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.once('error', reject);
    socket.on('close', (code) => {
      if (code !== 1000 && code !== 1001 && code !== 1005) failures++;
    });
    socket.on('message', (data) => {
      const at = now();
      const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: any };
      if (message.type === 'connection_ack') return resolve(connection);
      if (message.type === 'ping') return socket.send('{"type":"pong"}');
      if (message.type === 'next') {
        const key = message.payload?.data?.agentStackEvents?.task?.id as string | undefined;
        if (!key) {
          failures++;
          return;
        }
        byId.get(message.id!)?.keys.push(key);
        let list = times.get(key);
        if (!list) times.set(key, (list = []));
        list.push(at);
        return;
      }
      if (message.type === 'error') failures++;
    });
  });
}

/** At most this many handshakes at once (a burst of thousands would overflow the server's listen backlog). */
const OPENING_AT_ONCE = 64;

process.on('message', (message: any) => {
  void (async () => {
    if (message.connect) {
      const { urls, count, authorization } = message.connect as { urls: string[]; count: number; authorization: string };
      let next = 0;
      const workers = Array.from({ length: Math.min(OPENING_AT_ONCE, count) }, async () => {
        while (next < count) {
          const i = next++;
          connections.push(await open(urls[i % urls.length]!, authorization));
        }
      });
      await Promise.all(workers);
      send({ connected: connections.length });
    } else if (message.subscribe) {
      const { perConnection, query } = message.subscribe as { perConnection: number; connections?: number; query: string };
      const upTo = Math.min(connections.length, message.subscribe.connections ?? connections.length);
      let sent = 0;
      for (let c = 0; c < upTo; c++) {
        const connection = connections[c]!;
        const byId = (connection as { byId?: Map<string, Subscription> }).byId!;
        for (let s = 0; s < perConnection; s++) {
          const subscription: Subscription = { id: `s${connection.subscriptions.length}`, keys: [] };
          connection.subscriptions.push(subscription);
          byId.set(subscription.id, subscription);
          connection.socket.send(JSON.stringify({ id: subscription.id, type: 'subscribe', payload: { query } }));
          sent++;
        }
        // Let the socket drain now and then instead of queueing everything at once.
        if (c % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
      }
      send({ subscribed: sent });
    } else if (message.unsubscribe) {
      for (const connection of connections) {
        for (const subscription of connection.subscriptions) connection.socket.send(JSON.stringify({ id: subscription.id, type: 'complete' }));
        connection.subscriptions = [];
        (connection as { byId?: Map<string, Subscription> }).byId!.clear();
      }
      send({ unsubscribed: true });
    } else if (message.count) {
      let received = 0;
      for (const list of times.values()) received += list.length;
      send({ count: received, failures });
    } else if (message.report) {
      const keys = connections.flatMap((connection) => connection.subscriptions.map((subscription) => subscription.keys));
      send({ report: { keys, times: Object.fromEntries(times), failures } });
    }
  })().catch((error: unknown) => {
    send({ failed: error instanceof Error ? error.message : String(error) });
  });
});

process.on('disconnect', () => {
  for (const connection of connections) connection.socket.terminate();
  process.exit(0);
});
