/**
 * Who is calling, over real HTTP and real graphql-ws: JWTs (HS256 with a secret; RS256, ES256 and
 * EdDSA from a JWKS served on loopback), app keys, and the development-only header. Every refused
 * credential is UNAUTHENTICATED (FORBIDDEN for an app key outside its DIDs) and writes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { MemoryApiKeys } from '../../src/core/api-keys.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { createAgentStackServer } from '../../src/server/app.js';
import { hashApiKey, IdentityResolver, type IdentityConfig } from '../../src/server/identity.js';
import { attachSubscriptions, type SubscriptionServer } from '../../src/server/ws.js';
import { waitFor } from '../helpers/wait.js';
import { Collector, connect } from '../subscriptions/helpers/ws-client.js';
import { execute, errorCodes } from './helpers/client.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const ALICE = 'did:coinpay:user:alice';
const CREATE = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id ownerDid } }`;
const input = (ownerDid = ALICE) => ({ input: { ownerDid, sourceApp: 'auth', title: 'guarded' } });

const encoder = new TextEncoder();
const hs256 = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(encoder.encode(secret));
const now = () => Math.floor(Date.now() / 1000);

interface Running {
  url: string;
  wsUrl: string;
  store: MemoryStore;
  agentStack: AgentStack;
  apiKeys: MemoryApiKeys;
  /** Open subscriptions right now. */
  subscriptions(): number;
  close(): Promise<void>;
}

/** A server (HTTP and graphql-ws) with this identity configuration, on the in-memory store. */
async function start(config: Partial<IdentityConfig>, options: { production?: boolean } = {}): Promise<Running> {
  const store = new MemoryStore();
  const agentStack = new AgentStack({ store });
  const apiKeys = new MemoryApiKeys();
  const identity = new IdentityResolver(
    { jwtSecret: null, jwksUrl: null, jwtIssuer: null, jwtAudience: null, ...config },
    apiKeys,
    { production: options.production ?? false },
  );
  let live: SubscriptionServer | null = null;
  const server = await createAgentStackServer({
    agentStack,
    identity,
    config: { port: 0, host: '127.0.0.1', nodeEnv: options.production ? 'production' : 'test' },
    logger: { info: () => {}, error: () => {} },
    onHttpServer: async (httpServer, seam) => {
      const subscriptions = await attachSubscriptions(httpServer, {
        ...seam,
        database: { kind: 'embedded', store, connectionString: '' },
        logger: { error: () => {} },
      });
      live = subscriptions;
      return { dispose: () => subscriptions.close(), health: () => subscriptions.health() };
    },
  });
  const { url } = await server.listen();
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    store,
    agentStack,
    apiKeys,
    subscriptions: () => live!.stats().subscriptions,
    close: () => server.close(),
  };
}

/** Sends the create mutation with these headers; asserts nothing was written when it fails. */
async function attempt(server: Running, headers: Record<string, string>, ownerDid = ALICE) {
  const before = await server.store.lastEventSequence();
  const result = await execute(server.url, CREATE, input(ownerDid), headers);
  if (result.errors?.length) expect(await server.store.lastEventSequence()).toBe(before);
  return result;
}

