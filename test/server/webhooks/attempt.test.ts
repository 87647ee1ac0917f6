import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptDelivery, type AttemptRequest } from '../../../src/server/webhooks/attempt.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Server[] = [];

/** A receiver on 127.0.0.1 that hands each request, its body read, to `handler`. */
async function receiver(handler: Handler): Promise<number> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

/** The URL names a host that does not resolve: the attempt must connect to `address` only. */
const to = (port: number, extra: Partial<AttemptRequest> = {}): AttemptRequest => ({
  url: new URL(`http://receiver.test:${port}/hooks/in?x=1`),
  address: { address: '127.0.0.1', family: 4 },
  headers: { 'webhook-id': 'msg_1', 'Webhook-Timestamp': '1700000000' },
  body: '{"type":"TASK_CREATED","title":"café"}',
  ...extra,
});

describe('attemptDelivery', () => {
  it('POSTs the body and headers as sent to the given address, with the URL host in Host', async () => {
    let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string } | undefined;
    const port = await receiver((req, res, body) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(204).end();
    });
    const result = await attemptDelivery(to(port));
    expect(result).toMatchObject({ status: 204, responseBody: '', error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/hooks/in?x=1',
      body: '{"type":"TASK_CREATED","title":"café"}',
      headers: {
        host: `receiver.test:${port}`,
        'content-type': 'application/json',
        'user-agent': 'AgentStack-Webhooks/1',
        'content-length': String(Buffer.byteLength('{"type":"TASK_CREATED","title":"café"}')),
        'webhook-id': 'msg_1',
        'webhook-timestamp': '1700000000',
        connection: 'close',
      },
    });
  });

  it.each([
    [200, 'ok'],
    [500, 'boom'],
    [410, 'gone'],
  ])('records status %i and the response body', async (status, text) => {
    const port = await receiver((_req, res) => res.writeHead(status).end(text));
    await expect(attemptDelivery(to(port))).resolves.toMatchObject({ status, responseBody: text, error: null });
  });

  it('does not follow a redirect: the 302 is the result', async () => {
    let requests = 0;
    const port = await receiver((req, res) => {
      requests++;
      res.writeHead(302, { location: `http://127.0.0.1:${req.socket.localPort}/elsewhere` }).end();
    });
    await expect(attemptDelivery(to(port))).resolves.toMatchObject({ status: 302, error: null });
    expect(requests).toBe(1);
  });

  it('times out a receiver that never answers', async () => {
    const port = await receiver(() => {});
    const result = await attemptDelivery(to(port, { timeoutMs: 200 }));
    expect(result).toEqual({ status: null, latencyMs: expect.any(Number), responseBody: null, error: 'timeout after 200 ms' });
  });

  it('times out a body that never ends, keeping the status and what arrived', async () => {
    const port = await receiver((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    await expect(attemptDelivery(to(port, { timeoutMs: 200 }))).resolves.toMatchObject({
      status: 200,
      responseBody: 'partial',
      error: 'timeout after 200 ms',
    });
  });

  it('keeps 1 KiB of a 10 MB body and stops reading it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let written = 0;
    let closed: Promise<unknown> = Promise.resolve();
    const port = await receiver((_req, res) => {
      closed = once(res, 'close');
      res.on('error', () => {});
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      const pump = () => {
        while (written < 10 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    // A generous timeout: ending without it (error null) shows the attempt did not wait for the rest.
    const result = await attemptDelivery(to(port, { timeoutMs: 20_000 }));
    expect(result).toMatchObject({ status: 200, error: null });
    expect(result.responseBody).toBe('x'.repeat(1_024));
    await closed;
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it('cuts the kept body on a UTF-8 character boundary', async () => {
    const port = await receiver((_req, res) => res.writeHead(200).end('éééé'));
    await expect(attemptDelivery(to(port, { maxResponseBytes: 5 }))).resolves.toMatchObject({ responseBody: 'éé' });
    await expect(attemptDelivery(to(port, { maxResponseBytes: 8 }))).resolves.toMatchObject({ responseBody: 'éééé' });
  });

  it('reports a refused connection', async () => {
    const port = await receiver(() => {});
    const server = servers.pop()!;
    server.close();
    await once(server, 'close');
    await expect(attemptDelivery(to(port))).resolves.toMatchObject({
      status: null,
      responseBody: null,
      error: 'connection refused',
    });
  });

  it('reports a connection reset before the response', async () => {
    const port = await receiver((req) => req.socket.destroy());
    await expect(attemptDelivery(to(port))).resolves.toMatchObject({ status: null, error: 'connection reset' });
  });

  it('turns an invalid header into a result instead of throwing', async () => {
    const port = await receiver((_req, res) => res.end());
    const result = await attemptDelivery(to(port, { headers: { 'webhook-id': 'bad\r\nvalue' } }));
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/header/i);
  });

  // A self-signed certificate for receiver.test: without a CA the attempt must fail the
  // certificate check, after offering the URL's host name (not the address) in SNI.
  const openssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!openssl)('speaks TLS with the URL host name in SNI and checks the certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-tls-'));
    try {
      const made = spawnSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=receiver.test', '-addext', 'subjectAltName=DNS:receiver.test',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ]);
      expect(made.status).toBe(0);
      const names: string[] = [];
      const server = createTlsServer(
        {
          key: readFileSync(join(dir, 'key.pem')),
          cert: readFileSync(join(dir, 'cert.pem')),
          // Records the name offered; no context given means the default one above.
          SNICallback: (name, done) => {
            names.push(name);
            done(null);
          },
        },
        (_req, res) => res.end('ok'),
      );
      server.on('tlsClientError', () => {});
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as AddressInfo).port;
      const result = await attemptDelivery({ ...to(port), url: new URL(`https://receiver.test:${port}/hooks`) });
      expect(result.status).toBeNull();
      expect(result.error).toMatch(/self[- ]signed/i);
      expect(names).toEqual(['receiver.test']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
