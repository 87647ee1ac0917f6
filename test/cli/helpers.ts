import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor, within } from '../helpers/wait.js';

/** The repository root: the CLI runs as `node --import tsx src/cli/main.ts` from there. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'src/cli/main.ts';
const RUN_TIMEOUT_MS = 20_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI process: this one's, without any AgentStack setting that could leak in. */
function environment(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('AGENTSTACK_') || name === 'NODE_OPTIONS') delete base[name];
  const merged: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

function spawnCli(args: readonly string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the CLI to its end (killed after 20 s) and answers its exit code and output. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    return { code, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** A long-running CLI process (`tasks watch`), its output read line by line as it comes. */
export class LiveCli {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private done = false;

  constructor(args: readonly string[], env: Record<string, string | undefined> = {}) {
    this.child = spawnCli(args, env);
    lines(this.child.stdout!, this.stdout);
    lines(this.child.stderr!, this.stderr);
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        this.done = true;
        resolve({ code, signal });
      });
    });
  }

  /** The first stdout line (from `from` on) that matches, within the deadline. */
  async line(what: string, match: (line: string) => boolean, from = 0, timeoutMs = 10_000): Promise<string> {
    return waitFor(`stdout: ${what} (stdout so far: ${JSON.stringify(this.stdout)}; stderr: ${JSON.stringify(this.stderr)})`, () => {
      const found = this.stdout.slice(from).find(match);
      if (found === undefined && this.done) this.failIfExited(what);
      return found;
    }, timeoutMs);
  }

  async note(what: string, match: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    return waitFor(`stderr: ${what} (stderr so far: ${JSON.stringify(this.stderr)})`, () => {
      const found = this.stderr.find(match);
      if (found === undefined && this.done) this.failIfExited(what);
      return found;
    }, timeoutMs);
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals, timeoutMs = 10_000) {
    this.child.kill(signal);
    return within(`the CLI to exit after ${signal}`, this.exited, timeoutMs);
  }

  /** For afterEach: never leave a process behind. */
  async kill(): Promise<void> {
    if (this.done) return;
    this.child.kill('SIGKILL');
    await within('the CLI to die', this.exited, 5_000).catch(() => {});
  }

  private failIfExited(what: string): never {
    throw new Error(`the CLI exited while waiting for ${what}: stdout ${JSON.stringify(this.stdout)}, stderr ${JSON.stringify(this.stderr)}`);
  }
}

function lines(stream: NodeJS.ReadableStream, into: string[]): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    into.push(...parts);
  });
  stream.on('end', () => {
    if (pending) into.push(pending);
  });
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The rows of a table the CLI printed: header names → cells, split on runs of 2+ spaces. */
export function parseTable(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split('\n').filter((line) => !line.startsWith('('));
  if (!header) return [];
  const names = header.split(/ {2,}/);
  return rows.map((row) => Object.fromEntries(row.split(/ {2,}/).map((cell, i) => [names[i] ?? `#${i}`, cell])));
}

/** The `key: value` lines of a block the CLI printed. */
export function parseBlock(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .filter((line) => /^[a-z][a-z ]*:/.test(line))
      .map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()];
      }),
  );
}
