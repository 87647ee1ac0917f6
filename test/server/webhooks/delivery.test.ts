import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../../src/core/index.js';
import { checkWebhookUrl, webhookAddressPolicy } from '../../../src/server/webhooks/index.js';
import { databaseTargets, type OpenedDatabase } from '../../helpers/databases.js';
import { waitFor } from '../../helpers/wait.js';
import { as, data, errorCodes, execute } from '../helpers/client.js';
import { quickSchedule, Receiver, startWebhookReplica, type WebhookReplica } from './harness.js';

const CREATE = `mutation Create($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id ownerDid url active cursor filter { types statuses } } }
}`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id active disabledReason } }`;
const WEBHOOKS = `query { webhooks { edges { node { id active disabledReason disabledAt consecutiveFailures lastSuccessAt } } } }`;
const DELIVERIES = `query Deliveries($id: ID!, $last: Int) {
  webhookDeliveries(webhookId: $id, last: $last) {
    edges { node { id eventCursor eventType status nextAttemptAt completedAt attempts { at httpStatus latencyMs error nextAttemptAt } } }
  }
}`;
const REDELIVER = `mutation Redeliver($id: ID!) { redeliverWebhookDelivery(id: $id) { id status nextAttemptAt } }`;
const EVENTS = `query Events($filter: AgentStackEventFilter) {
  agentStackEvents(filter: $filter, first: 500) {
    edges { node { cursor type occurredAt actorDid actorApp
      task { id ownerDid assigneeDid sourceApp title description status paymentIntentId escrowId reputationEventId metadata published publishedAt gigId version createdAt updatedAt }
      agent { did ownerDid name sourceApp inboxUrl taskEndpoint supportedProtocols reputationScore metadata createdAt updatedAt }
      grant { id ownerDid agentDid grantorDid scopes expiresAt createdAt revokedAt parentGrantId active }
      webhook { id ownerDid url description active createdAt updatedAt disabledAt disabledReason lastSuccessAt consecutiveFailures cursor filter { types taskId ownerDid assigneeDid agentDid statuses } }
    } }
  }
}`;

interface Delivery {
  id: string;
  eventCursor: string;
  eventType: string;
  status: string;
  nextAttemptAt: string | null;
  completedAt: string | null;
  attempts: { at: string; httpStatus: number | null; latencyMs: number; error: string | null; nextAttemptAt: string | null }[];
}

let unique = 0;
const dids = () => {
  unique += 1;
  const n = `${Date.now().toString(36)}${unique}`;
  return { owner: `did:coinpay:user:wh${n}`, agent: `did:coinpay:agent:wh${n}`, stranger: `did:coinpay:user:st${n}` };
};

describe.each(databaseTargets('embedded', 'postgres'))('webhook delivery ($name)', (target) => {
  let opened: OpenedDatabase;
  let replica: WebhookReplica;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    opened = await target.open({ label: 'webhooks' });
    replica = await startWebhookReplica(opened);
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await opened?.close();
  });
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  async function receiver(): Promise<Receiver> {
    const started = await new Receiver().start();
    receivers.push(started);
    return started;
  }

  async function createWebhook(owner: string, endpoint: Receiver, filter: Record<string, unknown> | null = null) {
    const { createWebhook } = await data<{ createWebhook: { secret: string; webhook: { id: string; cursor: string } } }, unknown>(
      replica.url,
      CREATE,
      { input: { url: endpoint.url, filter } },
      as(owner),
    );
    endpoint.secrets.push(createWebhook.secret);
    return createWebhook;
  }

  const deliveries = async (owner: string, id: string): Promise<Delivery[]> =>
    (await data<{ webhookDeliveries: { edges: { node: Delivery }[] } }, unknown>(replica.url, DELIVERIES, { id, last: 100 }, as(owner))).webhookDeliveries.edges.map(
      (edge) => edge.node,
    );

  const metricsText = async () => (await fetch(replica.url.replace(/\/graphql$/, '/metrics'))).text();

  const task = (owner: string, title: string) => opened.agentStack.createTask({ ownerDid: owner, sourceApp: 'coinpay', title }, { actorDid: owner });

  it.runIf(target.enabled)('delivers each event its filter matches, signed, in order, the same JSON as AgentStackEvent', async () => {
    const { owner } = dids();
    const endpoint = await receiver();
    const { secret, webhook } = await createWebhook(owner, endpoint);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const tasks = [await task(owner, 'one'), await task(owner, 'two')];
    await opened.agentStack.updateTaskStatus(tasks[0]!.id, 'cancelled', {}, { actorDid: owner });
    await waitFor('three deliveries', () => endpoint.received.length >= 3);

    expect(endpoint.received.every((request) => request.verified)).toBe(true);
    expect(endpoint.received.map((request) => [request.event.type, (request.event.task as { title: string }).title])).toEqual([
      ['TASK_CREATED', 'one'],
      ['TASK_CREATED', 'two'],
      ['TASK_UPDATED', 'one'],
    ]);
    const cursors = endpoint.received.map((request) => Number(request.event.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors[0]).toBeGreaterThan(Number(webhook.cursor));
    expect(endpoint.received.map((request) => request.id)).toEqual(cursors.map((cursor) => `${cursor}.${webhook.id}`));
    // The body is the event exactly as GraphQL gives it to the owner.
    const { agentStackEvents } = await data<{ agentStackEvents: { edges: { node: { cursor: string } }[] } }, unknown>(
      replica.url,
      EVENTS,
      { filter: { ownerDid: owner } },
      as(owner),
    );
    expect(endpoint.received.map((request) => request.event)).toEqual(agentStackEvents.edges.map((edge) => edge.node));
    const recorded = await deliveries(owner, webhook.id);
    expect(recorded.map((delivery) => [delivery.status, delivery.attempts.length, delivery.attempts[0]!.httpStatus])).toEqual([
      ['SUCCEEDED', 1, 204],
      ['SUCCEEDED', 1, 204],
      ['SUCCEEDED', 1, 204],
    ]);
    // Only what the filter matches: a webhook for COMPLETE tasks hears nothing of these.
    const completed = await receiver();
    await createWebhook(owner, completed, { statuses: ['COMPLETE'] });
    const other = await task(owner, 'three');
    await opened.agentStack.updateTaskStatus(other.id, 'cancelled', {}, { actorDid: owner });
    await waitFor('the fourth and fifth deliveries', () => endpoint.received.length >= 5);
    expect(completed.received).toEqual([]);
  });

  it.runIf(target.enabled)('retries with backoff: failing 3 times then answering 200 is one success after 4 attempts, all recorded', async () => {
    const { owner } = dids();
    const endpoint = await receiver();
    endpoint.respond = (_request, index) => (index < 3 ? 500 : 200);
    const { webhook } = await createWebhook(owner, endpoint);
    await task(owner, 'flaky');
    await waitFor('four attempts', () => endpoint.received.length >= 4);
    const [delivery] = await waitFor('the delivery to succeed', async () => {
      const list = await deliveries(owner, webhook.id);
      return list[0]?.status === 'SUCCEEDED' && list;
    });
    expect(delivery!.attempts.map((attempt) => attempt.httpStatus)).toEqual([500, 500, 500, 200]);
    // Each failed attempt says when the next one is due, per the schedule (40, 80, 120 ms).
    const gaps = delivery!.attempts.slice(0, 3).map((attempt) => Date.parse(attempt.nextAttemptAt!) - Date.parse(attempt.at));
    expect(gaps).toEqual(quickSchedule().delaysMs);
    expect(new Set(endpoint.received.map((request) => request.id)).size).toBe(1);
    const { webhooks } = await data<{ webhooks: { edges: { node: { id: string; consecutiveFailures: number; lastSuccessAt: string | null } }[] } }, unknown>(
      replica.url,
      WEBHOOKS,
      {},
      as(owner),
    );
    expect(webhooks.edges.find((edge) => edge.node.id === webhook.id)!.node).toMatchObject({ consecutiveFailures: 0 });
    expect(webhooks.edges[0]!.node.lastSuccessAt).not.toBeNull();
  });

  it.runIf(target.enabled)('410 Gone disables the webhook with a reason and a WEBHOOK_DISABLED event; re-enabling resumes where it stopped', async () => {
    const { owner } = dids();
    const endpoint = await receiver();
    endpoint.respond = () => 410;
    const { webhook } = await createWebhook(owner, endpoint);
    await task(owner, 'first');
    await waitFor('the webhook to be disabled', async () => {
      const { webhooks } = await data<{ webhooks: { edges: { node: { active: boolean; disabledReason: string | null } }[] } }, unknown>(
        replica.url,
        WEBHOOKS,
        {},
        as(owner),
      );
      return webhooks.edges[0]?.node.active === false && webhooks.edges[0].node;
    }).then((disabled) => expect(disabled.disabledReason).toMatch(/410 Gone/));
    const { agentStackEvents } = await data<{ agentStackEvents: { edges: { node: { type: string; webhook: { id: string; active: boolean } | null } }[] } }, unknown>(
      replica.url,
      EVENTS,
      { filter: { types: ['WEBHOOK_DISABLED'] } },
      as(owner),
    );
    expect(agentStackEvents.edges.map((edge) => edge.node)).toMatchObject([{ type: 'WEBHOOK_DISABLED', webhook: { id: webhook.id, active: false } }]);
    // Disabled: a new event waits.
    await task(owner, 'second');
    const attempts = endpoint.received.length;
    expect(attempts).toBe(1);
    endpoint.respond = () => 200;
    await data(replica.url, UPDATE, { id: webhook.id, input: { active: true } }, as(owner));
    // Resumed where it stopped: the event it was disabled on, the WEBHOOK_DISABLED event, then the one that waited.
    await waitFor('the three events after re-enabling', () => endpoint.received.length >= attempts + 3);
    const described = endpoint.received.map((request) => `${request.event.type} ${(request.event.task as { title: string } | null)?.title ?? ''}`.trim());
    expect(described).toEqual(['TASK_CREATED first', 'TASK_CREATED first', 'WEBHOOK_DISABLED', 'TASK_CREATED second']);
  });

  it.runIf(target.enabled)('gives up after the retry limit (FAILED, disabled with a reason); redeliverWebhookDelivery sends it again', async () => {
    const { owner } = dids();
    const endpoint = await receiver();
    endpoint.respond = () => 503;
    // A replica of its own, with a limit reached after a few attempts.
    const short = await startWebhookReplica(opened, { schedule: quickSchedule(200) });
    try {
      await replica.dispatcher.close();
      const { webhook } = await createWebhook(owner, endpoint);
      await task(owner, 'doomed');
      const failed = await waitFor('the delivery to fail', async () => {
        const [delivery] = await deliveries(owner, webhook.id);
        return delivery?.status === 'FAILED' && delivery;
      });
      expect(failed.attempts.every((attempt) => attempt.httpStatus === 503)).toBe(true);
      expect(failed.attempts.at(-1)!.nextAttemptAt).toBeNull();
      const { webhooks } = await data<{ webhooks: { edges: { node: { active: boolean; disabledReason: string } }[] } }, unknown>(
        replica.url,
        WEBHOOKS,
        {},
        as(owner),
      );
      expect(webhooks.edges[0]!.node).toMatchObject({ active: false });
      expect(webhooks.edges[0]!.node.disabledReason).toMatch(new RegExp(`given up on after ${failed.attempts.length} attempts`));

      endpoint.respond = () => 200;
      await data(replica.url, UPDATE, { id: webhook.id, input: { active: true } }, as(owner));
      const { redeliverWebhookDelivery } = await data<{ redeliverWebhookDelivery: { status: string } }, unknown>(replica.url, REDELIVER, { id: failed.id }, as(owner));
      expect(redeliverWebhookDelivery.status).toBe('PENDING');
      const [again] = await waitFor('the redelivery to succeed', async () => {
        const list = await deliveries(owner, webhook.id);
        return list[0]?.status === 'SUCCEEDED' && list;
      });
      expect(again!.attempts.at(-1)!.httpStatus).toBe(200);
      // The same message again (the same webhook-id): one more request than the failed attempts.
      expect(endpoint.received.filter((request) => request.id === endpoint.received[0]!.id)).toHaveLength(failed.attempts.length + 1);
      // A stranger may not redeliver it.
      expect(errorCodes(await execute(replica.url, REDELIVER, { id: failed.id }, as(dids().stranger)))).toEqual(['FORBIDDEN']);
    } finally {
      await short.close();
      replica = await startWebhookReplica(opened);
    }
  });

  it.runIf(target.enabled)('delivers only what the owner may see, judged at delivery: a revoked grant stops events at once', async () => {
    const { owner, agent } = dids();
    await opened.agentStack.registerAgent({ did: agent, name: 'reader', sourceApp: 'ugig' }, { actorDid: agent });
    const grant = await opened.agentStack.delegate({ ownerDid: owner, agentDid: agent, scopes: ['tasks:read'] }, { actorDid: owner });
    const endpoint = await receiver();
    await createWebhook(agent, endpoint, { types: ['TASK_CREATED'] });
    await task(owner, 'seen');
    await waitFor('the first task', () => endpoint.received.length >= 1);
    await opened.agentStack.revokeDelegation(grant.id, { actorDid: owner });
    await task(owner, 'unseen');
    await opened.agentStack.createTask({ ownerDid: agent, sourceApp: 'ugig', title: 'own' }, { actorDid: agent });
    await waitFor('the agent-owned task', () => endpoint.received.length >= 2);
    expect(endpoint.received.map((request) => (request.event.task as { title: string }).title)).toEqual(['seen', 'own']);
  });

  it.runIf(target.enabled)('is its owner’s: strangers get FORBIDDEN, the list shows only the caller’s, the anonymous UNAUTHENTICATED', async () => {
    const { owner, stranger } = dids();
    const endpoint = await receiver();
    const { webhook } = await createWebhook(owner, endpoint);
    expect(errorCodes(await execute(replica.url, UPDATE, { id: webhook.id, input: { active: false } }, as(stranger)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(replica.url, DELIVERIES, { id: webhook.id }, as(stranger)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(replica.url, `mutation { deleteWebhook(id: "${webhook.id}") { id } }`, {}, as(stranger)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(replica.url, `mutation { rotateWebhookSecret(id: "${webhook.id}") { secret } }`, {}, as(stranger)))).toEqual(['FORBIDDEN']);
    const listed = await data<{ webhooks: { edges: unknown[] } }, unknown>(replica.url, WEBHOOKS, {}, as(stranger));
    expect(listed.webhooks.edges).toEqual([]);
    expect(errorCodes(await execute(replica.url, CREATE, { input: { url: endpoint.url, ownerDid: owner } }, as(stranger)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(replica.url, CREATE, { input: { url: endpoint.url } }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await execute(replica.url, CREATE, { input: { url: 'ftp://example.com/x' } }, as(owner)))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await execute(replica.url, `mutation { deleteWebhook(id: "nope") { id } }`, {}, as(owner)))).toEqual(['NOT_FOUND']);
  });

  it.runIf(target.enabled)('rotating the secret: deliveries are signed with the new and the old secret for 24 hours', async () => {
    const { owner } = dids();
    const endpoint = await receiver();
    const { webhook, secret: old } = await createWebhook(owner, endpoint);
    const { rotateWebhookSecret } = await data<{ rotateWebhookSecret: { secret: string } }, unknown>(
      replica.url,
      `mutation R($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
      { id: webhook.id },
      as(owner),
    );
    expect(rotateWebhookSecret.secret).not.toBe(old);
    await task(owner, 'rotated');
    await waitFor('the delivery', () => endpoint.received.length >= 1);
    endpoint.secrets = [rotateWebhookSecret.secret];
    const [request] = endpoint.received;
    expect(request!.signature.split(' ')).toHaveLength(2);
    expect(request!.verified).toBe(true); // by the old secret (what the receiver held when it arrived)
  });

  it.runIf(target.enabled)('the SSRF guard: loopback, private and metadata addresses refused when stored, and again at delivery after DNS', async () => {
    const { owner } = dids();
    const guarded = new AgentStack({
      store: opened.store,
      webhooks: opened.sql!.webhooks,
      checkWebhookUrl: (url) => checkWebhookUrl(url, webhookAddressPolicy({ allowPrivate: false, production: false })).href,
    });
    for (const url of ['http://127.0.0.1/hook', 'http://10.0.0.1/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/']) {
      await expect(guarded.createWebhook({ url }, { actorDid: owner })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect((await guarded.listWebhooks({}, { actorDid: owner })).items).toEqual([]);
    // Stored while private addresses were allowed, then delivered by a replica where they are not.
    const endpoint = await receiver();
    const { webhook } = await createWebhook(owner, endpoint);
    await replica.dispatcher.close();
    const strict = await startWebhookReplica(opened, { allowPrivate: false });
    try {
      await task(owner, 'never sent');
      const [delivery] = await waitFor('an attempt', async () => {
        const list = await deliveries(owner, webhook.id);
        return (list[0]?.attempts.length ?? 0) > 0 && list;
      });
      expect(delivery!.attempts[0]).toMatchObject({ httpStatus: null, error: expect.stringMatching(/^address refused: .*loopback/) });
      expect(endpoint.received).toEqual([]);
    } finally {
      await strict.close();
      replica = await startWebhookReplica(opened);
    }
  });

  it.runIf(target.enabled)('counts deliveries by outcome in /metrics', async () => {
    const { owner } = dids();
    const endpoint = await receiver();
    await createWebhook(owner, endpoint);
    await task(owner, 'counted');
    await waitFor('the delivery', () => endpoint.received.length >= 1);
    await waitFor('the count', async () => /agentstack_webhook_deliveries_total\{outcome="succeeded"\} [1-9]/.test(await metricsText()));
    const text = await metricsText();
    expect(text).toMatch(/agentstack_webhook_deliveries_total\{outcome="succeeded"\} [1-9]/);
    expect(text).toMatch(/agentstack_webhook_delivery_lag_seconds_count [1-9]/);
  });
});
