import { describe, expect, it } from 'vitest';
import {
  attemptOutcome,
  DEFAULT_RETRY_SCHEDULE,
  newWebhookSecret,
  nextAttemptAt,
  signingSecrets,
  webhookMessageId,
} from '../../src/core/webhook-rules.js';

const SECOND = 1_000;
const HOUR = 3_600 * SECOND;
const start = new Date('2026-12-01T00:00:00.000Z');

/** The whole schedule from a first attempt at `start`, each attempt made the moment it is due. */
function schedule(random: number): number[] {
  const delays: number[] = [];
  let last = start;
  for (let made = 1; ; made++) {
    const next = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, made, start, last, random);
    if (next === null) return delays;
    delays.push(next.getTime() - last.getTime());
    last = next;
  }
}

describe('webhook rules', () => {
  it('retries about 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, then every 12 h up to 3 days', () => {
    const delays = schedule(0.5); // no jitter in the middle of its range
    expect(delays.slice(0, 6)).toEqual([5 * SECOND, 30 * SECOND, 120 * SECOND, 600 * SECOND, HOUR, 6 * HOUR]);
    expect(delays.slice(6).every((delay) => delay === 12 * HOUR)).toBe(true);
    const total = delays.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeLessThanOrEqual(72 * HOUR);
    expect(total + 12 * HOUR).toBeGreaterThan(72 * HOUR);
    expect(delays).toHaveLength(11);
  });

  it('spreads each delay by at most ±20 % and never schedules past the limit', () => {
    const low = schedule(0);
    const high = schedule(0.999999);
    expect(low[0]).toBe(4 * SECOND);
    expect(high[0]).toBe(6 * SECOND);
    for (const delays of [low, high]) expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeLessThanOrEqual(72 * HOUR);
  });

  it('2xx delivers, 410 is gone, anything else (or no response) is retried', () => {
    expect([200, 201, 204, 299].map(attemptOutcome)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(attemptOutcome(410)).toBe('gone');
    expect([null, 199, 301, 302, 400, 404, 429, 500, 503].map(attemptOutcome).every((outcome) => outcome === 'retry')).toBe(true);
  });

  it('signs with the previous secret too until it expires', () => {
    const webhook = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: '2026-12-02T00:00:00.000Z' };
    expect(signingSecrets(webhook, new Date('2026-12-01T23:59:59.999Z'))).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(webhook, new Date('2026-12-02T00:00:00.000Z'))).toEqual(['whsec_new']);
    expect(signingSecrets({ ...webhook, previousSecret: null, previousSecretExpiresAt: null }, start)).toEqual(['whsec_new']);
  });

  it('names a message by event and webhook, and makes secrets of 32 random bytes', () => {
    expect(webhookMessageId('webhook_1', 4711)).toBe('4711.webhook_1');
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
