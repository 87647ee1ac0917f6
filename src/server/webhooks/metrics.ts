import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What one attempt (or a skip) came to, as the metrics label it. */
export type DeliveryOutcome = 'succeeded' | 'retry' | 'failed' | 'gone' | 'skipped';

/**
 * Webhook delivery in `/metrics`: attempts by outcome, and lag (from an event's commit to its
 * successful delivery) overall and per webhook. The per-webhook gauge holds one series per
 * webhook this replica delivered to (webhook ids are bounded by the webhooks that exist).
 */
export class WebhookMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly lag: Histogram;
  private readonly lagByWebhook: Gauge<'webhook'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.attempts = new Counter({
      name: 'agentstack_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded (2xx), retry (scheduled again), failed (given up on), gone (410: webhook disabled), skipped (no longer visible to its owner)',
      labelNames: ['outcome'],
      registers,
    });
    this.lag = new Histogram({
      name: 'agentstack_webhook_delivery_lag_seconds',
      help: "Time from an event's occurrence to its successful delivery to a webhook",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
      registers,
    });
    this.lagByWebhook = new Gauge({
      name: 'agentstack_webhook_lag_seconds',
      help: 'Per webhook: how old the event it last delivered was when it was delivered',
      labelNames: ['webhook'],
      registers,
    });
  }

  delivered(outcome: DeliveryOutcome, lagSeconds?: number, webhookId?: string): void {
    this.attempts.inc({ outcome });
    if (lagSeconds === undefined) return;
    this.lag.observe(lagSeconds);
    if (webhookId !== undefined) this.lagByWebhook.set({ webhook: webhookId }, lagSeconds);
  }
}
