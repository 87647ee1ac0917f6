import type { AgentStackEvent, EventFilter, EventType, WebhookEventDraft } from './events.js';
import type { PageQuery, StorePage } from './paging.js';

/**
 * Webhooks: events pushed to an HTTP endpoint, signed (Standard Webhooks), retried, in cursor
 * order per webhook, never lost. This module holds the shapes and the storage ports; the rules
 * of delivery (backoff, outcomes) are in webhook-rules.ts, the management operations in
 * webhook-service.ts, and the delivery itself (HTTP, signing, the dispatcher) in src/server.
 */
export interface Webhook {
  id: string;
  /** Who receives: the webhook gets only events this DID may see, judged when each is delivered. */
  ownerDid: string;
  url: string;
  description: string | null;
  /** Which events (null: every event the owner may see). */
  filter: EventFilter | null;
  /** False once disabled (by its owner, a 410 Gone, or the retry limit); re-enabling resumes where it stopped. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
  lastSuccessAt: string | null;
  /** Failed attempts since the last success. */
  consecutiveFailures: number;
  /**
   * The cursor of the last event this webhook is done with: a delivery was opened for it, or it
   * did not concern the webhook. Deliveries start after it; a new webhook starts at the log's end.
   */
  cursor: number;
}

/** A webhook with what only the store and the signer see. */
export interface StoredWebhook extends Webhook {
  /** `whsec_…`: signs every delivery. */
  secret: string;
  /** The secret before the last rotation: it signs too, until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  /** When the dispatcher should next look at it; null: when a new event arrives. */
  nextAttemptAt: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';

/** One HTTP attempt, as recorded. */
export interface WebhookAttempt {
  at: string;
  /** The response's status; null when none came (timeout, refused, blocked address). */
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  /** At most 1 KiB of the response body. */
  responseBody: string | null;
  /** When the next attempt is due; null when none follows. */
  nextAttemptAt: string | null;
}

/** One event on its way to one webhook, with every attempt made. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventSequence: number;
  eventType: EventType;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
  /** When this round of attempts began: the delivery's creation, or the last redelivery asked for (the retry schedule counts from it). */
  roundStartedAt: string;
  completedAt: string | null;
}

/** The management side of the webhook tables (webhook-service.ts uses it). */
export interface WebhookStore {
  insertWebhook(webhook: StoredWebhook): Promise<void>;
  getWebhooks(ids: readonly string[]): Promise<(StoredWebhook | null)[]>;
  /** The owner's webhooks, by id (paging.ts: the page's window on ids, ascending). */
  listWebhooks(ownerDid: string, page: PageQuery<string>): Promise<StorePage<StoredWebhook>>;
  /**
   * Writes what an owner sets (url, description, filter, active, disabled*, secrets, updatedAt);
   * with `resume` (re-enabled) also zero failures and `nextAttemptAt`. False: there was none.
   */
  updateWebhook(webhook: StoredWebhook, resume?: boolean): Promise<boolean>;
  /** Deletes the webhook and its deliveries. False: there was none. */
  deleteWebhook(id: string): Promise<boolean>;
  /** A webhook's deliveries by their numeric id, i.e. oldest first (paging.ts; `last` for the newest). */
  listDeliveries(webhookId: string, page: PageQuery<number>): Promise<StorePage<WebhookDelivery>>;
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Sets the delivery pending again, due at `at`, and the webhook due no later than `at`. Null: unknown. */
  requeueDelivery(id: string, at: string): Promise<WebhookDelivery | null>;
}

/** A webhook claimed by one dispatcher: every write below holds only while its lease does. */
export interface ClaimedWebhook extends StoredWebhook {
  /** The claim's token: every write below matches only while the webhook still holds it. */
  lease: string;
  /** How long the lease lasts from each write (each renews it). */
  leaseMs: number;
}

/** What an attempt did to the delivery and the webhook. */
export interface AttemptRecord {
  attempt: WebhookAttempt;
  status: WebhookDeliveryStatus;
  /** The webhook's counters after the attempt. */
  consecutiveFailures: number;
  lastSuccessAt: string | null;
}

/**
 * The dispatcher's side of the webhook tables: leases, so that with N replicas each attempt is
 * made once, and a replica that dies mid-attempt loses nothing (its lease expires, another
 * replica claims the webhook and retries the delivery it left pending).
 */
export interface WebhookQueue {
  /**
   * Claims up to `limit` active webhooks with work due, for `leaseMs`: a retry or redelivery due
   * now, or (nothing scheduled) a cursor behind `head`, the log's newest sequence. Skips
   * webhooks another dispatcher holds.
   */
  claimDue(limit: number, leaseMs: number, head: number, at: string): Promise<ClaimedWebhook[]>;
  /** The webhook's first pending delivery (in event order), if any. */
  firstPending(webhookId: string): Promise<WebhookDelivery | null>;
  /** Opens a pending delivery for the event and moves the cursor to it, in one step. Null: the lease is lost. */
  openDelivery(claim: ClaimedWebhook, event: AgentStackEvent, at: string): Promise<WebhookDelivery | null>;
  /** Moves the cursor past events that do not concern the webhook. False: the lease is lost. */
  advanceCursor(claim: ClaimedWebhook, cursor: number): Promise<boolean>;
  /** Records an attempt on the delivery and the webhook, renewing the lease. False: the lease is lost. */
  recordAttempt(claim: ClaimedWebhook, deliveryId: string, record: AttemptRecord): Promise<boolean>;
  /** Marks a pending delivery skipped (its event is no longer visible to the owner). */
  skipDelivery(claim: ClaimedWebhook, deliveryId: string, at: string): Promise<boolean>;
  /** Disables the webhook with a reason and appends its WEBHOOK_DISABLED event, atomically. Null: the lease is lost. */
  disable(claim: ClaimedWebhook, draft: WebhookEventDraft): Promise<AgentStackEvent | null>;
  /** Ends the lease; the webhook is next due when its first pending delivery is (none: when an event arrives). */
  release(claim: ClaimedWebhook): Promise<void>;
  /** Whether any webhook is active (a dispatcher wants to hear of writes only then). */
  anyActive(): Promise<boolean>;
}

/** The public view of a stored webhook (no secrets, no scheduling). */
export function publicWebhook(webhook: StoredWebhook | ClaimedWebhook): Webhook {
  return {
    id: webhook.id,
    ownerDid: webhook.ownerDid,
    url: webhook.url,
    description: webhook.description,
    filter: webhook.filter,
    active: webhook.active,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    lastSuccessAt: webhook.lastSuccessAt,
    consecutiveFailures: webhook.consecutiveFailures,
    cursor: webhook.cursor,
  };
}
