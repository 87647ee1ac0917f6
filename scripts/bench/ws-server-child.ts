/**
 * One AgentStack replica for the fan-out and memory benchmarks (fanout.ts, memory.ts), in a
 * process of its own: the production wiring (openDatabase → AgentStack → HTTP + graphql-ws on
 * /graphql, NOTIFY wake-ups) on the bench's schema, on 127.0.0.1 and a free port, verifying the
 * bench's HS256 tokens. Sends `{ url }` over IPC once it listens; answers `{ stats }` (the feed's
 * counts and the open connections) and `{ memory }` (after a full collection when the parent
 * started it with --expose-gc: only this bench child exposes gc).
 */
import { AgentStack } from '../../src/core/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SubscriptionServer } from '../../src/server/ws.js';

const { BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema, BENCH_JWT_SECRET: secret } = process.env;
if (!databaseUrl || !schema || !secret || !process.send) {
  throw new Error('ws-server-child: BENCH_DATABASE_URL, BENCH_SCHEMA, BENCH_JWT_SECRET and an IPC channel are required');
}
const send = process.send.bind(process);

const { createAgentStackServer } = await import('../../src/server/app.js');
const { IdentityResolver } = await import('../../src/server/identity.js');
const { attachSubscriptions } = await import('../../src/server/ws.js');

// BENCH_LOG_SQL=1: counts the statements this replica sends, by their first words (on stderr every 2 s).
const statements = new Map<string, number>();
const database = await openDatabase({
  databaseUrl,
  dataDir: 'memory://',
  schema,
  migrate: false,
  ...(process.env.BENCH_LOG_SQL ? { onQuery: (sql: string) => void statements.set(sql.slice(0, 60), (statements.get(sql.slice(0, 60)) ?? 0) + 1) } : {}),
});
if (process.env.BENCH_LOG_SQL) setInterval(() => console.error(`[replica ${process.pid}]`, Object.fromEntries(statements)), 2_000).unref();
const agentStack = new AgentStack({ store: database.store });
const identity = new IdentityResolver({ jwtSecret: secret, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, database.apiKeys, { production: true });
let subscriptions: SubscriptionServer | null = null;
const quiet = { info: () => {}, error: (message: string, error?: unknown) => console.error(message, error ?? '') };
const server = await createAgentStackServer({
  agentStack,
  database,
  identity,
  config: { port: 0, host: '127.0.0.1', nodeEnv: 'production' },
  logger: quiet,
  onHttpServer: async (httpServer, seam) => {
    subscriptions = await attachSubscriptions(httpServer, {
      ...seam,
      database,
      logger: quiet,
      // 10,000 subscriptions on one replica is the benchmark's shape (the default limit is exactly that).
      maxSubscriptions: Number(process.env.BENCH_MAX_SUBSCRIPTIONS ?? 20_000),
    });
    const attached = subscriptions;
    return { dispose: () => attached.close(), health: () => attached.health() };
  },
});
const { url } = await server.listen();
send({ url });

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: { stats?: boolean; memory?: boolean; heapSnapshot?: string }) => {
  if (message.heapSnapshot) {
    // Where each idle subscription's bytes go (a diagnosis aid: `npm run bench` does not ask for it).
    void import('node:v8').then(({ writeHeapSnapshot }) => send({ heapSnapshot: writeHeapSnapshot(message.heapSnapshot) }));
  }
  if (message.stats) {
    const stats = subscriptions!.stats();
    send({ stats: { subscriptions: stats.subscriptions, opened: stats.opened, connections: stats.connections, polls: stats.polls, head: stats.head } });
  }
  if (message.memory) {
    void (async () => {
      // Twice, with a turn of the event loop between: weak references and finalizers settle.
      for (let i = 0; i < 3; i++) {
        gc?.();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const usage = process.memoryUsage();
      send({ memory: { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, gc: gc !== undefined } });
    })();
  }
});
process.on('disconnect', () => {
  void server.close().then(() => database.close()).finally(() => process.exit(0));
});
