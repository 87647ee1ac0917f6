import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { attemptDelivery } from '../../../src/server/webhooks/attempt.js';
import { newWebhookSecret as generateWebhookSecret } from '../../../src/core/webhook-rules.js';
import { signatureHeaders } from '../../../src/server/webhooks/signer.js';

const body = JSON.stringify({ cursor: 'c_42', type: 'TASK_COMPLETED', task: { title: 'naïve ✓' } });

describe('generateWebhookSecret', () => {
  it('makes whsec_ + base64 of 32 random bytes, a key the library accepts', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });
});

describe('signatureHeaders', () => {
  it('signs once per secret; a receiver holding either one verifies, another secret fails', async () => {
    const current = generateWebhookSecret();
    const rotated = generateWebhookSecret();
    const headers = signatureHeaders({
      messageId: 'c_42.wh_1',
      timestamp: new Date(),
      body,
      secrets: [current, rotated],
    });
    expect(headers['webhook-id']).toBe('c_42.wh_1');
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=* v1,[A-Za-z0-9+/]+=*$/);

    // Through the wire: the receiver sees exactly what a Standard Webhooks receiver would.
    let received: { headers: IncomingHttpHeaders; body: string } | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        res.writeHead(204).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await attemptDelivery({
        url: new URL(`http://127.0.0.1:${port}/`),
        address: { address: '127.0.0.1', family: 4 },
        headers,
        body,
      });
      expect(result.status).toBe(204);
    } finally {
      server.close();
    }
    const wire = received!;
    const asReceived = {
      'webhook-id': String(wire.headers['webhook-id']),
      'webhook-timestamp': String(wire.headers['webhook-timestamp']),
      'webhook-signature': String(wire.headers['webhook-signature']),
    };
    expect(new Webhook(current).verify(wire.body, asReceived)).toEqual(JSON.parse(body));
    expect(new Webhook(rotated).verify(wire.body, asReceived)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(wire.body, asReceived)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(current).verify(`${wire.body} `, asReceived)).toThrow(WebhookVerificationError);
    expect(() =>
      new Webhook(current).verify(wire.body, { ...asReceived, 'webhook-id': 'c_43.wh_1' }),
    ).toThrow(WebhookVerificationError);
  });

  it('is deterministic for the same message, and one secret gives one signature', () => {
    const secret = generateWebhookSecret();
    const input = { messageId: 'm', timestamp: new Date('2026-01-01T00:00:00.900Z'), body, secrets: [secret] };
    const headers = signatureHeaders(input);
    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2026-01-01T00:00:00Z') / 1000));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('m', input.timestamp, body));
    expect(signatureHeaders(input)).toEqual(headers);
  });

  it('refuses to sign without a secret', () => {
    expect(() => signatureHeaders({ messageId: 'm', timestamp: new Date(), body, secrets: [] })).toThrow(/secret/);
  });
});
