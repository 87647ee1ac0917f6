/**
 * AgentStack's HTTP server in a process of its own (`--peer`): the benchmark's fetch client then
 * shares no event loop with it, as it shares none with the peer. Opens the bench's schema (already
 * migrated and seeded), listens on 127.0.0.1, sends its URL, and answers its statement count when
 * asked over IPC (between timed runs: a message per statement would be a write the peer never pays).
 */
import { AgentStack } from '../../src/core/index.js';
import { openDatabase } from '../../src/store/index.js';
import { startServer } from './http.js';

const { BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema, BENCH_APPLICATION_NAME: applicationName } = process.env;
if (!databaseUrl || !schema || !applicationName || !process.send) {
  throw new Error('server-child: BENCH_DATABASE_URL, BENCH_SCHEMA, BENCH_APPLICATION_NAME and an IPC channel are required');
}
const send = process.send.bind(process);
let statements = 0;
const db = await openDatabase({
  databaseUrl,
  dataDir: 'memory://',
  schema,
  // Its backends, apart from the bench's own pools: the CPU accounting finds them by this name.
  applicationName,
  onQuery: () => void statements++,
});
const server = await startServer(new AgentStack({ store: db.store }), db);
send({ url: server.url });
process.on('message', (message: { statements?: boolean }) => {
  if (message.statements) send({ statements });
});
process.on('disconnect', () => {
  void server.close().then(() => db.close()).finally(() => process.exit(0));
});
