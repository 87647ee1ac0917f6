/**
 * A dispatcher wants wake-ups (holds the presence locks, wake-presence.ts) exactly while some
 * webhook is active: writes nobody delivers send no NOTIFY, and a webhook's events still wake it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgentStackSchema } from '../../../src/graphql/schema.js';
import { createLogger } from '../../../src/server/logging.js';
import { startWebhookDispatcher, webhookAddressPolicy, type WebhookDispatcher } from '../../../src/server/webhooks/index.js';
import { PRESENCE_STRIPES } from '../../../src/store/wake-presence.js';
import { openTarget, type OpenedDatabase } from '../../helpers/databases.js';
import { POSTGRES_URL, runsOn } from '../../helpers/targets.js';
import { waitFor } from '../../helpers/wait.js';
import { quickSchedule, Receiver } from './harness.js';

describe.runIf(runsOn('postgres'))('a webhook dispatcher wants wake-ups while a webhook is active (PostgreSQL)', () => {
  let opened: OpenedDatabase;
  let dispatcher: WebhookDispatcher;
  let receiver: Receiver;
  let admin: pg.Client;
  const owner = `did:coinpay:user:presence${Date.now().toString(36)}`;
  /** Presence locks granted on this schema's key, whoever holds them. */
  const presenceLocks = async () =>
    Number(
      (
        await admin.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::text = $1`, [
          String(opened.sql!.wakePresence!.key >>> 0),
        ])
      ).rows[0].n,
    );

  beforeAll(async () => {
    opened = await openTarget('postgres', { label: 'webhook-presence' });
    admin = new pg.Client({ connectionString: POSTGRES_URL! });
    await admin.connect();
    receiver = await new Receiver().start();
    dispatcher = await startWebhookDispatcher({
      database: opened.sql!,
      agentStack: opened.agentStack,
      schema: buildAgentStackSchema(),
      addressPolicy: webhookAddressPolicy({ allowPrivate: true, production: false }),
      logger: createLogger({ level: 'silent', production: true }),
      schedule: quickSchedule(),
      // Polls seldom: the first event reaches the webhook by its claim, the rest by wake-ups.
      pollMs: 200,
      activeCheckMs: 100,
      timeoutMs: 2_000,
    });
  }, 60_000);
  afterAll(async () => {
    await dispatcher?.close();
    await receiver?.close();
    await admin?.end();
    await opened?.close();
  });

  it('holds no presence without webhooks, takes it when one has work, and lets it go once none is active', async () => {
    await opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: 'nobody delivers this' }, { actorDid: owner });
    await new Promise((resolve) => setTimeout(resolve, 300)); // a poll and an active check have run
    expect(await presenceLocks()).toBe(0);

    const { webhook, secret } = await opened.agentStack.createWebhook({ url: receiver.url }, { actorDid: owner });
    receiver.secrets.push(secret);
    await opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: 'first' }, { actorDid: owner });
    await waitFor('the presence locks', async () => (await presenceLocks()) === PRESENCE_STRIPES, 5_000);
    await opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'test', title: 'second' }, { actorDid: owner });
    await waitFor('both deliveries', () => receiver.received.length >= 2, 5_000);
    const titles = receiver.received.map((request) => (request.event.task as { title: string } | null)?.title);
    expect(titles).toEqual(['first', 'second']);

    await opened.agentStack.deleteWebhook(webhook.id, { actorDid: owner });
    await waitFor('the presence locks to go', async () => (await presenceLocks()) === 0, 5_000);
  });
});
