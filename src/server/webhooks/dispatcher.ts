import type { AgentStackEvent, Store } from '../../core/index.js';
import {
  attemptOutcome,
  DEFAULT_RETRY_SCHEDULE,
  DISABLED_REASONS,
  nextAttemptAt,
  signingSecrets,
  webhookDisabledDraft,
  webhookMessageId,
  type RetrySchedule,
} from '../../core/webhook-rules.js';
import type { ClaimedWebhook, WebhookAttempt, WebhookDelivery, WebhookQueue } from '../../core/webhooks.js';
import type { Logger } from '../logging.js';
import type { WakeSource } from '../subscriptions/wake-source.js';
import { resolveDeliveryAddress, WebhookAddressRefusedError, type AddressPolicy } from './address-guard.js';
import { attemptDelivery, type AttemptResult } from './attempt.js';
import { signatureHeaders } from './signer.js';
import type { WebhookMetrics } from './metrics.js';

export interface WebhookDispatcherOptions {
  queue: WebhookQueue;
  /** The event log (and its end), read as the store has it. */
  store: Pick<Store, 'readEvents' | 'lastEventSequence'>;
  /** May the owner see the event now (the policy, judged at each attempt)? */
  visible(event: AgentStackEvent, ownerDid: string): Promise<boolean>;
  /** The body of a delivery: the event as JSON (webhook-payload.ts). */
  payload(event: AgentStackEvent, ownerDid: string): Promise<string>;
  /** The SSRF guard's rule, applied to the address the URL resolves to at each attempt. */
  addressPolicy: AddressPolicy;
  /** "The log may have grown": the hint the subscriptions use (NOTIFY, or in-process). */
  wakeSource: WakeSource;
  logger: Logger;
  metrics?: WebhookMetrics;
  schedule?: RetrySchedule;
  /** Webhooks worked on at once by this process (default 16): one slow endpoint holds one slot. */
  concurrency?: number;
  /** How long a claim lasts from each write (default 60 s; an attempt takes at most `timeoutMs`). */
  leaseMs?: number;
  /** How often due retries and expired leases are looked for without a wake-up (default 1 s). */
  pollMs?: number;
  /** While wanting wake-ups, how often to ask whether any webhook is still active (default ACTIVE_CHECK_MS). */
  activeCheckMs?: number;
  /** One attempt at most (default 10 s). */
  timeoutMs?: number;
  now?: () => Date;
  random?: () => number;
}

/**
 * While it wants wake-ups, a dispatcher asks this often whether any webhook is still active (none:
 * it stops wanting them). While it does not, a webhook that becomes active is found by the poll
 * (its cursor falls behind the log): it wants wake-ups from its first claim on.
 */
const ACTIVE_CHECK_MS = 10_000;

/** Events read per step while looking for the next one a webhook should get. */
const READ_BATCH = 100;
/** Steps one claim makes before it lets go (it is claimed again at once if more is due): no webhook keeps a slot for ever. */
const STEPS_PER_CLAIM = 200;

type Step = 'next' | 'stop' | 'lost';

/**
 * Delivers webhooks: each replica runs one. It claims webhooks with work due (leases: each
 * attempt is made by one replica), and for each claimed webhook works through its events in
 * cursor order: the first pending delivery (a retry, or a redelivery) first, then new events
 * past its cursor that its filter matches and its owner may see. The next event waits until the
 * previous one succeeded or was given up on; webhooks are independent of each other.
 */
export class WebhookDispatcher {
  private readonly schedule: RetrySchedule;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly working = new Set<Promise<void>>();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private poll: NodeJS.Timeout | null = null;
  private closed = false;
  /** Whether this dispatcher wants wake-ups (WakeSource.want): while any webhook is active. */
  private wanting = false;
  private activeCheckedAt = 0;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE;
    this.concurrency = options.concurrency ?? 16;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  async start(): Promise<void> {
    await this.options.wakeSource.start(() => this.wake());
    this.poll = setInterval(() => {
      this.wake();
      void this.checkActive();
    }, this.options.pollMs ?? 1_000);
    this.poll.unref();
    this.wake();
    await this.checkActive();
  }

