import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { databaseTargets, type OpenedDatabase } from '../../helpers/databases.js';
import { waitFor, within } from '../../helpers/wait.js';
import { Receiver, startWebhookReplica, type WebhookReplica } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const DISPATCHER = join(here, 'fixtures/dispatcher-replica.ts');
const ROOT = join(here, '../../..');

const [postgres] = databaseTargets('postgres');

/** The distinct events a receiver got are exactly `cursors`, in order. */
function expectInOrder(receiver: Receiver, cursors: number[]): void {
  expect(receiver.distinct.map((request) => Number(request.event.cursor))).toEqual(cursors);
  expect(receiver.received.every((request) => request.verified)).toBe(true);
}

describe.runIf(postgres!.enabled)('webhooks over several replicas (postgres)', () => {
  const opened: OpenedDatabase[] = [];
  const replicas: WebhookReplica[] = [];
  const receivers: Receiver[] = [];
  const children: ChildProcess[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const replica of replicas.splice(0)) await replica.close();
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  afterAll(async () => {
    for (const database of opened.splice(0)) await database.close();
  });

  async function open(schema?: string): Promise<OpenedDatabase> {
    const database = await postgres!.open({ label: 'webhook_replicas', ...(schema ? { schema } : {}) });
    opened.push(database);
    return database;
  }

  async function endpoint(): Promise<Receiver> {
    const receiver = await new Receiver().start();
    receivers.push(receiver);
    return receiver;
  }

  async function tasks(database: OpenedDatabase, owner: string, count: number): Promise<number[]> {
    const cursors: number[] = [];
    const stop = database.agentStack.on((event) => cursors.push(event.sequence));
    try {
      for (let i = 0; i < count; i++) await database.agentStack.createTask({ ownerDid: owner, sourceApp: 'coinpay', title: `t${i}` }, { actorDid: owner });
    } finally {
      stop();
    }
    return cursors;
  }

  it('two replicas: 500 events, each delivered exactly once, in order', async () => {
    const first = await open();
    const second = await open(first.schema!);
    replicas.push(await startWebhookReplica(first), await startWebhookReplica(second));
    const receiver = await endpoint();
    const owner = `did:coinpay:user:replicas${Date.now()}`;
    const { secret } = await first.agentStack.createWebhook({ url: receiver.url }, { actorDid: owner });
    receiver.secrets.push(secret);
    const cursors = await tasks(first, owner, 500);
    await waitFor('500 deliveries', () => receiver.received.length >= 500, 60_000, 25);
    expectInOrder(receiver, cursors);
    expect(receiver.received).toHaveLength(500);
  }, 120_000);

  it('the delivering replica killed (SIGKILL) mid-stream: another one delivers the rest; a repeat carries the same webhook-id', async () => {
    const database = await open();
    const child = spawn(process.execPath, ['--import', 'tsx', DISPATCHER], {
      cwd: ROOT,
      env: { ...process.env, AGENTSTACK_TEST_SCHEMA: database.schema!, AGENTSTACK_TEST_LEASE_MS: '1000', NODE_ENV: 'test' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.push(child);
    await within(
      'the dispatcher process to start',
      new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk) => String(chunk).includes('READY') && resolve());
        child.once('exit', (code) => reject(new Error(`The dispatcher exited with ${code}`)));
      }),
      60_000,
    );
    const receiver = await endpoint();
    // Slow answers, so the kill lands while an attempt is in flight.
    receiver.delayMs = 30;
    const owner = `did:coinpay:user:killed${Date.now()}`;
    const { secret } = await database.agentStack.createWebhook({ url: receiver.url }, { actorDid: owner });
    receiver.secrets.push(secret);
    const cursors = await tasks(database, owner, 60);
    await waitFor('some deliveries from the child', () => receiver.received.length >= 10, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const before = receiver.received.length;
    expect(before).toBeLessThan(60);
    // Another replica takes over once the dead one's lease has expired.
    replicas.push(await startWebhookReplica(database));
    await waitFor('every event', () => receiver.distinct.length >= 60, 30_000, 25);
    expectInOrder(receiver, cursors);
    // At least once: a repeat is the same message (the same webhook-id), never a different one.
    const ids = receiver.received.map((request) => request.id);
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(1);
  }, 120_000);
});
