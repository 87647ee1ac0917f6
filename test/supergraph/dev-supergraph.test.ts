/**
 * `npm run dev:supergraph` (scripts/dev-supergraph.ts) as a developer runs it: a process that
 * starts AgentStack, the example CoinPay and uGig subgraphs and Hive Gateway on free loopback
 * ports, prints the gateway's URL and a curl line; the curl line's federated query, sent as
 * printed, answers tasks joined with CoinPay's amounts and uGig's gigs; SIGINT stops it with exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { within } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface PrintedCurl {
  url: string;
  headers: Record<string, string>;
  body: string;
}

interface TaskNode {
  title: string;
  status: string;
  assignee: { name: string } | null;
  paymentIntent: { amount: number; currency: string; status: string } | null;
  gig: { title: string; budget: number } | null;
}

describe('npm run dev:supergraph', () => {
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let gatewayUrl: string;
  let curl: PrintedCurl;

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-supergraph.ts'], {
      cwd: ROOT,
      // Port 0 everywhere: the OS picks free ports, so parallel runs never collide.
      env: { ...process.env, PORT: '0', AGENTSTACK_PORT: '0', COINPAY_PORT: '0', UGIG_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout!.on('data', (chunk) => void (output += String(chunk)));
    child.stderr!.on('data', (chunk) => void (output += String(chunk)));
    const printed = await within(
      'the dev supergraph to print its gateway URL and a curl line',
      new Promise<{ gatewayUrl: string; curl: PrintedCurl }>((resolve, reject) => {
        const look = () => {
          const ready = /Gateway ready at (http:\/\/\S+)/.exec(output);
          const line = /^curl -s (\S+) (.*) --data '(.*)'$/m.exec(output);
          if (!ready || !line) return;
          const headers = Object.fromEntries([...line[2]!.matchAll(/-H '([^:']+): ([^']*)'/g)].map((header) => [header[1]!, header[2]!]));
          resolve({ gatewayUrl: ready[1]!, curl: { url: line[1]!, headers, body: line[3]! } });
        };
        child.stdout!.on('data', look);
        void exited.then((code) => reject(new Error(`dev:supergraph exited with ${code} before it was ready:\n${output}`)));
      }),
      90_000,
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    ({ gatewayUrl, curl } = printed);
  }, 100_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await within('the dev supergraph to be killed', exited, 10_000).catch(() => {});
    }
  });

  it('listens on loopback only and prints a curl line for its gateway', () => {
    expect(new URL(gatewayUrl).hostname).toBe('127.0.0.1');
    for (const [, url] of output.matchAll(/^\s+(?:agentstack|coinpay|ugig)\s+(\S+)$/gm)) expect(new URL(url!).hostname).toBe('127.0.0.1');
    expect([...output.matchAll(/^\s+(?:agentstack|coinpay|ugig)\s+\S+$/gm)]).toHaveLength(3);
    expect(curl.url).toBe(gatewayUrl);
    expect(curl.headers).toEqual({ 'content-type': 'application/json', 'x-agentstack-did': 'did:coinpay:user:shop' });
  });

  it("answers the printed federated query: AgentStack's tasks with CoinPay's payment intents and uGig's gigs", async () => {
    const response = await fetch(curl.url, { method: 'POST', headers: curl.headers, body: curl.body, signal: AbortSignal.timeout(15_000) });
    const result = (await response.json()) as { data?: { tasks: { edges: { node: TaskNode }[] } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(response.status).toBe(200);
    const byTitle = new Map(result.data!.tasks.edges.map(({ node }) => [node.title, node]));
    // From CoinPay: the amount of the payment intent AgentStack's task references.
    expect(byTitle.get('Deliver order #1001')).toMatchObject({
      status: 'RUNNING',
      assignee: { name: 'Courier' },
      paymentIntent: { amount: 25, currency: 'USD' },
      gig: null,
    });
    expect(byTitle.get('Collect return #0997')?.paymentIntent).toMatchObject({ amount: 12.5 });
    // From uGig: the gig that advertised the task the courier claimed.
    expect(byTitle.get('Assemble a bookshelf')).toMatchObject({
      status: 'QUEUED',
      assignee: { name: 'Courier' },
      paymentIntent: null,
      gig: { title: 'Assemble a bookshelf', budget: 30 },
    });
  });

  it('stops cleanly on SIGINT (Ctrl-C): exit code 0, nothing left listening', async () => {
    child.kill('SIGINT');
    expect(await within('the dev supergraph to exit after SIGINT', exited, 20_000)).toBe(0);
    expect(output).toContain('Stopped cleanly');
    await expect(fetch(gatewayUrl, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });
});