  /** Wants wake-ups exactly while some webhook is active (asked at start, then every ACTIVE_CHECK_MS while wanted). */
  private async checkActive(): Promise<void> {
    if (!this.options.wakeSource.want || this.closed) return;
    // Asked once at start; after that only while wanting (a claim is what starts the wanting).
    const checked = this.activeCheckedAt > 0;
    if (checked && (!this.wanting || Date.now() - this.activeCheckedAt < (this.options.activeCheckMs ?? ACTIVE_CHECK_MS))) return;
    this.activeCheckedAt = Date.now();
    try {
      const active = await this.options.queue.anyActive();
      if (active !== this.wanting) await this.setWanting(active);
    } catch (error) {
      this.options.logger.error({ err: error }, 'Webhook dispatch: asking whether any webhook is active failed; retrying');
    }
  }

  private async setWanting(wanted: boolean): Promise<void> {
    this.wanting = wanted;
    await this.options.wakeSource.want?.(wanted);
  }

  /** Stops claiming, lets attempts in flight finish (each is bounded), and releases their webhooks. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    await this.options.wakeSource.close();
    await this.pumping;
    await Promise.allSettled([...this.working]);
  }

  /** Looks for due work now (coalesced: one look at a time, one more if woken meanwhile). */
  wake(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'Webhook dispatch: claiming due webhooks failed; retrying'))
      .finally(() => {
        this.pumping = null;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.wake();
        }
      });
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      const free = this.concurrency - this.working.size;
      if (free <= 0) return;
      const head = await this.options.store.lastEventSequence();
      const claimed = await this.options.queue.claimDue(free, this.leaseMs, head, this.now().toISOString());
      // A webhook is active: its next events should wake this dispatcher, not wait for the poll.
      if (claimed.length > 0 && !this.wanting) {
        this.activeCheckedAt = Date.now();
        void this.setWanting(true);
      }
      for (const claim of claimed) {
        const work = this.work(claim).finally(() => {
          this.working.delete(work);
          this.wake();
        });
        this.working.add(work);
      }
      if (claimed.length < free) return;
    }
  }

  private async work(claim: ClaimedWebhook): Promise<void> {
    const { queue, logger } = this.options;
    try {
      for (let steps = 0; steps < STEPS_PER_CLAIM && !this.closed; steps++) {
        const step = await this.step(claim);
        if (step === 'lost') return;
        if (step === 'stop') break;
      }
      await queue.release(claim);
    } catch (error) {
      logger.error({ err: error, webhookId: claim.id }, 'Webhook dispatch failed; the webhook is retried');
      // Let go at once when the database lets us (a pending delivery is retried, with the same webhook-id); else the lease expires.
      await queue.release(claim).catch(() => {});
    }
  }

  /** One step: attempt the first pending delivery if it is due, else open the next event's. */
  private async step(claim: ClaimedWebhook): Promise<Step> {
    const { queue, store } = this.options;
    const pending = await queue.firstPending(claim.id);
    if (pending) {
      if (pending.nextAttemptAt !== null && Date.parse(pending.nextAttemptAt) > this.now().getTime()) return 'stop';
      return this.attempt(claim, pending);
    }
    // Read the end first: every event up to it is in the read below unless the batch is full.
    const head = await store.lastEventSequence();
    const events = await store.readEvents(claim.cursor, READ_BATCH, claim.filter);
    for (const event of events) {
      if (!(await this.options.visible(event, claim.ownerDid))) continue;
      // Opening moves the cursor to this event, past those before it that the owner may not see.
      const opened = await queue.openDelivery(claim, event, this.now().toISOString());
      if (!opened) return 'lost';
      claim.cursor = event.sequence;
      // Attempted at once, with the event in hand and judged visible just now.
      return this.attempt(claim, opened, event);
    }
    const caughtUp = events.length < READ_BATCH;
    const cursor = Math.max(events.at(-1)?.sequence ?? claim.cursor, caughtUp ? head : 0);
    if (cursor > claim.cursor) {
      if (!(await queue.advanceCursor(claim, cursor))) return 'lost';
      claim.cursor = cursor;
    }
    return caughtUp ? 'stop' : 'next';
  }

  /** One attempt of a delivery; `opened`: the event it was just opened for (read and judged visible a moment ago). */
  private async attempt(claim: ClaimedWebhook, delivery: WebhookDelivery, opened?: AgentStackEvent): Promise<Step> {
    const { queue, metrics } = this.options;
    const event = opened ?? (await this.pendingEvent(claim, delivery));
    if (!event) {
      // Judged when delivered: a revoked grant stops deliveries at once.
      metrics?.delivered('skipped');
      return (await queue.skipDelivery(claim, delivery.id, this.now().toISOString())) ? 'next' : 'lost';
    }
    const body = await this.options.payload(event, claim.ownerDid);
    const at = this.now();
    const headers = signatureHeaders({
      messageId: webhookMessageId(claim.id, event.sequence),
      timestamp: at,
      body,
      secrets: signingSecrets(claim, at),
    });
    const result = await this.send(claim.url, headers, body);
    const outcome = attemptOutcome(result.status);
    const attempt: WebhookAttempt = {
      at: at.toISOString(),
      httpStatus: result.status,
      latencyMs: Math.round(result.latencyMs),
      error: result.error,
      responseBody: result.responseBody,
      nextAttemptAt: null,
    };
    if (outcome === 'delivered') {
      metrics?.delivered('succeeded', (at.getTime() - Date.parse(event.occurredAt)) / 1000, claim.id);
      const recorded = await queue.recordAttempt(claim, delivery.id, {
        attempt,
        status: 'succeeded',
        consecutiveFailures: 0,
        lastSuccessAt: attempt.at,
      });
      claim.consecutiveFailures = 0;
      return recorded ? 'next' : 'lost';
    }
    const failures = claim.consecutiveFailures + 1;
    const round = [...delivery.attempts.filter((earlier) => earlier.at >= delivery.roundStartedAt), attempt];
    const next = outcome === 'gone' ? at : nextAttemptAt(this.schedule, round.length, new Date(round[0]!.at), at, this.random());
    // Gone: the delivery stays pending (re-enabling the webhook retries it); given up on: failed.
    const status = next === null ? 'failed' : 'pending';
    attempt.nextAttemptAt = outcome === 'gone' || next === null ? null : next.toISOString();
    metrics?.delivered(outcome === 'gone' ? 'gone' : next === null ? 'failed' : 'retry');
    const recorded = await queue.recordAttempt(claim, delivery.id, {
      attempt: { ...attempt },
      status,
      consecutiveFailures: failures,
      lastSuccessAt: claim.lastSuccessAt,
    });
    if (!recorded) return 'lost';
    claim.consecutiveFailures = failures;
    if (outcome === 'retry' && next !== null) return 'stop';
    const reason =
      outcome === 'gone'
        ? DISABLED_REASONS.gone(result.status!)
        : DISABLED_REASONS.retriesExhausted(event.sequence, round.length, result.error ?? `HTTP ${result.status}`);
    const disabled = await queue.disable(claim, webhookDisabledDraft(claim, reason, this.now().toISOString()));
    if (disabled) this.options.logger.warn({ webhookId: claim.id, reason }, 'Webhook disabled');
    return 'lost';
  }

  /** A pending delivery's event, if its owner may still see it (judged when delivered: a revoked grant counts at once). */
  private async pendingEvent(claim: ClaimedWebhook, delivery: WebhookDelivery): Promise<AgentStackEvent | null> {
    const [event] = await this.options.store.readEvents(delivery.eventSequence - 1, 1);
    if (!event || event.sequence !== delivery.eventSequence) return null;
    return (await this.options.visible(event, claim.ownerDid)) ? event : null;
  }

  /** One attempt; the address is checked after DNS, so a name that resolves somewhere refused is never called. */
  private async send(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
    const target = new URL(url);
    try {
      const address = await resolveDeliveryAddress(target, this.options.addressPolicy);
      return await attemptDelivery({ url: target, address, headers, body, timeoutMs: this.options.timeoutMs ?? 10_000 });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = error instanceof WebhookAddressRefusedError ? `address refused: ${reason}` : `could not resolve ${target.hostname}: ${reason}`;
      return { status: null, latencyMs: 0, responseBody: null, error: message };
    }
  }
}
