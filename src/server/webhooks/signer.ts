import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), through the reference library,
 * so any receiver's Standard Webhooks library verifies what we send.
 */

// Secrets are made by the core (webhook-rules.ts, newWebhookSecret): `whsec_` + base64 of 32 random bytes.

export type SignatureHeaders = Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>;

/**
 * The three headers of one message. With several secrets (the current one first, then one
 * rotated out but still valid), the signature header carries one `v1,<base64>` per secret,
 * space-separated, as the specification allows: a receiver holding either secret verifies.
 * `messageId` must stay the same across retries of the same message (receivers deduplicate on it).
 */
export function signatureHeaders(input: {
  messageId: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): SignatureHeaders {
  const { messageId, timestamp, body, secrets } = input;
  if (secrets.length === 0) throw new Error('signatureHeaders needs at least one secret');
  return {
    'webhook-id': messageId,
    // Whole seconds, as the library signs them (it floors the Date).
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' '),
  };
}