describe('JWT (HS256 with AGENTSTACK_JWT_SECRET, issuer and audience)', () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ jwtSecret: SECRET, jwtIssuer: 'https://issuer.example', jwtAudience: 'agentstack' });
  });
  afterAll(async () => {
    await server?.close();
  });
  const good = { sub: ALICE, iss: 'https://issuer.example', aud: 'agentstack' };

  it('a valid token acts as its sub; the event records it', async () => {
    const token = await hs256({ ...good, exp: now() + 60 });
    const result = await attempt(server, { authorization: `Bearer ${token}` });
    expect(result.errors).toBeUndefined();
    const [event] = await server.store.readEvents(0, 10, { ownerDid: ALICE });
    expect(event).toMatchObject({ type: 'task.created', actorDid: ALICE });
  });

  it('the token wins over an x-agentstack-did header sent with it', async () => {
    const token = await hs256({ ...good, exp: now() + 60 });
    // The header claims bob; the token says alice: creating for bob is refused, for alice allowed.
    const asBob = await attempt(server, { authorization: `Bearer ${token}`, 'x-agentstack-did': 'did:coinpay:user:bob' }, 'did:coinpay:user:bob');
    expect(errorCodes(asBob)).toEqual(['FORBIDDEN']);
  });

  it('a bare x-agentstack-did header is ignored when identity is configured (anonymous: UNAUTHENTICATED)', async () => {
    const result = await attempt(server, { 'x-agentstack-did': ALICE });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });

  // Each attack: UNAUTHENTICATED, HTTP 401, nothing written.
  const attacks: [string, () => Promise<string>][] = [
    ['alg: none', async () => {
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...good, exp: now() + 60 })}.`;
    }],
    ['HS256 signed with another secret', () => hs256({ ...good, exp: now() + 60 }, 'another-secret-that-is-at-least-32-bytes!!')],
    ['RS256 when only HS256 is configured', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT({ ...good, exp: now() + 60 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    }],
    ['expired (beyond the 30 s tolerance)', () => hs256({ ...good, exp: now() - 31 })],
    ['not yet valid (nbf beyond the tolerance)', () => hs256({ ...good, exp: now() + 600, nbf: now() + 120 })],
    ['without exp', () => hs256({ ...good })],
    ['a wrong issuer', () => hs256({ ...good, iss: 'https://evil.example', exp: now() + 60 })],
    ['a wrong audience', () => hs256({ ...good, aud: 'someone-else', exp: now() + 60 })],
    ['a sub that is not a DID', () => hs256({ ...good, sub: 'alice', exp: now() + 60 })],
    ['a tampered payload', async () => {
      const [header, , signature] = (await hs256({ ...good, exp: now() + 60 })).split('.');
      const forged = Buffer.from(JSON.stringify({ ...good, sub: 'did:coinpay:user:mallory', exp: now() + 60 })).toString('base64url');
      return `${header}.${forged}.${signature}`;
    }],
    ['not a JWT at all', async () => 'not-a-token'],
  ];

  it.each(attacks)('refuses %s: UNAUTHENTICATED, 401, nothing written', async (_name, token) => {
    const result = await attempt(server, { authorization: `Bearer ${await token()}` });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.status).toBe(401);
  });

  it('accepts a token expired less than 30 s ago (clock tolerance)', async () => {
    const result = await attempt(server, { authorization: `Bearer ${await hs256({ ...good, exp: now() - 10 })}` });
    expect(result.errors).toBeUndefined();
  });
});

describe('verified tokens are remembered, never past their expiry', () => {
  it('a token verified once is refused once it expires (30 s tolerance), and re-verified a minute after it was verified', async () => {
    let clock = Date.now();
    const identity = new IdentityResolver({ jwtSecret: SECRET, jwksUrl: null, jwtIssuer: null, jwtAudience: null }, new MemoryApiKeys(), {
      production: true,
      now: () => clock,
    });
    const exp = Math.floor(clock / 1000) + 120;
    const token = `Bearer ${await hs256({ sub: ALICE, exp })}`;
    await expect(identity.resolve({ authorization: token })).resolves.toMatchObject({ did: ALICE, expiresAt: (exp + 30) * 1000 });
    // Remembered: the same answer without verifying again.
    clock += 59_000;
    await expect(identity.resolve({ authorization: token })).resolves.toMatchObject({ did: ALICE });
    // Past the minute: verified again (still good), then remembered until its expiry at the latest.
    clock += 2_000;
    await expect(identity.resolve({ authorization: token })).resolves.toMatchObject({ did: ALICE });
    clock = (exp + 30) * 1000 - 1;
    await expect(identity.resolve({ authorization: token })).resolves.toMatchObject({ did: ALICE });
    clock = (exp + 30) * 1000;
    await expect(identity.resolve({ authorization: token })).rejects.toThrow(/expired/);
    // A refusal is not remembered as a success: still refused.
    await expect(identity.resolve({ authorization: token })).rejects.toThrow(/expired/);
  });
});

describe('JWT from a JWKS (RS256, ES256, EdDSA), served on loopback', () => {
  let jwksServer: Server;
  let server: Running;
  const keys: Record<string, CryptoKey> = {};
  let fetches = 0;

  beforeAll(async () => {
    const jwks: JWK[] = [];
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      const pair = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined } as never);
      keys[alg] = pair.privateKey as CryptoKey;
      jwks.push({ ...(await exportJWK(pair.publicKey)), kid: alg, alg, use: 'sig' });
    }
    jwksServer = createServer((_request, response) => {
      fetches++;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: jwks }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    server = await start({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
  });
  afterAll(async () => {
    await server?.close();
    jwksServer?.closeAllConnections();
    await new Promise<void>((resolve) => jwksServer?.close(() => resolve()));
  });

  it.each(['RS256', 'ES256', 'EdDSA'])('accepts %s tokens signed by a key of the set (keys cached)', async (alg) => {
    const token = await new SignJWT({ sub: ALICE, exp: now() + 60 }).setProtectedHeader({ alg, kid: alg }).sign(keys[alg]!);
    const result = await attempt(server, { authorization: `Bearer ${token}` });
    expect(result.errors).toBeUndefined();
    expect(fetches).toBe(1); // fetched once, then from jose's cache
  });

  it('refuses HS256 (no secret configured) and a key that is not in the set', async () => {
    expect(errorCodes(await attempt(server, { authorization: `Bearer ${await hs256({ sub: ALICE, exp: now() + 60 })}` }))).toEqual(['UNAUTHENTICATED']);
    const { privateKey } = await generateKeyPair('ES256');
    const stranger = await new SignJWT({ sub: ALICE, exp: now() + 60 }).setProtectedHeader({ alg: 'ES256', kid: 'ES256' }).sign(privateKey);
    expect(errorCodes(await attempt(server, { authorization: `Bearer ${stranger}` }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('app keys (x-api-key + x-agentstack-did)', () => {
  let server: Running;
  const key = 'agsk_0123456789abcdef_' + 'k'.repeat(43);
  const revokedKey = 'agsk_fedcba9876543210_' + 'r'.repeat(43);
  beforeAll(async () => {
    server = await start({});
    const stored = { sourceApp: 'ugig', createdAt: new Date().toISOString() };
    await server.apiKeys.insertApiKey({ id: '0123456789abcdef', keyHash: hashApiKey(key), mayActFor: ['did:coinpay:user:'], revokedAt: null, ...stored });
    await server.apiKeys.insertApiKey({ id: 'fedcba9876543210', keyHash: hashApiKey(revokedKey), mayActFor: ['did:coinpay:user:'], revokedAt: stored.createdAt, ...stored });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('acts for a DID within its list; the event records the DID and the app', async () => {
    const result = await attempt(server, { 'x-api-key': key, 'x-agentstack-did': ALICE });
    expect(result.errors).toBeUndefined();
    const events = await server.store.readEvents(0, 100, { ownerDid: ALICE });
    expect(events.at(-1)).toMatchObject({ type: 'task.created', actorDid: ALICE, actorApp: 'ugig' });
    const { data } = await execute<{ agentStackEvents: { edges: { node: { actorApp: string | null } }[] } }, object>(
      server.url,
      `{ agentStackEvents(filter: { ownerDid: "${ALICE}" }) { edges { node { actorApp } } } }`,
      {},
      { 'x-api-key': key, 'x-agentstack-did': ALICE },
    );
    expect(data?.agentStackEvents.edges.at(-1)?.node).toEqual({ actorApp: 'ugig' });
  });

  it('outside its DIDs is FORBIDDEN (403); a wrong, unknown or revoked key, or no DID, is UNAUTHENTICATED', async () => {
    const outside = await attempt(server, { 'x-api-key': key, 'x-agentstack-did': 'did:coinpay:agent:robot' }, 'did:coinpay:agent:robot');
    expect(errorCodes(outside)).toEqual(['FORBIDDEN']);
    expect(outside.status).toBe(403);
    const refused: Record<string, string>[] = [
      { 'x-api-key': key.slice(0, -1) + 'x', 'x-agentstack-did': ALICE },
      { 'x-api-key': 'agsk_1111111111111111_' + 'k'.repeat(43), 'x-agentstack-did': ALICE },
      { 'x-api-key': revokedKey, 'x-agentstack-did': ALICE },
      { 'x-api-key': key },
      { 'x-api-key': 'garbage', 'x-agentstack-did': ALICE },
    ];
    for (const headers of refused) {
      const result = await attempt(server, headers);
      expect(errorCodes(result), JSON.stringify(headers)).toEqual(['UNAUTHENTICATED']);
      expect(result.status).toBe(401);
    }
  });

  it('with an active app key, a bare x-agentstack-did header is no longer trusted', async () => {
    expect(errorCodes(await attempt(server, { 'x-agentstack-did': ALICE }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('development: no identity configured', () => {
  it('trusts the x-agentstack-did header and warns; production refuses to start that way', async () => {
    const server = await start({});
    try {
      const result = await attempt(server, { 'x-agentstack-did': ALICE });
      expect(result.errors).toBeUndefined();
      expect(errorCodes(await attempt(server, { 'x-agentstack-did': 'not-a-did' }))).toEqual(['UNAUTHENTICATED']);
    } finally {
      await server.close();
    }
    const config = { jwtSecret: null, jwksUrl: null, jwtIssuer: null, jwtAudience: null };
    await expect(new IdentityResolver(config, new MemoryApiKeys(), { production: false }).assertUsableIn()).resolves.toMatch(/development only/);
    await expect(new IdentityResolver(config, new MemoryApiKeys(), { production: true }).assertUsableIn()).rejects.toThrow(/AGENTSTACK_JWT_SECRET/);
    await expect(new IdentityResolver({ ...config, jwtSecret: SECRET }, new MemoryApiKeys(), { production: true }).assertUsableIn()).resolves.toBeNull();
  });
});

describe('graphql-ws', () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ jwtSecret: SECRET });
  });
  afterAll(async () => {
    await server?.close();
  });
  const EVENTS = `subscription { events: agentStackEvents { type task { id } } }`;

  it('closes with 4401 for a missing or bad token (final for graphql-ws clients)', async () => {
    for (const params of [undefined, { authorization: 'Bearer nope' }, { authorization: `Bearer ${await hs256({ sub: ALICE, exp: now() + 60 }, 'another-secret-that-is-at-least-32-bytes!!')}` }]) {
      const client = connect(server.wsUrl, params);
      try {
        const refused = new Collector(client, EVENTS);
        await refused.waitForEnd();
        expect(refused.error, JSON.stringify(params)).toMatchObject({ code: 4401 });
        expect(String((refused.error as { reason: string }).reason)).toContain('UNAUTHENTICATED');
      } finally {
        await client.dispose();
      }
    }
  });

  it('takes the token from connectionParams.authorization; when it expires, the subscriptions end with UNAUTHENTICATED', async () => {
    // A token that is good now (valid), then expires about 2 s later (exp 28 s ago + 30 s tolerance).
    const token = await hs256({ sub: ALICE, exp: now() - 28 });
    const client = connect(server.wsUrl, { authorization: `Bearer ${token}` });
    // Another connection of the same caller, with a token good for longer: it is not ended.
    const lasting = connect(server.wsUrl, { authorization: `Bearer ${await hs256({ sub: ALICE, exp: now() + 600 })}` });
    try {
      const subscriptions = [new Collector<{ events: { type: string } }>(client, EVENTS), new Collector<{ events: { type: string } }>(client, EVENTS)];
      const other = new Collector<{ events: { type: string } }>(lasting, EVENTS);
      for (const subscription of subscriptions) await subscription.waitForEnd(15_000);
      // The connection was accepted (no close) and its subscriptions were ended by the expiry,
      // with a field error and `complete`, whatever they delivered before.
      for (const subscription of subscriptions) {
        expect(subscription.error).toBeNull();
        expect(subscription.completed).toBe(true);
        expect(subscription.results.at(-1)!.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      }
      expect(server.subscriptions()).toBe(1);
      await server.agentStack.createTask({ ownerDid: ALICE, sourceApp: 'ws', title: 'after the expiry' }, { actorDid: ALICE });
      await other.waitForResults(1);
      expect(other.ended).toBe(false);
    } finally {
      await client.dispose();
      await lasting.dispose();
    }
    await waitFor('the server to release the subscriptions', () => server.subscriptions() === 0);
  });

  it('delivers events to a connection identified by a token', async () => {
    const token = await hs256({ sub: ALICE, exp: now() + 600 });
    const client = connect(server.wsUrl, { authorization: `Bearer ${token}` });
    try {
      const subscription = new Collector<{ events: { type: string } }>(client, EVENTS);
      await waitFor('the subscription to start', () => server.subscriptions() === 1);
      await server.agentStack.createTask({ ownerDid: ALICE, sourceApp: 'ws', title: 'seen' }, { actorDid: ALICE });
      await subscription.waitForResults(1);
      expect(subscription.results[0]!.data).toEqual({ events: { type: 'TASK_CREATED', task: expect.anything() } });
    } finally {
      await client.dispose();
    }
  });
});

describe('a key server that is down (AGENTSTACK_JWKS_URL): SERVICE_UNAVAILABLE, not a verdict on the token', () => {
  let failing: Server;
  let failingUrl: string;
  let closedUrl: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    privateKey = (await generateKeyPair('ES256')).privateKey as CryptoKey;
    failing = createServer((_request, response) => response.writeHead(502).end('bad gateway'));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/jwks.json`;
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/jwks.json`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    failing?.closeAllConnections();
    await new Promise<void>((resolve) => failing?.close(() => resolve()));
  });

  it.each([
    ['answers 502', () => failingUrl],
    ['refuses connections', () => closedUrl],
  ])('the key server %s: HTTP 503 with retry-after, SERVICE_UNAVAILABLE, nothing written; graphql-ws closes with 1013', async (_name, url) => {
    const server = await start({ jwksUrl: url() });
    try {
      const token = await new SignJWT({ sub: ALICE, exp: now() + 60 }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(privateKey);
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: CREATE, variables: input() }),
      });
      const body = (await response.json()) as { errors: { extensions: { code: string; outcome: string; retryable: boolean } }[] };
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(body.errors.map(({ extensions: { code, outcome, retryable } }) => ({ code, outcome, retryable }))).toEqual([
        { code: 'SERVICE_UNAVAILABLE', outcome: 'none', retryable: true },
      ]);
      expect(await server.store.lastEventSequence()).toBe(0);

      const client = connect(server.wsUrl, { authorization: `Bearer ${token}` });
      try {
        const refused = new Collector(client, 'subscription { agentStackEvents { cursor } }');
        await refused.waitForEnd();
        expect((refused.error as { code?: number }).code).toBe(1013);
      } finally {
        await client.dispose();
      }
    } finally {
      await server.close();
    }
  });
});
