/**
 * One fault-suite world: a throwaway PostgreSQL cluster and the real server process on it.
 * The suite runs only with AGENTSTACK_TEST_FAULTS=1 (`npm test` skips it: it starts clusters and
 * processes and restarts them on purpose).
 */
import { startCluster, type PgCluster } from './cluster.js';
import { startServerProcess, tail, unexpectedErrors, type ServerProcess } from './server-process.js';

export const FAULTS_ENABLED = process.env.AGENTSTACK_TEST_FAULTS === '1';

export interface FaultWorld {
  cluster: PgCluster;
  server: ServerProcess;
  /** The server's and the cluster's recent output, for failure messages. */
  logs(): string;
  /** What the server logged for each INTERNAL_SERVER_ERROR it answered (first lines, counted). */
  unexpectedErrors(): string[];
  /** Stops the server, then destroys the cluster. Idempotent. */
  close(): Promise<void>;
}

export async function startWorld(extraEnv: Record<string, string> = {}): Promise<FaultWorld> {
  const cluster = await startCluster();
  let server: ServerProcess;
  try {
    server = await startServerProcess(cluster.url(), extraEnv);
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    cluster,
    server,
    logs: () => {
      const unexpected = unexpectedErrors(server.output());
      return (
        `--- server (pid ${server.pid}) ---\n${tail(server.output(), 30)}\n` +
        (unexpected.length ? `--- the server's INTERNAL_SERVER_ERRORs, as it logged them ---\n${unexpected.join('\n')}\n` : '') +
        `--- postgres ---\n${tail(cluster.log(), 15)}`
      );
    },
    unexpectedErrors: () => unexpectedErrors(server.output()),
    close() {
      closing ??= (async () => {
        try {
          await server.stop();
        } finally {
          await cluster.destroy();
        }
      })();
      return closing;
    },
  };
}

/** The server is still the process we started (it neither exited nor was restarted). */
export function serverAlive(world: FaultWorld): boolean {
  return world.server.exit() === null;
}
