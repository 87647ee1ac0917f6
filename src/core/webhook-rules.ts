import type { WebhookEventDraft } from './events.js';
import { publicWebhook, type StoredWebhook } from './webhooks.js';

/**
 * The rules of webhook delivery as data and pure functions: when to retry, what a response
 * means, which secrets sign, what identifies a message. The dispatcher (src/server/webhooks)
 * only does what these say.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface RetrySchedule {
  /** The delays before the 2nd, 3rd, … attempt; after the last one, `thenEveryMs`. */
  readonly delaysMs: readonly number[];
  readonly thenEveryMs: number;
  /** No attempt is scheduled later than this after the first one: the event is then given up on. */
  readonly giveUpAfterMs: number;
  /** Each delay is spread by ± this share, so endpoints that failed together are not retried together. */
  readonly jitter: number;
}

/** About 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, then every 12 h up to 3 days. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = Object.freeze({
  delaysMs: Object.freeze([5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR, 6 * HOUR]),
  thenEveryMs: 12 * HOUR,
  giveUpAfterMs: 72 * HOUR,
  jitter: 0.2,
});

/**
 * When the attempt after `attemptsMade` failed attempts is due, or null when the event is given
 * up on. `random` is in [0, 1) (injected: tests and replays control it).
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  attemptsMade: number,
  firstAttemptAt: Date,
  lastAttemptAt: Date,
  random: number,
): Date | null {
  const base = schedule.delaysMs[attemptsMade - 1] ?? schedule.thenEveryMs;
  const delay = Math.round(base * (1 + schedule.jitter * (2 * random - 1)));
  const due = lastAttemptAt.getTime() + delay;
  return due - firstAttemptAt.getTime() > schedule.giveUpAfterMs ? null : new Date(due);
}

/** What an attempt's result means for the delivery. */
export type AttemptOutcome = 'delivered' | 'gone' | 'retry';

/** 2xx: delivered; 410 Gone: the endpoint is gone for good (the webhook is disabled); anything else, or no response: retry. */
export function attemptOutcome(httpStatus: number | null): AttemptOutcome {
  if (httpStatus !== null && httpStatus >= 200 && httpStatus < 300) return 'delivered';
  if (httpStatus === 410) return 'gone';
  return 'retry';
}

/** Standard Webhooks' `webhook-id`: the same for every attempt of one event at one webhook, so receivers drop duplicates. */
export function webhookMessageId(webhookId: string, eventSequence: number): string {
  return `${eventSequence}.${webhookId}`;
}

/** How long a rotated-out secret still signs. */
export const PREVIOUS_SECRET_VALID_MS = 24 * HOUR;

/** The secrets that sign at `at`: the current one first, then the previous one while it is valid. */
export function signingSecrets(webhook: Pick<StoredWebhook, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, at: Date): string[] {
  const { previousSecret, previousSecretExpiresAt } = webhook;
  const previousValid = previousSecret !== null && previousSecretExpiresAt !== null && Date.parse(previousSecretExpiresAt) > at.getTime();
  return previousValid ? [webhook.secret, previousSecret] : [webhook.secret];
}

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes (Web Crypto). */
export function newWebhookSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `whsec_${btoa(binary)}`;
}

/** Why a webhook was disabled, as recorded in `disabledReason`. */
export const DISABLED_REASONS = Object.freeze({
  gone: (status: number) => `the endpoint answered ${status} Gone`,
  retriesExhausted: (sequence: number, attempts: number, lastError: string) =>
    `event ${sequence} was given up on after ${attempts} attempts (last: ${lastError})`,
});

/** The WEBHOOK_DISABLED event for a webhook the dispatcher disables. */
export function webhookDisabledDraft(webhook: StoredWebhook, reason: string, at: string): WebhookEventDraft {
  return {
    type: 'webhook.disabled',
    occurredAt: at,
    actorDid: null,
    actorApp: null,
    webhook: { ...publicWebhook(webhook), active: false, disabledAt: at, disabledReason: reason, updatedAt: at },
  };
}
