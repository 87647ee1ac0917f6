import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '../../helpers/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const REPLICA_SCRIPT = join(here, '../fixtures/replica.ts');
const ROOT = join(here, '../../..');

export interface ReplicaProcess {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts test/subscriptions/fixtures/replica.ts in a child process (tsx) on one PostgreSQL schema. */
export async function startReplicaProcess(databaseUrl: string, schema: string): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', REPLICA_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, AGENTSTACK_TEST_SCHEMA: schema, NODE_ENV: 'test' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => {
    output += String(chunk);
  });
  const url = await within(
    'the replica process to print READY',
    new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => {
        output += String(chunk);
        const match = /READY (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`Replica exited with ${code} before READY:\n${output}`)));
    }),
    60_000,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await within('the replica process to exit', exited, 15_000).catch(() => {
        child.kill('SIGKILL');
      });
    },
  };
}
