import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as Verifier } from 'standardwebhooks';
import type { RetrySchedule } from '../../../src/core/webhook-rules.js';
import { createAgentStackServer, type AgentStackServer } from '../../../src/server/app.js';
import { createLogger } from '../../../src/server/logging.js';
import { ServerMetrics } from '../../../src/server/metrics.js';
import { startWebhookDispatcher, webhookAddressPolicy, type WebhookDispatcher } from '../../../src/server/webhooks/index.js';
import type { OpenedDatabase } from '../../helpers/databases.js';

/** One request a receiver got: its Standard Webhooks headers, its body, and whether a secret verified it. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  event: { cursor: string; type: string; [field: string]: unknown };
  verified: boolean;
}

/**
 * An endpoint on 127.0.0.1: verifies every request with the `standardwebhooks` library (with the
 * secrets it is told), records it, and answers what `respond` says (default 204).
 */
export class Receiver {
  readonly received: Received[] = [];
  secrets: string[] = [];
  respond: (request: Received, index: number) => number = () => 204;
  /** How long each answer takes (a slow endpoint). */
  delayMs = 0;
  private server: Server | null = null;
  url = '';

  async start(path = '/hooks'): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const request = this.record(req.headers, body);
        res.statusCode = this.respond(request, this.received.length - 1);
        const answer = () => res.end(res.statusCode === 410 ? 'gone' : 'ok');
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
    this.server = null;
  }

  /** The distinct events received (by webhook-id), in the order first received. */
  get distinct(): Received[] {
    const seen = new Set<string>();
    return this.received.filter((request) => !seen.has(request.id) && seen.add(request.id));
  }

  private record(headers: IncomingHttpHeaders, body: string): Received {
    const wire = {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    };
    const verified = this.secrets.some((secret) => {
      try {
        new Verifier(secret).verify(body, wire);
        return true;
      } catch {
        return false;
      }
    });
    const request = {
      id: wire['webhook-id'],
      timestamp: wire['webhook-timestamp'],
      signature: wire['webhook-signature'],
      body,
      event: JSON.parse(body) as Received['event'],
      verified,
    };
    this.received.push(request);
    return request;
  }
}

/** Retries in milliseconds, so a test sees the whole schedule: 40, 80, 120 ms, then every 150 ms, for `giveUpAfterMs`. */
export function quickSchedule(giveUpAfterMs = 60_000): RetrySchedule {
  return { delaysMs: [40, 80, 120], thenEveryMs: 150, giveUpAfterMs, jitter: 0 };
}

export interface WebhookReplica {
  url: string;
  server: AgentStackServer;
  dispatcher: WebhookDispatcher;
  metrics: ServerMetrics;
  close(): Promise<void>;
}

/** A real server (HTTP on 127.0.0.1) with a webhook dispatcher, over an opened database. */
export async function startWebhookReplica(
  opened: OpenedDatabase,
  options: { allowPrivate?: boolean; schedule?: RetrySchedule; leaseMs?: number } = {},
): Promise<WebhookReplica> {
  if (!opened.sql) throw new Error('Webhooks need a SQL database');
  const sql = opened.sql;
  const logger = createLogger({ level: 'silent', production: true });
  const metrics = new ServerMetrics();
  let dispatcher: WebhookDispatcher | null = null;
  const server = await createAgentStackServer({
    agentStack: opened.agentStack,
    database: { ping: () => sql.ping() },
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
    logger,
    metrics,
    onHttpServer: async (_httpServer, seam) => {
      dispatcher = await startWebhookDispatcher({
        database: sql,
        agentStack: opened.agentStack,
        schema: seam.schema,
        addressPolicy: webhookAddressPolicy({ allowPrivate: options.allowPrivate ?? true, production: false }),
        logger,
        metrics,
        schedule: options.schedule ?? quickSchedule(),
        pollMs: 25,
        ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
        timeoutMs: 2_000,
      });
      const started = dispatcher;
      return { dispose: () => started.close() };
    },
  });
  const { url } = await server.listen();
  return { url, server, dispatcher: dispatcher!, metrics, close: () => server.close() };
}
